package io.checkoutlake.job.sink;

import io.checkoutlake.job.commit.ParquetRowReader;
import java.io.Serializable;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.connector.file.sink.compactor.FileCompactStrategy;
import org.apache.flink.connector.file.sink.compactor.RecordWiseFileCompactor;

/**
 * How the FileSink merges a partition's pending part files before they become visible: as soon as
 * they add up to {@code targetBytes}, and after {@code maxCheckpoints} checkpoints whatever their
 * size, so that rows of a partition that stopped receiving data are not held back forever.
 */
public class LakeCompaction implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long targetBytes;
    private final int maxCheckpoints;

    public LakeCompaction(long targetBytes, int maxCheckpoints) {
        if (targetBytes <= 0 || maxCheckpoints < 1) {
            throw new IllegalArgumentException(
                    "compaction needs a positive target size and at least one checkpoint");
        }
        this.targetBytes = targetBytes;
        this.maxCheckpoints = maxCheckpoints;
    }

    public FileCompactStrategy strategy() {
        return FileCompactStrategy.Builder.newBuilder()
                .setSizeThreshold(targetBytes)
                .enableCompactionOnCheckpoint(maxCheckpoints)
                // Compaction reads and writes whole files: one thread per subtask keeps it off
                // the cores the pipeline needs.
                .setNumCompactThreads(1)
                .build();
    }

    /** Reads a file to compact back into rows of {@code schema}. */
    public RecordWiseFileCompactor.Reader.Factory<GenericRecord> readerFactory(Schema schema) {
        return new ParquetRowReader.Factory(schema);
    }
}
