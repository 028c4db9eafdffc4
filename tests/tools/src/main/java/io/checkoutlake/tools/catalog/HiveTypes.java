package io.checkoutlake.tools.catalog;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.stream.Collectors;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * The Hive type (as the Glue Data Catalog and Athena spell it) of an Avro schema, as parquet-avro
 * writes it: {@code long} is {@code bigint}, both timestamp logical types are {@code timestamp}, a
 * record is a {@code struct<name:type,...>} with lower-case field names. Optional fields ({@code
 * ["null", T]}) have the type of {@code T}: every Hive column is nullable.
 */
public final class HiveTypes {
    private HiveTypes() {}

    public static String of(Schema schema) {
        return of(schema, new ArrayDeque<>());
    }

    /** Hive folds identifiers to lower case; writing them so keeps the catalog and files equal. */
    public static String nameOf(String avroName) {
        return avroName.toLowerCase(Locale.ROOT);
    }

    private static String of(Schema schema, Deque<String> enclosingRecords) {
        switch (schema.getType()) {
            case UNION:
                return of(nonNullBranch(schema), enclosingRecords);
            case STRING:
            case ENUM:
                return "string";
            case BOOLEAN:
                return "boolean";
            case INT:
                return isLogical(schema, "date") ? "date" : "int";
            case LONG:
                return isTimestamp(schema) ? "timestamp" : "bigint";
            case FLOAT:
                return "float";
            case DOUBLE:
                return "double";
            case BYTES:
            case FIXED:
                return decimalOrBinary(schema);
            case ARRAY:
                return "array<" + of(schema.getElementType(), enclosingRecords) + ">";
            case MAP:
                return "map<string," + of(schema.getValueType(), enclosingRecords) + ">";
            case RECORD:
                return structOf(schema, enclosingRecords);
            default:
                throw new IllegalArgumentException(
                        "Avro type " + schema.getType() + " has no Hive column type");
        }
    }

    private static String structOf(Schema record, Deque<String> enclosingRecords) {
        if (enclosingRecords.contains(record.getFullName())) {
            // Hive types are finite trees; a recursive record cannot be a column.
            throw new IllegalArgumentException(
                    "record " + record.getFullName() + " contains itself: no Hive type");
        }
        enclosingRecords.push(record.getFullName());
        StringJoiner fields = new StringJoiner(",", "struct<", ">");
        for (Schema.Field field : record.getFields()) {
            fields.add(nameOf(field.name()) + ":" + of(field.schema(), enclosingRecords));
        }
        enclosingRecords.pop();
        return fields.toString();
    }

    private static Schema nonNullBranch(Schema union) {
        List<Schema> branches =
                union.getTypes().stream()
                        .filter(branch -> branch.getType() != Schema.Type.NULL)
                        .collect(Collectors.toList());
        if (branches.size() != 1) {
            throw new IllegalArgumentException(
                    "union " + union + " is not [null, T]: Hive columns have one type");
        }
        return branches.get(0);
    }

    private static boolean isTimestamp(Schema schema) {
        return isLogical(schema, "timestamp-millis")
                || isLogical(schema, "timestamp-micros")
                || isLogical(schema, "local-timestamp-millis")
                || isLogical(schema, "local-timestamp-micros");
    }

    private static boolean isLogical(Schema schema, String name) {
        LogicalType logicalType = schema.getLogicalType();
        return logicalType != null && logicalType.getName().equals(name);
    }

    private static String decimalOrBinary(Schema schema) {
        if (schema.getLogicalType() instanceof LogicalTypes.Decimal) {
            LogicalTypes.Decimal decimal = (LogicalTypes.Decimal) schema.getLogicalType();
            return "decimal(" + decimal.getPrecision() + "," + decimal.getScale() + ")";
        }
        return "binary";
    }
}
