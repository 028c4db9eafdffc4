package io.checkoutlake.job.source;

import io.checkoutlake.job.config.Durations;
import io.checkoutlake.job.coverage.BackfillCoverage;
import io.checkoutlake.job.metrics.LakeMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import javax.annotation.Nullable;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.PendingSplitsCheckpoint;
import org.apache.flink.connector.file.src.assigners.FileSplitAssigner;
import org.apache.flink.connector.file.src.enumerate.FileEnumerator;
import org.apache.flink.core.fs.Path;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flink's {@code ContinuousFileSplitEnumerator} (1.20.1) with its memory of paths bounded by a
 * {@link FilesHorizon}: lists the source paths every interval, hands new files to readers as they
 * ask, and checkpoints the pending splits and the remembered paths in Flink's own format.
 *
 * <p>Files skipped for being older than the horizon are counted in {@value
 * #FILES_SKIPPED_OUTSIDE_HORIZON} and logged at INFO as a count (never their names: a key names an
 * order); {@value #PATHS_IN_HORIZON} is the number of paths the state holds.
 */
final class HorizonFileSplitEnumerator
        implements SplitEnumerator<FileSourceSplit, PendingSplitsCheckpoint<FileSourceSplit>> {
    private static final Logger LOG = LoggerFactory.getLogger(HorizonFileSplitEnumerator.class);

    static final String FILES_SKIPPED_OUTSIDE_HORIZON = "filesSkippedOutsideHorizon";
    static final String PATHS_IN_HORIZON = "pathsInHorizon";

    private final SplitEnumeratorContext<FileSourceSplit> context;
    private final FileEnumerator enumerator;
    private final FileSplitAssigner splitAssigner;
    private final Path[] paths;
    private final long discoveryIntervalMillis;
    private final Duration horizon;
    private final FilesHorizon memory;
    private final LinkedHashMap<Integer, String> readersAwaitingSplit = new LinkedHashMap<>();
    private final Counter skippedCounter;
    private final Callable<BackfillCoverage> backfills;

    /** What the backfills read, loaded by the first listing; null until then. */
    private volatile BackfillCoverage coverage;

    /** Read by the metric reporter's thread. */
    private volatile int rememberedPaths;

    /**
     * @param backfills what the backfills of the source path read (their markers), loaded with the
     *     first listing, off the coordinator's thread
     */
    HorizonFileSplitEnumerator(
            SplitEnumeratorContext<FileSourceSplit> context,
            FileEnumerator enumerator,
            FileSplitAssigner splitAssigner,
            Path[] paths,
            Duration discoveryInterval,
            Duration horizon,
            Collection<Path> restoredPaths,
            LongSupplier clock,
            Callable<BackfillCoverage> backfills) {
        this.backfills = backfills;
        this.context = context;
        this.enumerator = enumerator;
        this.splitAssigner = splitAssigner;
        this.paths = paths;
        this.discoveryIntervalMillis = discoveryInterval.toMillis();
        this.horizon = horizon;
        this.memory = new FilesHorizon(horizon, restoredPaths, clock);
        this.rememberedPaths = memory.rememberedPaths();
        MetricGroup metrics = LakeMetrics.group(context.metricGroup());
        this.skippedCounter = metrics.counter(FILES_SKIPPED_OUTSIDE_HORIZON);
        metrics.gauge(PATHS_IN_HORIZON, () -> rememberedPaths);
    }

    @Override
    public void start() {
        // The first listing right away (Flink's enumerator lists in createEnumerator, blocking the
        // JobManager's thread), then one every interval.
        context.callAsync(this::list, this::processDiscoveredSplits, 0, discoveryIntervalMillis);
    }

    @Override
    public void close() {}

    @Override
    public void addReader(int subtaskId) {
        // Readers pull: nothing to do until they ask.
    }

    @Override
    public void handleSplitRequest(int subtaskId, @Nullable String requesterHostname) {
        readersAwaitingSplit.put(subtaskId, requesterHostname);
        assignSplits();
    }

    @Override
    public void handleSourceEvent(int subtaskId, SourceEvent sourceEvent) {
        LOG.error("Received unrecognized event: {}", sourceEvent);
    }

    @Override
    public void addSplitsBack(List<FileSourceSplit> splits, int subtaskId) {
        splitAssigner.addSplits(splits);
    }

    @Override
    public PendingSplitsCheckpoint<FileSourceSplit> snapshotState(long checkpointId) {
        return PendingSplitsCheckpoint.fromCollectionSnapshot(
                splitAssigner.remainingSplits(), memory.snapshot());
    }

    private Collection<FileSourceSplit> list() throws Exception {
        if (coverage == null) {
            BackfillCoverage loaded = backfills.call();
            if (loaded.folders() > 0) {
                LOG.info(
                        "files source: {} backfilled folder(s) of this prefix; the object versions"
                                + " their backfills read are not read again",
                        loaded.folders());
            }
            coverage = loaded;
        }
        return enumerator.enumerateSplits(paths, 1);
    }

    private void processDiscoveredSplits(Collection<FileSourceSplit> splits, Throwable error) {
        if (error != null) {
            // As Flink's enumerator does: the next listing tries again.
            LOG.error("Failed to enumerate files", error);
            return;
        }
        FilesHorizon.Decision decision = memory.decide(splits, coverage);
        if (decision.covered > 0) {
            LOG.info(
                    "files source: {} new file(s) not read: a backfill read them",
                    decision.covered);
        }
        rememberedPaths = memory.rememberedPaths();
        if (decision.skipped > 0) {
            skippedCounter.inc(decision.skipped);
            LOG.info(
                    "files source: skipped {} file(s) modified before {}, outside"
                            + " source.files-horizon {} (mode backfill reads them)",
                    decision.skipped,
                    Instant.ofEpochMilli(memory.cutoff()),
                    Durations.format(horizon));
        }
        if (decision.forgotten > 0) {
            LOG.debug(
                    "files source: forgot {} path(s) older than the horizon; {} remembered",
                    decision.forgotten,
                    rememberedPaths);
        }
        splitAssigner.addSplits(decision.admitted);
        assignSplits();
    }

    private void assignSplits() {
        Iterator<Map.Entry<Integer, String>> awaiting = readersAwaitingSplit.entrySet().iterator();
        while (awaiting.hasNext()) {
            Map.Entry<Integer, String> next = awaiting.next();
            // A reader that failed since it asked is no longer waiting.
            if (!context.registeredReaders().containsKey(next.getKey())) {
                awaiting.remove();
                continue;
            }
            Optional<FileSourceSplit> split = splitAssigner.getNext(next.getValue());
            if (split.isEmpty()) {
                break;
            }
            context.assignSplit(split.get(), next.getKey());
            awaiting.remove();
        }
    }
}
