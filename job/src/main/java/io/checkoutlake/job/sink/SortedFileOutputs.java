package io.checkoutlake.job.sink;

import io.checkoutlake.functions.model.DeadLetter;
import io.checkoutlake.functions.model.Entity;
import io.checkoutlake.functions.partition.EventTimeBucketAssigner;
import io.checkoutlake.functions.schema.LakeSchemas;
import io.checkoutlake.job.topology.Uids;
import java.io.Serializable;
import java.net.URI;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The backfill's outputs: rows and dead letters keyed by (raw folder, partition) and written by
 * {@link SortedPartitionWriter}, one file per key with a deterministic name. Batch execution sorts
 * each writer's input by key, which keeps one file open per writer subtask however many partitions
 * the history spans; the sort spills to the task managers' local disks, not to the heap.
 */
public final class SortedFileOutputs implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String LAKE = "lake";
    public static final String DEADLETTER = "deadletter";

    private final String sourceRoot;
    private final String lakeRoot;
    private final String deadLetterRoot;
    private final String partitionPattern;
    private final ParquetSettings parquet;

    public SortedFileOutputs(
            String sourceRoot,
            URI lakePath,
            URI deadLetterPath,
            String partitionPattern,
            ParquetSettings parquet) {
        EventTimeBucketAssigner.compile(partitionPattern);
        this.sourceRoot = sourceRoot;
        this.lakeRoot = lakePath.toString();
        this.deadLetterRoot = deadLetterPath.toString();
        this.partitionPattern = partitionPattern;
        this.parquet = parquet;
    }

    public void writeTable(DataStream<GenericRecord> rows, Entity entity) {
        String root = sourceRoot;
        String pattern = partitionPattern;
        String table = entity.table();
        KeySelector<GenericRecord, String> key =
                new KeySelector<GenericRecord, String>() {
                    private transient EventTimeBucketAssigner buckets;

                    @Override
                    public String getKey(GenericRecord row) {
                        if (buckets == null) {
                            buckets = new EventTimeBucketAssigner(pattern);
                        }
                        return OutputFileKey.of(
                                root,
                                row.get("_source_file").toString(),
                                table + "/" + buckets.getBucketId(row, null));
                    }
                };
        rows.keyBy(key, Types.STRING)
                .transform(
                        table + "-backfill-writer",
                        Types.VOID,
                        new SortedPartitionWriter<>(
                                LAKE,
                                lakeRoot,
                                LakeParquetWriters.forSchema(LakeSchemas.of(entity), parquet),
                                parquet.fileSuffix()))
                .uid(Uids.backfillWriter(entity))
                .name(table + "-backfill-writer");
    }

    public void writeDeadLetters(DataStream<DeadLetter> deadLetters) {
        String root = sourceRoot;
        KeySelector<DeadLetter, String> key =
                d -> OutputFileKey.of(root, d.sourceFile, "reason=" + d.reason);
        deadLetters
                .keyBy(key, Types.STRING)
                .transform(
                        "deadletter-backfill-writer",
                        Types.VOID,
                        new SortedPartitionWriter<>(
                                DEADLETTER, deadLetterRoot, new JsonLines(), ".jsonl"))
                .uid(Uids.DEADLETTER_BACKFILL_WRITER)
                .name("deadletter-backfill-writer");
    }

    /** Dead letters as JSON lines, through the stream sink's encoder. */
    private static final class JsonLines implements BulkWriter.Factory<DeadLetter> {
        private static final long serialVersionUID = 1L;

        @Override
        public BulkWriter<DeadLetter> create(FSDataOutputStream out) {
            DeadLetterEncoder encoder = new DeadLetterEncoder();
            return new BulkWriter<DeadLetter>() {
                @Override
                public void addElement(DeadLetter element) throws java.io.IOException {
                    encoder.encode(element, out);
                }

                @Override
                public void flush() throws java.io.IOException {
                    out.flush();
                }

                @Override
                public void finish() throws java.io.IOException {
                    out.flush();
                }
            };
        }
    }
}
