package io.checkoutlake.job.commit;

import io.checkoutlake.functions.model.Entity;
import io.checkoutlake.functions.schema.LakeSchemas;
import io.checkoutlake.job.sink.LakeParquetWriters;
import io.checkoutlake.job.sink.ParquetCompression;
import io.checkoutlake.job.sink.ParquetSettings;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;

/** Writes small checkout Parquet files as the job's sink does, for the commit tests. */
final class LakeFiles {
    private LakeFiles() {}

    /** A file of one row per event time (epoch micros). */
    static void write(Path file, long... eventTimesMicros) throws IOException {
        Schema schema = LakeSchemas.of(Entity.CHECKOUT);
        FileSystem fs = FileSystem.getLocalFileSystem();
        try (FSDataOutputStream out =
                fs.create(
                        new org.apache.flink.core.fs.Path(file.toUri()),
                        FileSystem.WriteMode.OVERWRITE)) {
            BulkWriter<GenericRecord> writer =
                    LakeParquetWriters.forSchema(
                                    schema, new ParquetSettings(ParquetCompression.ZSTD, false))
                            .create(out);
            for (long t : eventTimesMicros) {
                GenericRecord row = new GenericData.Record(schema);
                row.put(LakeSchemas.EVENT_TIME, t);
                row.put(LakeSchemas.SOURCE_FILE, "file:///raw/" + t);
                row.put(LakeSchemas.PROCESSED_AT, t);
                writer.addElement(row);
            }
            writer.finish();
        }
    }
}
