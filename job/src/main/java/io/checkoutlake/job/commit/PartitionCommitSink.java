package io.checkoutlake.job.commit;

import io.checkoutlake.functions.model.Entity;
import io.checkoutlake.job.commit.PartitionFileEvent.Kind;
import io.checkoutlake.job.topology.Uids;
import java.io.IOException;
import java.util.Collection;
import org.apache.flink.api.common.SupportsConcurrentExecutionAttempts;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.sink.FileSinkCommittable;
import org.apache.flink.connector.file.sink.writer.FileWriterBucketState;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.CommittableWithLineage;
import org.apache.flink.streaming.api.connector.sink2.SupportsPostCommitTopology;
import org.apache.flink.streaming.api.connector.sink2.SupportsPreCommitTopology;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.util.Collector;

/**
 * A table's {@link FileSink} with the watermark-driven partition commit behind it. Writer,
 * committer, their state and serializers, and the compaction topology are the FileSink's own
 * (delegated), so the writer and committer keep their uids and savepoint state. Two topologies are
 * added around the committer:
 *
 * <ul>
 *   <li>before it, {@link #writtenFiles} reports each pending file the writers hand over at a
 *       checkpoint;
 *   <li>after it (Flink's post-commit topology, fed by the committer once it has committed), {@link
 *       #committedFiles} reports what became visible;
 * </ul>
 *
 * and both go to one {@link PartitionCommitOperator}. Knowing the written files is what lets the
 * commit wait for files still held by compaction, which the committer has not seen yet.
 */
public final class PartitionCommitSink<IN>
        implements Sink<IN>,
                SupportsWriterState<IN, FileWriterBucketState>,
                SupportsWriterState.WithCompatibleState,
                SupportsCommitter<FileSinkCommittable>,
                SupportsPreCommitTopology<FileSinkCommittable, FileSinkCommittable>,
                SupportsPostCommitTopology<FileSinkCommittable>,
                SupportsConcurrentExecutionAttempts {
    private static final long serialVersionUID = 1L;

    private final FileSink<IN> files;
    private final PartitionCommitSettings settings;
    private final Entity table;

    /** Built in addPreCommitTopology, consumed in addPostCommitTopology of the same expansion. */
    private transient DataStream<PartitionFileEvent> written;

    public PartitionCommitSink(FileSink<IN> files, PartitionCommitSettings settings, Entity table) {
        this.files = files;
        this.settings = settings;
        this.table = table;
    }

    /** The table's FileSink this wraps: what writes and commits the files. */
    public FileSink<IN> fileSink() {
        return files;
    }

    @Override
    @SuppressWarnings("deprecation")
    public SinkWriter<IN> createWriter(InitContext context) throws IOException {
        return files.createWriter(context);
    }

    @Override
    public SinkWriter<IN> createWriter(WriterInitContext context) throws IOException {
        return files.createWriter(context);
    }

    @Override
    public StatefulSinkWriter<IN, FileWriterBucketState> restoreWriter(
            WriterInitContext context, Collection<FileWriterBucketState> recoveredState)
            throws IOException {
        return files.restoreWriter(context, recoveredState);
    }

    @Override
    public SimpleVersionedSerializer<FileWriterBucketState> getWriterStateSerializer() {
        return files.getWriterStateSerializer();
    }

    @Override
    public Collection<String> getCompatibleWriterStateNames() {
        return files.getCompatibleWriterStateNames();
    }

    @Override
    public Committer<FileSinkCommittable> createCommitter(CommitterInitContext context)
            throws IOException {
        return files.createCommitter(context);
    }

    @Override
    public SimpleVersionedSerializer<FileSinkCommittable> getCommittableSerializer() {
        return files.getCommittableSerializer();
    }

    @Override
    public SimpleVersionedSerializer<FileSinkCommittable> getWriteResultSerializer() {
        return files.getWriteResultSerializer();
    }

    @Override
    public DataStream<CommittableMessage<FileSinkCommittable>> addPreCommitTopology(
            DataStream<CommittableMessage<FileSinkCommittable>> committables) {
        written =
                committables
                        .<PartitionFileEvent>flatMap(PartitionCommitSink::writtenFiles)
                        .returns(eventType())
                        .uid(Uids.partitionFilesWritten(table))
                        .name(Uids.partitionFilesWritten(table));
        return files.addPreCommitTopology(committables);
    }

    @Override
    public void addPostCommitTopology(
            DataStream<CommittableMessage<FileSinkCommittable>> committed) {
        if (written == null) {
            throw new IllegalStateException("the pre-commit topology was not added first");
        }
        committed
                .<PartitionFileEvent>flatMap(PartitionCommitSink::committedFiles)
                .returns(eventType())
                .uid(Uids.partitionFilesCommitted(table))
                .name(Uids.partitionFilesCommitted(table))
                .union(written)
                .transform(
                        Uids.partitionCommit(table),
                        Types.VOID,
                        new PartitionCommitOperator(settings))
                .uid(Uids.partitionCommit(table))
                .setParallelism(1)
                .setMaxParallelism(1);
        written = null;
    }

    private static TypeInformation<PartitionFileEvent> eventType() {
        return TypeInformation.of(PartitionFileEvent.class);
    }

    /**
     * The pending files the writers hand over at a checkpoint, not visible yet. Right after the
     * writers, so for every checkpoint these events reach the partition commit before that
     * checkpoint's barrier does.
     */
    private static void writtenFiles(
            CommittableMessage<FileSinkCommittable> message, Collector<PartitionFileEvent> out) {
        FileSinkCommittable c = committable(message);
        if (c != null && c.hasPendingFile() && c.getPendingFile().getPath() != null) {
            out.collect(
                    new PartitionFileEvent(
                            Kind.WRITTEN,
                            c.getBucketId(),
                            c.getPendingFile().getPath().toString()));
        }
    }

    /**
     * What the committer reports downstream after each successful commit: visible files, and the
     * compaction inputs it removed because their merged file is now visible.
     */
    private static void committedFiles(
            CommittableMessage<FileSinkCommittable> message, Collector<PartitionFileEvent> out) {
        FileSinkCommittable c = committable(message);
        if (c != null && c.hasPendingFile()) {
            Path path = c.getPendingFile().getPath();
            out.collect(
                    new PartitionFileEvent(
                            Kind.COMMITTED,
                            c.getBucketId(),
                            path == null ? null : path.toString()));
        }
        if (c != null && c.hasCompactedFileToCleanup()) {
            out.collect(
                    new PartitionFileEvent(
                            Kind.COMPACTED,
                            c.getBucketId(),
                            c.getCompactedFileToCleanup().toString()));
        }
    }

    /** Null for a committer's summary, which names no file. */
    private static FileSinkCommittable committable(
            CommittableMessage<FileSinkCommittable> message) {
        return message instanceof CommittableWithLineage
                ? ((CommittableWithLineage<FileSinkCommittable>) message).getCommittable()
                : null;
    }
}
