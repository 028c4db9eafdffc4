package io.checkoutlake.job.sink;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.formats.parquet.ParquetBuilder;
import org.apache.flink.formats.parquet.ParquetWriterFactory;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroWriteSupport;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.OutputFile;

/**
 * Parquet writers for lake rows: the entity's Avro schema, the configured codec and dictionary
 * encoding, and the standard three-level list layout (Athena, Spark and DuckDB read it; the legacy
 * two-level one cannot hold null elements).
 */
public final class LakeParquetWriters {
    /** Smaller than Parquet's 128 MB default: every open partition buffers one row group. */
    static final long ROW_GROUP_BYTES = 32L * 1024 * 1024;

    private LakeParquetWriters() {}

    public static ParquetWriterFactory<GenericRecord> forSchema(
            Schema schema, ParquetSettings settings) {
        String schemaJson = schema.toString();
        ParquetBuilder<GenericRecord> builder =
                out -> {
                    Configuration conf = new Configuration(false);
                    conf.setBoolean(AvroWriteSupport.WRITE_OLD_LIST_STRUCTURE, false);
                    return new Builder(out, new Schema.Parser().parse(schemaJson))
                            .withConf(conf)
                            .withCompressionCodec(settings.compression().codec())
                            .withDictionaryEncoding(settings.dictionaryEncoding())
                            .withRowGroupSize(ROW_GROUP_BYTES)
                            .build();
                };
        return new ParquetWriterFactory<>(builder);
    }

    /** parquet-avro's writer over {@link LakeParquetSchema}'s Parquet schema. */
    private static final class Builder extends ParquetWriter.Builder<GenericRecord, Builder> {
        private final Schema schema;

        Builder(OutputFile out, Schema schema) {
            super(out);
            this.schema = schema;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<GenericRecord> getWriteSupport(Configuration conf) {
            return new AvroWriteSupport<>(
                    LakeParquetSchema.of(schema, conf), schema, GenericData.get());
        }
    }
}
