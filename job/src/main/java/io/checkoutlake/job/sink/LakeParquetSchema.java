package io.checkoutlake.job.sink;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * The Parquet schema of a table's Avro schema: parquet-avro's conversion, plus the annotation it
 * (1.13) leaves out. A {@code local-timestamp-micros} (or {@code -millis}) long becomes {@code
 * TIMESTAMP(MICROS, isAdjustedToUTC=false)}, a wall-clock time without zone; parquet-avro writes it
 * as a bare INT64, which no engine reads as the Glue table's {@code timestamp} (Spark: "Expected:
 * timestamp, Found: INT64"; Trino: "Unsupported Trino column type").
 */
public final class LakeParquetSchema {
    private LakeParquetSchema() {}

    public static MessageType of(Schema avro, Configuration conf) {
        MessageType converted = new AvroSchemaConverter(conf).convert(avro);
        return new MessageType(converted.getName(), fields(avro, converted));
    }

    private static List<Type> fields(Schema record, GroupType group) {
        return record.getFields().stream()
                .map(field -> annotated(field.schema(), group.getType(field.name())))
                .collect(Collectors.toList());
    }

    private static Type annotated(Schema avro, Type parquet) {
        Schema schema = withoutNull(avro);
        switch (schema.getType()) {
            case RECORD:
                return parquet.asGroupType().withNewFields(fields(schema, parquet.asGroupType()));
            case ARRAY:
                {
                    // LIST group > repeated group > element (parquet-avro's three-level layout).
                    GroupType list = parquet.asGroupType();
                    GroupType repeated = list.getType(0).asGroupType();
                    if (repeated.getFieldCount() != 1) {
                        return parquet;
                    }
                    return list.withNewFields(
                            repeated.withNewFields(
                                    annotated(schema.getElementType(), repeated.getType(0))));
                }
            case MAP:
                {
                    GroupType map = parquet.asGroupType();
                    GroupType keyValue = map.getType(0).asGroupType();
                    return map.withNewFields(
                            keyValue.withNewFields(
                                    keyValue.getType(0),
                                    annotated(schema.getValueType(), keyValue.getType(1))));
                }
            case LONG:
                return localTimestamp(schema.getLogicalType(), parquet);
            default:
                return parquet;
        }
    }

    private static Type localTimestamp(LogicalType logicalType, Type parquet) {
        TimeUnit unit;
        if (logicalType instanceof LogicalTypes.LocalTimestampMicros) {
            unit = TimeUnit.MICROS;
        } else if (logicalType instanceof LogicalTypes.LocalTimestampMillis) {
            unit = TimeUnit.MILLIS;
        } else {
            return parquet;
        }
        return Types.primitive(PrimitiveTypeName.INT64, parquet.getRepetition())
                .as(LogicalTypeAnnotation.timestampType(false, unit))
                .named(parquet.getName());
    }

    /** {@code ["null", T]} is {@code T}; other unions keep parquet-avro's own layout. */
    private static Schema withoutNull(Schema schema) {
        if (schema.getType() != Schema.Type.UNION) {
            return schema;
        }
        List<Schema> branches =
                schema.getTypes().stream()
                        .filter(b -> b.getType() != Schema.Type.NULL)
                        .collect(Collectors.toList());
        return branches.size() == 1 ? branches.get(0) : schema;
    }
}
