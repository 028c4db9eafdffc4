package io.checkoutlake.job.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.checkoutlake.functions.model.Entity;
import io.checkoutlake.functions.schema.LakeSchemas;
import io.checkoutlake.job.commit.ParquetRowReader;
import java.nio.file.Path;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.connector.file.sink.compactor.RecordWiseFileCompactor;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakeParquetWritersTest {
    private static final LogicalTypeAnnotation LOCAL_MICROS =
            LogicalTypeAnnotation.timestampType(false, TimeUnit.MICROS);
    private static final LogicalTypeAnnotation UTC_MICROS =
            LogicalTypeAnnotation.timestampType(true, TimeUnit.MICROS);

    @TempDir Path dir;

    @Test
    void storeLocalTimesAreTimestampsNotAdjustedToUtcAndReadBackForCompaction() throws Exception {
        Schema schema = LakeSchemas.of(Entity.CHECKOUT);
        long local = 1_626_190_405_302_944L; // 2021-07-13T15:33:25.302944, the store's clock
        GenericRecord row = new GenericData.Record(schema);
        row.put("time_zone_creation_date", local);
        row.put("creation_date", local + 3 * 3_600_000_000L);
        row.put(LakeSchemas.EVENT_TIME, local);
        row.put(LakeSchemas.SOURCE_FILE, "file:///raw/1");
        row.put(LakeSchemas.PROCESSED_AT, local);
        Path file = dir.resolve("part.parquet");
        write(schema, file, row);

        MessageType written = footerSchema(file);
        assertThat(written.getType("time_zone_creation_date").getLogicalTypeAnnotation())
                .isEqualTo(LOCAL_MICROS);
        assertThat(written.getType("time_zone_last_change").getLogicalTypeAnnotation())
                .isEqualTo(LOCAL_MICROS);
        assertThat(written.getType("creation_date").getLogicalTypeAnnotation())
                .isEqualTo(UTC_MICROS);
        assertThat(written.getType(LakeSchemas.EVENT_TIME).getLogicalTypeAnnotation())
                .isEqualTo(UTC_MICROS);

        RecordWiseFileCompactor.Reader<GenericRecord> reader =
                new ParquetRowReader.Factory(schema)
                        .createFor(new org.apache.flink.core.fs.Path(file.toUri()));
        GenericRecord back = reader.read();
        reader.close();
        assertThat(back.get("time_zone_creation_date")).isEqualTo(local);
        assertThat(back.get("creation_date")).isEqualTo(local + 3 * 3_600_000_000L);
    }

    @Test
    void localTimestampsAreAnnotatedInsideListsMapsAndRecords() {
        Schema local =
                LogicalTypes.localTimestampMicros().addToSchema(Schema.create(Schema.Type.LONG));
        Schema inner =
                SchemaBuilder.record("inner")
                        .fields()
                        .name("at")
                        .type(local)
                        .noDefault()
                        .endRecord();
        Schema outer =
                SchemaBuilder.record("outer")
                        .fields()
                        .name("list")
                        .type()
                        .optional()
                        .array()
                        .items(inner)
                        .name("map")
                        .type()
                        .optional()
                        .map()
                        .values(local)
                        .name("nested")
                        .type()
                        .optional()
                        .type(inner)
                        .endRecord();
        Configuration conf = new Configuration(false);
        conf.setBoolean("parquet.avro.write-old-list-structure", false);
        MessageType parquet = LakeParquetSchema.of(outer, conf);

        assertThat(
                        parquet.getType("list")
                                .asGroupType()
                                .getType(0)
                                .asGroupType()
                                .getType(0)
                                .asGroupType()
                                .getType("at")
                                .getLogicalTypeAnnotation())
                .isEqualTo(LOCAL_MICROS);
        assertThat(
                        parquet.getType("map")
                                .asGroupType()
                                .getType(0)
                                .asGroupType()
                                .getType(1)
                                .getLogicalTypeAnnotation())
                .isEqualTo(LOCAL_MICROS);
        assertThat(parquet.getType("nested").asGroupType().getType("at").getLogicalTypeAnnotation())
                .isEqualTo(LOCAL_MICROS);
    }

    private static void write(Schema schema, Path file, GenericRecord row) throws Exception {
        try (FSDataOutputStream out =
                FileSystem.getLocalFileSystem()
                        .create(
                                new org.apache.flink.core.fs.Path(file.toUri()),
                                FileSystem.WriteMode.OVERWRITE)) {
            BulkWriter<GenericRecord> writer =
                    LakeParquetWriters.forSchema(
                                    schema, new ParquetSettings(ParquetCompression.ZSTD, false))
                            .create(out);
            writer.addElement(row);
            writer.finish();
        }
    }

    private static MessageType footerSchema(Path file) throws Exception {
        try (ParquetFileReader reader =
                ParquetFileReader.open(
                        HadoopInputFile.fromPath(
                                new org.apache.hadoop.fs.Path(file.toUri()),
                                new Configuration(false)))) {
            return reader.getFooter().getFileMetaData().getSchema();
        }
    }
}
