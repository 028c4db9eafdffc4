package io.checkoutlake.job.commit;

import io.checkoutlake.job.metrics.LakeMetrics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The watermark-driven partition commit of one table (parallelism 1, after the table's FileSink).
 *
 * <p>It tracks, per partition, the files the writers produced that are not visible yet ({@link
 * PartitionFileEvent.Kind#WRITTEN} until {@code COMMITTED} or {@code COMPACTED}), and the
 * partitions that gained visible files since they were last committed. A partition is committed
 * ({@link PartitionCommitter}: manifest, {@code _SUCCESS}, catalog) once
 *
 * <ul>
 *   <li>the watermark <em>at the last checkpoint barrier</em> has passed its end plus {@code
 *       lake.commit-delay}: every writer had then passed that time, so every row of the partition
 *       that is not late was written before that barrier, into a file announced (WRITTEN) before
 *       the barrier reached this operator; and
 *   <li>none of its announced files is still invisible.
 * </ul>
 *
 * The current watermark alone would not do: it runs ahead of the commits, which happen only when a
 * checkpoint completes. A late row lands in its partition in a later file; when that file is
 * committed the partition is committed again with the file in its manifest.
 *
 * <p>State (operator list state, Kryo-free): the invisible files, the partitions to commit, and the
 * watermark at the last barrier (restored only if not beyond the clock plus watermark.max-future:
 * never a drained stop's end of input). A restore resumes from them; the sink's committer commits
 * and reports again what the checkpoint held, and a repeated partition commit is idempotent.
 */
public final class PartitionCommitOperator extends AbstractStreamOperator<Void>
        implements OneInputStreamOperator<PartitionFileEvent, Void>, BoundedOneInput {
    private static final long serialVersionUID = 1L;

    private final PartitionCommitSettings settings;

    private transient Map<String, Set<String>> invisible;
    private transient TreeSet<String> toCommit;
    private transient long watermarkAtBarrier;
    private transient long currentWatermark;
    private transient boolean commitScheduled;

    private transient ListState<Tuple2<String, String>> invisibleState;
    private transient ListState<String> toCommitState;
    private transient ListState<Long> watermarkState;

    private transient PartitionCommitter committer;
    private transient Counter commits;
    private transient Counter failures;

    public PartitionCommitOperator(PartitionCommitSettings settings) {
        this.settings = settings;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        invisible = new HashMap<>();
        toCommit = new TreeSet<>();
        watermarkAtBarrier = Long.MIN_VALUE;
        currentWatermark = Long.MIN_VALUE;
        invisibleState =
                context.getOperatorStateStore()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "invisible-files",
                                        Types.TUPLE(Types.STRING, Types.STRING)));
        toCommitState =
                context.getOperatorStateStore()
                        .getListState(
                                new ListStateDescriptor<>("partitions-to-commit", Types.STRING));
        watermarkState =
                context.getOperatorStateStore()
                        .getListState(
                                new ListStateDescriptor<>("watermark-at-barrier", Types.LONG));
        for (Tuple2<String, String> file : invisibleState.get()) {
            invisible.computeIfAbsent(file.f0, p -> new HashSet<>()).add(file.f1);
        }
        for (String partition : toCommitState.get()) {
            toCommit.add(partition);
        }
        for (Long w : watermarkState.get()) {
            watermarkAtBarrier = Math.max(watermarkAtBarrier, settings.trustedRestoredWatermark(w));
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        MetricGroup metrics =
                LakeMetrics.group(getMetricGroup()).addGroup("table", settings.table());
        commits = metrics.counter(LakeMetrics.PARTITION_COMMITS);
        failures = metrics.counter(LakeMetrics.PARTITION_COMMIT_FAILURES);
        committer = settings.openCommitter();
        // Partitions that were due when the checkpoint was taken but not committed yet.
        scheduleCommit();
    }

    @Override
    public void processElement(StreamRecord<PartitionFileEvent> element) {
        PartitionFileEvent event = element.getValue();
        switch (event.kind) {
            case WRITTEN:
                invisible.computeIfAbsent(event.partition, p -> new HashSet<>()).add(event.path);
                break;
            case COMMITTED:
            case COMPACTED:
                Set<String> files = invisible.get(event.partition);
                if (files != null && event.path != null) {
                    files.remove(event.path);
                    if (files.isEmpty()) {
                        invisible.remove(event.partition);
                    }
                }
                toCommit.add(event.partition);
                scheduleCommit();
                break;
            default:
                throw new IllegalStateException("unknown event " + event.kind);
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        currentWatermark = Math.max(currentWatermark, mark.getTimestamp());
        super.processWatermark(mark);
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        // Barrier alignment: everything the writers announced before this barrier is in.
        watermarkAtBarrier = Math.max(watermarkAtBarrier, currentWatermark);
        List<Tuple2<String, String>> files = new ArrayList<>();
        for (Map.Entry<String, Set<String>> e : invisible.entrySet()) {
            for (String path : e.getValue()) {
                files.add(Tuple2.of(e.getKey(), path));
            }
        }
        invisibleState.update(files);
        toCommitState.update(new ArrayList<>(toCommit));
        watermarkState.update(List.of(watermarkAtBarrier));
        // Committing does I/O: not inside the checkpoint, but right after it in the mailbox.
        scheduleCommit();
    }

    @Override
    public void endInput() {
        // No row follows: every partition is due once its files are visible.
        watermarkAtBarrier = Long.MAX_VALUE;
        commitDue();
    }

    private void scheduleCommit() {
        if (commitScheduled) {
            return;
        }
        commitScheduled = true;
        getProcessingTimeService()
                .registerTimer(
                        getProcessingTimeService().getCurrentProcessingTime(), time -> commitDue());
    }

    private void commitDue() {
        commitScheduled = false;
        for (String partition : new ArrayList<>(toCommit)) {
            if (invisible.containsKey(partition)) {
                continue;
            }
            long due;
            try {
                due = settings.dueMillis(partition);
            } catch (IllegalArgumentException e) {
                // Not a partition of the pattern (files written under another pattern).
                LOG.warn("Not committing {}: {}", partition, e.getMessage());
                toCommit.remove(partition);
                continue;
            }
            if (due > watermarkAtBarrier) {
                continue;
            }
            try {
                committer.commit(partition);
                toCommit.remove(partition);
                commits.inc();
            } catch (Exception e) {
                // Stays in toCommit: retried after the next checkpoint or commit.
                failures.inc();
                LOG.warn(
                        "Committing partition {} of {} failed; retrying later",
                        partition,
                        settings.table(),
                        e);
            }
        }
    }

    @Override
    public void close() throws Exception {
        try {
            if (committer != null) {
                committer.close();
            }
        } finally {
            super.close();
        }
    }
}
