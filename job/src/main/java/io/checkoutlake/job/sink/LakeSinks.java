package io.checkoutlake.job.sink;

import io.checkoutlake.functions.model.DeadLetter;
import io.checkoutlake.functions.model.Entity;
import io.checkoutlake.functions.partition.EventTimeBucketAssigner;
import io.checkoutlake.functions.schema.LakeSchemas;
import io.checkoutlake.job.commit.PartitionCommitSettings;
import io.checkoutlake.job.commit.PartitionCommitSink;
import java.net.URI;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.sink.compactor.RecordWiseFileCompactor;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;

/**
 * The job's outputs: in stream mode a Sink per lake table and one for the dead letters; in backfill
 * the {@link SortedFileOutputs}, deterministic files written from input sorted by partition.
 */
public final class LakeSinks {
    private final Map<Entity, Sink<GenericRecord>> tables;
    private final Sink<DeadLetter> deadLetters;
    private final SortedFileOutputs sorted;

    public LakeSinks(Map<Entity, Sink<GenericRecord>> tables, Sink<DeadLetter> deadLetters) {
        for (Entity e : Entity.values()) {
            Objects.requireNonNull(tables.get(e), "no sink for table " + e.table());
        }
        this.tables = Collections.unmodifiableMap(new EnumMap<>(tables));
        this.deadLetters = Objects.requireNonNull(deadLetters, "no dead-letter sink");
        this.sorted = null;
    }

    private LakeSinks(SortedFileOutputs sorted) {
        this.tables = Collections.emptyMap();
        this.deadLetters = null;
        this.sorted = Objects.requireNonNull(sorted, "sorted");
    }

    /** The backfill's outputs (batch execution only: they rely on input sorted by key). */
    public static LakeSinks sorted(SortedFileOutputs outputs) {
        return new LakeSinks(outputs);
    }

    /** Present for the backfill's sorted outputs; then there are no Sinks. */
    public java.util.Optional<SortedFileOutputs> sortedOutputs() {
        return java.util.Optional.ofNullable(sorted);
    }

    /**
     * Exactly-once FileSinks: Parquet under {@code <lake>/<table>/<partition>/}, JSON lines under
     * {@code <deadletter>/reason=<code>/}. Files become visible when a checkpoint commits them (in
     * backfill, at the end of input); until then they are hidden in-progress files. Every table in
     * {@code partitionCommits} has the watermark-driven partition commit behind its FileSink; with
     * {@code compaction} (null: none) each table's pending files are merged before they become
     * visible.
     */
    public static LakeSinks files(
            URI lakePath,
            URI deadLetterPath,
            String partitionPattern,
            ParquetSettings parquet,
            long maxPartBytes,
            Map<Entity, PartitionCommitSettings> partitionCommits,
            LakeCompaction compaction) {
        EventTimeBucketAssigner.compile(partitionPattern);
        Map<Entity, Sink<GenericRecord>> tables = new EnumMap<>(Entity.class);
        for (Entity e : Entity.values()) {
            FileSink.DefaultBulkFormatBuilder<GenericRecord> table =
                    FileSink.forBulkFormat(
                                    new Path(new Path(lakePath), e.table()),
                                    LakeParquetWriters.forSchema(LakeSchemas.of(e), parquet))
                            .withBucketAssigner(new EventTimeBucketAssigner(partitionPattern))
                            .withRollingPolicy(new PartSizeRollingPolicy<>(maxPartBytes))
                            .withOutputFileConfig(
                                    OutputFileConfig.builder()
                                            .withPartPrefix("part")
                                            .withPartSuffix(parquet.fileSuffix())
                                            .build());
            if (compaction != null) {
                table.enableCompact(
                        compaction.strategy(),
                        new RecordWiseFileCompactor<>(compaction.readerFactory(LakeSchemas.of(e))));
            }
            PartitionCommitSettings commit = partitionCommits.get(e);
            tables.put(
                    e,
                    commit == null
                            ? table.build()
                            : new PartitionCommitSink<>(table.build(), commit, e));
        }
        Sink<DeadLetter> deadLetters =
                FileSink.forRowFormat(new Path(deadLetterPath), new DeadLetterEncoder())
                        .withBucketAssigner(new DeadLetterBucketAssigner())
                        .withRollingPolicy(OnCheckpointRollingPolicy.build())
                        .withOutputFileConfig(
                                OutputFileConfig.builder()
                                        .withPartPrefix("deadletters")
                                        .withPartSuffix(".jsonl")
                                        .build())
                        .build();
        return new LakeSinks(tables, deadLetters);
    }

    public Sink<GenericRecord> table(Entity entity) {
        checkSinks();
        return tables.get(entity);
    }

    public Sink<DeadLetter> deadLetters() {
        checkSinks();
        return deadLetters;
    }

    private void checkSinks() {
        if (sorted != null) {
            throw new IllegalStateException("the backfill's sorted outputs are not Sinks");
        }
    }
}
