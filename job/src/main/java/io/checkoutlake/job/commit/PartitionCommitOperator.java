package io.checkoutlake.job.commit;

import io.checkoutlake.job.metrics.LakeMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.tuple.Tuple6;
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
 * <p>Commits run in the background ({@link BackgroundCommits}), never on the task thread, so a
 * checkpoint does not wait for one: a partition stays "to commit" until its commit has succeeded,
 * and a commit requested while one of the same partition runs follows it. Each file's stats are
 * taken once, from its footer when it is reported committed (in the background too), and kept in
 * state until its partition's manifest holds them; the commit reads only footers it knows from
 * neither (files the job did not write, e.g. before an upgrade).
 *
 * <p>State (operator list state, Kryo-free): the invisible files, the partitions to commit, the
 * watermark at the last barrier (restored only if not beyond the clock plus watermark.max-future:
 * never a drained stop's end of input), and the known file stats ({@code file-stats}, absent from
 * older savepoints: their files are read when committed). A restore resumes from them; the sink's
 * committer commits and reports again what the checkpoint held, and a repeated partition commit is
 * idempotent.
 */
public final class PartitionCommitOperator extends AbstractStreamOperator<Void>
        implements OneInputStreamOperator<PartitionFileEvent, Void>, BoundedOneInput {
    private static final long serialVersionUID = 1L;

    /** How long the end of the input waits for the last commits. */
    private static final Duration FINAL_COMMITS_TIMEOUT = Duration.ofMinutes(10);

    private final PartitionCommitSettings settings;

    private transient Map<String, Set<String>> invisible;
    private transient TreeSet<String> toCommit;
    private transient long watermarkAtBarrier;
    private transient long currentWatermark;
    private transient boolean commitScheduled;

    /** Per partition, by file name: stats of committed files not yet in its manifest. */
    private transient Map<String, Map<String, ManifestEntry>> knownStats;

    /** Per partition to commit: the latest request; a commit clears only the one it served. */
    private transient Map<String, Long> requests;

    private transient Set<String> committing;
    private transient long requestCount;

    private transient ListState<Tuple2<String, String>> invisibleState;
    private transient ListState<String> toCommitState;
    private transient ListState<Long> watermarkState;
    private transient ListState<Tuple6<String, String, Long, Long, String, String>> statsState;

    private transient BackgroundCommits background;
    private transient Counter commits;
    private transient Counter failures;
    private transient volatile long lastCommitMillis;

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
        toCommitState.get().forEach(toCommit::add);
        for (Long w : watermarkState.get()) {
            watermarkAtBarrier = Math.max(watermarkAtBarrier, settings.trustedRestoredWatermark(w));
        }
        knownStats = new HashMap<>();
        requests = new HashMap<>();
        committing = new HashSet<>();
        // A new name: savepoints of older releases restore without it.
        statsState =
                context.getOperatorStateStore()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "file-stats",
                                        Types.TUPLE(
                                                Types.STRING,
                                                Types.STRING,
                                                Types.LONG,
                                                Types.LONG,
                                                Types.STRING,
                                                Types.STRING)));
        for (Tuple6<String, String, Long, Long, String, String> s : statsState.get()) {
            knownStats
                    .computeIfAbsent(s.f0, p -> new HashMap<>())
                    .put(s.f1, new ManifestEntry(s.f1, s.f2, s.f3, orNull(s.f4), orNull(s.f5)));
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        MetricGroup metrics =
                LakeMetrics.group(getMetricGroup()).addGroup("table", settings.table());
        commits = metrics.counter(LakeMetrics.PARTITION_COMMITS);
        failures = metrics.counter(LakeMetrics.PARTITION_COMMIT_FAILURES);
        lastCommitMillis = -1;
        metrics.gauge(LakeMetrics.LAST_PARTITION_COMMIT_DURATION_MS, () -> lastCommitMillis);
        MailboxExecutor mailbox =
                getContainingTask()
                        .getMailboxExecutorFactory()
                        .createExecutor(getOperatorConfig().getChainIndex());
        background = new BackgroundCommits(settings.table(), settings.openCommitter(), mailbox);
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
                if (event.path != null) {
                    noteFile(event);
                }
                toCommit.add(event.partition);
                requests.put(event.partition, ++requestCount);
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
        invisibleState.update(
                invisible.entrySet().stream()
                        .flatMap(
                                e -> e.getValue().stream().map(path -> Tuple2.of(e.getKey(), path)))
                        .collect(Collectors.toList()));
        toCommitState.update(new ArrayList<>(toCommit));
        watermarkState.update(List.of(watermarkAtBarrier));
        List<Tuple6<String, String, Long, Long, String, String>> stats = new ArrayList<>();
        for (Map.Entry<String, Map<String, ManifestEntry>> p : knownStats.entrySet()) {
            for (ManifestEntry e : p.getValue().values()) {
                stats.add(
                        Tuple6.of(
                                p.getKey(),
                                e.name(),
                                e.size(),
                                e.rows(),
                                Objects.requireNonNullElse(e.minEventTime(), ""),
                                Objects.requireNonNullElse(e.maxEventTime(), "")));
            }
        }
        statsState.update(stats);
        // Running commits stay in toCommit: a restore from this checkpoint commits them again.
        // Committing does I/O: not inside the checkpoint, but right after it in the mailbox.
        scheduleCommit();
    }

    @Override
    public void endInput() throws Exception {
        // No row follows: every partition is due once its files are visible.
        watermarkAtBarrier = Long.MAX_VALUE;
        commitDue();
        if (!background.awaitIdle(FINAL_COMMITS_TIMEOUT)) {
            LOG.warn(
                    "Partition commits of {} still running after {}",
                    settings.table(),
                    FINAL_COMMITS_TIMEOUT);
        }
    }

    /** Runs mailbox actions until nothing runs in the background (tests drive it by hand). */
    boolean awaitIdle(Duration bound) throws InterruptedException {
        return background.awaitIdle(bound);
    }

    /**
     * Takes a committed file's stats once, in the background, unless its partition is due (its
     * commit follows at once and reads the footer itself); forgets a compacted input.
     */
    private void noteFile(PartitionFileEvent event) {
        String name = new org.apache.flink.core.fs.Path(event.path).getName();
        if (event.kind == PartitionFileEvent.Kind.COMPACTED) {
            Map<String, ManifestEntry> known = knownStats.get(event.partition);
            if (known != null) {
                known.remove(name);
            }
            return;
        }
        if (!PartitionFiles.isDataFile(name)
                || isDue(event.partition)
                // Reported again after a restore: its stats came back with the state.
                || knownStats.getOrDefault(event.partition, Map.of()).containsKey(name)) {
            return;
        }
        background.readStats(
                event.path,
                entry -> {
                    // Dropped when the partition was committed meanwhile: its manifest has it.
                    if (entry != null && toCommit.contains(event.partition)) {
                        knownStats
                                .computeIfAbsent(event.partition, p -> new HashMap<>())
                                .put(entry.name(), entry);
                    }
                });
    }

    private boolean isDue(String partition) {
        try {
            return settings.dueMillis(partition) <= watermarkAtBarrier;
        } catch (IllegalArgumentException e) {
            return false;
        }
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
            if (committing.contains(partition)) {
                // After the running one: scheduled again when it ends.
                continue;
            }
            commitInBackground(partition);
        }
    }

    private void commitInBackground(String partition) {
        long request = requests.getOrDefault(partition, 0L);
        Map<String, ManifestEntry> known = Map.copyOf(knownStats.getOrDefault(partition, Map.of()));
        committing.add(partition);
        background.commit(
                partition,
                known,
                new BackgroundCommits.CommitCallback() {
                    @Override
                    public void committed(PartitionManifest manifest, long durationMillis) {
                        committing.remove(partition);
                        commits.inc();
                        lastCommitMillis = durationMillis;
                        Map<String, ManifestEntry> stats = knownStats.get(partition);
                        if (stats != null) {
                            stats.keySet().removeAll(known.keySet());
                            if (stats.isEmpty()) {
                                knownStats.remove(partition);
                            }
                        }
                        if (requests.getOrDefault(partition, 0L) == request) {
                            toCommit.remove(partition);
                            requests.remove(partition);
                        } else {
                            // Files were committed while it ran: commit again.
                            scheduleCommit();
                        }
                    }

                    @Override
                    public void failed(Exception cause) {
                        // Stays in toCommit: retried after the next checkpoint or commit.
                        committing.remove(partition);
                        failures.inc();
                        LOG.warn(
                                "Committing partition {} of {} failed; retrying later",
                                partition,
                                settings.table(),
                                cause);
                    }
                });
    }

    private static String orNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    @Override
    public void close() throws Exception {
        try {
            if (background != null) {
                background.close();
            }
        } finally {
            super.close();
        }
    }
}
