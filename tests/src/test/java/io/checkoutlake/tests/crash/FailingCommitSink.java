package io.checkoutlake.tests.crash;

import io.checkoutlake.functions.model.DeadLetter;
import io.checkoutlake.functions.model.Entity;
import io.checkoutlake.job.commit.PartitionCommitSink;
import io.checkoutlake.job.sink.LakeSinks;
import io.checkoutlake.tests.crash.CrashPoints.Point;
import io.checkoutlake.tests.crash.CrashPoints.Site;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.sink.FileSinkCommittable;
import org.apache.flink.connector.file.sink.writer.FileWriterBucketState;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A Sink V2 that is the real {@link FileSink}, with {@link CrashPoints} in its writer (a
 * pass-through of every record, and its prepareCommit at checkpoints) and in its committer (which
 * fails once before, half-way through or after delegating {@code commit}). Writer state and
 * committables are the FileSink's own, with its serializers, so a restore is the FileSink's
 * restore.
 */
public final class FailingCommitSink<IN>
        implements Sink<IN>,
                SupportsWriterState<IN, FileWriterBucketState>,
                SupportsCommitter<FileSinkCommittable> {
    private static final long serialVersionUID = 1L;

    private final FileSink<IN> delegate;

    public FailingCommitSink(FileSink<IN> delegate) {
        this.delegate = delegate;
    }

    /**
     * The job's sinks, each a {@link FileSink}, wrapped. A table's partition commit is left out:
     * what these failures test is the files' exactly-once commit (PartitionCommitITCase tests the
     * partition commit itself).
     */
    public static LakeSinks wrapping(LakeSinks sinks) {
        Map<Entity, Sink<GenericRecord>> tables = new EnumMap<>(Entity.class);
        for (Entity e : Entity.values()) {
            tables.put(e, new FailingCommitSink<>(fileSinkOf(sinks.table(e))));
        }
        Sink<DeadLetter> deadLetters =
                new FailingCommitSink<>((FileSink<DeadLetter>) sinks.deadLetters());
        return new LakeSinks(tables, deadLetters);
    }

    @SuppressWarnings("unchecked")
    private static FileSink<GenericRecord> fileSinkOf(Sink<GenericRecord> table) {
        return table instanceof PartitionCommitSink
                ? ((PartitionCommitSink<GenericRecord>) table).fileSink()
                : (FileSink<GenericRecord>) table;
    }

    @Override
    @SuppressWarnings("deprecation")
    public SinkWriter<IN> createWriter(Sink.InitContext context) throws IOException {
        return new Writer<>(delegate.createWriter(context));
    }

    @Override
    public SinkWriter<IN> createWriter(WriterInitContext context) throws IOException {
        return new Writer<>(delegate.createWriter(context));
    }

    @Override
    public StatefulSinkWriter<IN, FileWriterBucketState> restoreWriter(
            WriterInitContext context, Collection<FileWriterBucketState> states)
            throws IOException {
        return new Writer<>(delegate.restoreWriter(context, states));
    }

    @Override
    public SimpleVersionedSerializer<FileWriterBucketState> getWriterStateSerializer() {
        return delegate.getWriterStateSerializer();
    }

    @Override
    public Committer<FileSinkCommittable> createCommitter(CommitterInitContext context)
            throws IOException {
        return new FailingCommitter(delegate.createCommitter(context));
    }

    @Override
    public SimpleVersionedSerializer<FileSinkCommittable> getCommittableSerializer() {
        return delegate.getCommittableSerializer();
    }

    private static final class Writer<IN>
            implements StatefulSinkWriter<IN, FileWriterBucketState>,
                    CommittingSinkWriter<IN, FileSinkCommittable> {
        private final StatefulSinkWriter<IN, FileWriterBucketState> stateful;
        private final CommittingSinkWriter<IN, FileSinkCommittable> committing;

        @SuppressWarnings("unchecked")
        Writer(SinkWriter<IN> delegate) {
            this.stateful = (StatefulSinkWriter<IN, FileWriterBucketState>) delegate;
            this.committing = (CommittingSinkWriter<IN, FileSinkCommittable>) delegate;
        }

        @Override
        public void write(IN element, Context context) throws IOException, InterruptedException {
            int call = CrashPoints.count(Site.WRITE);
            if (CrashPoints.fires(Point.WRITE, call)) {
                throw CrashPoints.failure(Point.WRITE, call);
            }
            stateful.write(element, context);
        }

        @Override
        public void flush(boolean endOfInput) throws IOException, InterruptedException {
            stateful.flush(endOfInput);
        }

        @Override
        public void writeWatermark(Watermark watermark) throws IOException, InterruptedException {
            stateful.writeWatermark(watermark);
        }

        @Override
        public List<FileWriterBucketState> snapshotState(long checkpointId) throws IOException {
            return stateful.snapshotState(checkpointId);
        }

        @Override
        public Collection<FileSinkCommittable> prepareCommit()
                throws IOException, InterruptedException {
            int call = CrashPoints.count(Site.PREPARE_COMMIT);
            if (CrashPoints.fires(Point.PREPARE_COMMIT, call)) {
                throw CrashPoints.failure(Point.PREPARE_COMMIT, call);
            }
            return committing.prepareCommit();
        }

        @Override
        public void close() throws Exception {
            stateful.close();
        }
    }

    private static final class FailingCommitter implements Committer<FileSinkCommittable> {
        private final Committer<FileSinkCommittable> delegate;

        FailingCommitter(Committer<FileSinkCommittable> delegate) {
            this.delegate = delegate;
        }

        @Override
        public void commit(Collection<CommitRequest<FileSinkCommittable>> requests)
                throws IOException, InterruptedException {
            int call = CrashPoints.count(Site.COMMIT);
            if (CrashPoints.fires(Point.COMMIT_BEFORE, call)) {
                throw CrashPoints.failure(Point.COMMIT_BEFORE, call);
            }
            if (requests.size() > 1 && CrashPoints.fires(Point.COMMIT_MIDWAY, call)) {
                List<CommitRequest<FileSinkCommittable>> half = new ArrayList<>(requests);
                delegate.commit(half.subList(0, half.size() / 2));
                throw CrashPoints.failure(Point.COMMIT_MIDWAY, call);
            }
            delegate.commit(requests);
            if (CrashPoints.fires(Point.COMMIT_AFTER, call)) {
                throw CrashPoints.failure(Point.COMMIT_AFTER, call);
            }
        }

        @Override
        public void close() throws Exception {
            delegate.close();
        }
    }
}
