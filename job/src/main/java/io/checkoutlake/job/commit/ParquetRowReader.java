package io.checkoutlake.job.commit;

import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.connector.file.sink.compactor.RecordWiseFileCompactor;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.formats.parquet.ParquetInputFile;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroReadSupport;
import org.apache.parquet.hadoop.ParquetReader;

/**
 * Reads the rows of a lake Parquet file back as the table's Avro records, for compaction: the
 * merged file is written by the table's own Parquet writer, so it has the same schema, codec and
 * list layout as every other file. Reads through Flink's file systems ({@code s3a://} too).
 */
public final class ParquetRowReader implements RecordWiseFileCompactor.Reader<GenericRecord> {
    private final FSDataInputStream in;
    private final ParquetReader<GenericRecord> reader;

    private ParquetRowReader(FSDataInputStream in, ParquetReader<GenericRecord> reader) {
        this.in = in;
        this.reader = reader;
    }

    @Override
    public GenericRecord read() throws IOException {
        return reader.read();
    }

    @Override
    public void close() throws IOException {
        try {
            reader.close();
        } finally {
            in.close();
        }
    }

    /** A factory for one table's schema, shipped with the sink. */
    public static final class Factory
            implements RecordWiseFileCompactor.Reader.Factory<GenericRecord> {
        private static final long serialVersionUID = 1L;

        private final String schemaJson;

        public Factory(Schema schema) {
            this.schemaJson = schema.toString();
        }

        @Override
        public RecordWiseFileCompactor.Reader<GenericRecord> createFor(Path path)
                throws IOException {
            FileSystem fs = path.getFileSystem();
            long length = fs.getFileStatus(path).getLen();
            FSDataInputStream in = fs.open(path);
            try {
                Configuration conf = new Configuration(false);
                // The table's schema, not one inferred from the file: same logical types.
                AvroReadSupport.setAvroReadSchema(conf, new Schema.Parser().parse(schemaJson));
                ParquetReader<GenericRecord> reader =
                        AvroParquetReader.<GenericRecord>builder(new ParquetInputFile(in, length))
                                .withDataModel(GenericData.get())
                                .withConf(conf)
                                .build();
                return new ParquetRowReader(in, reader);
            } catch (IOException | RuntimeException e) {
                in.close();
                throw e;
            }
        }
    }
}
