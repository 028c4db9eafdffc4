package io.checkoutlake.job;

import static java.util.stream.Collectors.partitioningBy;
import static java.util.stream.Collectors.toSet;

import io.checkoutlake.functions.path.RawObjectUris;
import io.checkoutlake.job.backfill.BackfillLease;
import io.checkoutlake.job.backfill.BackfillProgress;
import io.checkoutlake.job.backfill.BackfillProgressCounter;
import io.checkoutlake.job.backfill.BackfillRefusedException;
import io.checkoutlake.job.commit.PartitionCommitSettings;
import io.checkoutlake.job.commit.PartitionCommitter;
import io.checkoutlake.job.config.BackfillFolders;
import io.checkoutlake.job.config.LakeJobConfig;
import io.checkoutlake.job.config.LakeOptions;
import io.checkoutlake.job.coverage.BackfillMarker;
import io.checkoutlake.job.coverage.BackfillMarkers;
import io.checkoutlake.job.coverage.FolderCoverage;
import io.checkoutlake.job.fetch.FlinkFileSystemFetcher;
import io.checkoutlake.job.fetch.ObjectFetcher;
import io.checkoutlake.job.sink.SortedFileOutputs;
import io.checkoutlake.job.sink.SortedPartitionWriter;
import io.checkoutlake.job.source.FolderListing;
import io.checkoutlake.job.source.FolderListingSource;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --mode backfill}: reads the chosen raw folders in batch jobs of {@code
 * backfill.folders-per-job} folders each and marks every folder done when its job succeeds.
 *
 * <ul>
 *   <li>Idempotent: every output file is named by its raw folder and partition, so reading a folder
 *       again replaces its files instead of adding to them; files of the folder's earlier run that
 *       this run did not write again (its input changed) are deleted after the job.
 *   <li>Resumable: a run skips folders that have a marker ({@code backfill.resume}); a killed run
 *       redoes only the folders of the job it was in, replacing what that job had written.
 *   <li>Flat memory: see {@link SortedFileOutputs}.
 *   <li>One run per folder: a run holds a {@link BackfillLease} on its folders and refuses to start
 *       on folders another live run holds.
 *   <li>Never aborted by the history's accidents: missing folders are reported and skipped,
 *       anything under source.path outside the layout is reported and not read, and every object
 *       read becomes rows or a dead letter.
 * </ul>
 *
 * Progress (objects and bytes of the total, rate, ETA) is logged every {@code
 * backfill.progress-interval} from the running job's accumulators.
 */
public final class BackfillRunner {
    private static final Logger LOG = LoggerFactory.getLogger(BackfillRunner.class);

    /** Creates the environment of each job of the run. */
    public interface Environments {
        StreamExecutionEnvironment create(LakeJobConfig config) throws IOException;
    }

    private static final long POLL_MILLIS = 500;

    private final LakeJobConfig config;
    private final ObjectFetcher fetcher;
    private final Environments environments;
    private final BackfillMarkers markers;

    public BackfillRunner(LakeJobConfig config, ObjectFetcher fetcher, Environments environments) {
        this.config = config;
        this.fetcher = fetcher;
        this.environments = environments;
        this.markers = new BackfillMarkers(config.lakePath());
    }

    /**
     * The production run: Flink's file systems, the environment of {@code java -jar} or the
     * cluster.
     */
    public static BackfillRunner fromConfig(LakeJobConfig config) {
        return new BackfillRunner(config, new FlinkFileSystemFetcher(), LakeEnvironments::create);
    }

    public BackfillSummary run() throws Exception {
        long started = System.nanoTime();
        BackfillSummary summary = new BackfillSummary();
        Path root = new Path(config.sourcePath());
        String rootUri = RawObjectUris.of(root);

        List<String> chosen = config.backfillFolders().names();
        Set<String> present = new HashSet<>();
        Set<String> layout = new HashSet<>(BackfillFolders.parse(BackfillFolders.ALL).names());
        for (String child : FolderListing.childrenOf(root)) {
            String name = child.substring(child.lastIndexOf('/') + 1);
            present.add(name);
            if (!layout.contains(name)) {
                summary.outsideLayout.add(name);
            }
        }
        if (!summary.outsideLayout.isEmpty()) {
            LOG.warn(
                    "{} entries under {} are not folders of the raw layout and are not read: {}",
                    summary.outsideLayout.size(),
                    rootUri,
                    BackfillSummary.firstNames(summary.outsideLayout));
        }

        if (present.stream().noneMatch(layout::contains)) {
            throw new BackfillRefusedException(noRawFolders(root, rootUri, layout));
        }

        Map<Boolean, List<String>> exist =
                chosen.stream().collect(partitioningBy(present::contains));
        List<String> leased = exist.get(true);
        summary.missing.addAll(exist.get(false));
        if (summary.missing.size() == chosen.size()) {
            throw new BackfillRefusedException(
                    "backfill: none of the folders that backfill.folders="
                            + config.backfillFolders().spec()
                            + " names exists under "
                            + rootUri
                            + ": nothing to read");
        }
        if (!summary.missing.isEmpty()) {
            LOG.warn(
                    "{} chosen folders do not exist under {} and are skipped: {}",
                    summary.missing.size(),
                    rootUri,
                    BackfillSummary.firstNames(summary.missing));
        }
        try (BackfillLease lease = BackfillLease.acquire(config.lakePath(), leased)) {
            // Read under the lease: no other run changes these folders' markers from here on.
            Map<String, BackfillMarker> done = markers.readAll();
            // The marker each folder's run writes once its job is done.
            Map<String, BackfillMarker> todo = new LinkedHashMap<>();
            List<String> unmarked = new ArrayList<>();
            for (String name : leased) {
                if (config.get(LakeOptions.BACKFILL_RESUME) && done.containsKey(name)) {
                    summary.skippedAsDone.add(name);
                } else if (config.get(LakeOptions.BACKFILL_COVERED_ONLY)
                        && !done.containsKey(name)) {
                    // No backfill read it: its objects are the stream's.
                    unmarked.add(name);
                } else {
                    todo.put(name, null);
                }
            }
            if (!unmarked.isEmpty()) {
                LOG.warn(
                        "backfill.covered-only: {} chosen folders have no marker, so no backfill"
                                + " read them, and are skipped (a stream reads their objects): {}",
                        unmarked.size(),
                        BackfillSummary.firstNames(unmarked));
            }
            LOG.info(
                    "backfill of {} ({}): {} folders to read, {} skipped as done by an earlier run, {}"
                            + " missing; listing them",
                    rootUri,
                    config.backfillFolders().spec(),
                    todo.size(),
                    summary.skippedAsDone.size(),
                    summary.missing.size());

            long totalFiles = 0;
            long totalBytes = 0;
            for (String name : todo.keySet()) {
                BackfillMarker m = list(rootUri, done, name);
                todo.put(name, m);
                totalFiles += m.objects;
                totalBytes += m.bytes;
            }

            Progress progress =
                    new Progress(
                            todo.size(),
                            totalFiles,
                            totalBytes,
                            started,
                            config.get(LakeOptions.BACKFILL_PROGRESS_INTERVAL));
            LOG.info(progress.line(0, 0));
            List<String> names = new ArrayList<>(todo.keySet());
            int perJob = config.get(LakeOptions.BACKFILL_FOLDERS_PER_JOB);
            for (int from = 0; from < names.size(); from += perJob) {
                List<String> group = names.subList(from, Math.min(names.size(), from + perJob));
                runJob(group, todo, done, progress, summary, lease);
                summary.read.addAll(group);
            }
            summary.partitionsCommitted = commitPartitions(chosen);
            LOG.info(progress.line(0, 0));
        }
        summary.elapsed = Duration.ofNanos(System.nanoTime() - started);
        LOG.info(summary.line());
        return summary;
    }

    private void runJob(
            List<String> group,
            Map<String, BackfillMarker> todo,
            Map<String, BackfillMarker> done,
            Progress progress,
            BackfillSummary summary,
            BackfillLease lease)
            throws Exception {
        Map<URI, FolderCoverage> folders = new LinkedHashMap<>();
        Map<String, BackfillMarker> written = new LinkedHashMap<>();
        long files = 0;
        long bytes = 0;
        for (String name : group) {
            BackfillMarker m = todo.get(name);
            // Flink's iterator reader takes a split for one object at least: an empty folder (its
            // marker covers nothing left) gets its marker without being read.
            if (m.objects > 0) {
                folders.put(URI.create(m.source), m.coverage());
            }
            written.put(name, m);
            files += m.objects;
            bytes += m.bytes;
        }
        Map<String, Object> accumulators =
                folders.isEmpty()
                        ? Map.of()
                        : executeJob(folders, group, files, bytes, progress, summary)
                                .getAllAccumulatorResults();

        for (String line : SortedPartitionWriter.outputsOf(accumulators)) {
            String[] f = line.split("\t", -1);
            BackfillMarker m = written.get(f[1]);
            if (m == null) {
                // Not a layout folder name: cannot happen for the folders a run lists.
                throw new IllegalStateException("output of an unknown folder: " + f[1]);
            }
            long records = Long.parseLong(f[3]);
            m.outputs.add(new BackfillMarker.Output(f[0], f[2], records));
            if (f[0].equals(SortedFileOutputs.LAKE)) {
                m.rows += records;
            } else {
                m.deadLetters += records;
            }
        }
        String finishedAt = Instant.now().toString();
        // Deleting superseded files and replacing markers is safe only while no other run writes.
        lease.check();
        for (BackfillMarker m : written.values()) {
            m.outputs.sort((a, b) -> a.location().compareTo(b.location()));
            m.finishedAt = finishedAt;
            BackfillMarker previous = done.get(m.folder);
            if (previous != null) {
                summary.staleFilesDeleted += deleteStale(previous, m);
            }
            markers.write(m);
            summary.objects += m.objects;
            summary.bytes += m.bytes;
            summary.rows += m.rows;
            summary.deadLetters += m.deadLetters;
        }
        progress.finished(group.size(), files, bytes);
        LOG.info(progress.line(0, 0));
    }

    /** Runs one batch job over {@code folders}, each read as far as its coverage goes. */
    private JobExecutionResult executeJob(
            Map<URI, FolderCoverage> folders,
            List<String> group,
            long files,
            long bytes,
            Progress progress,
            BackfillSummary summary)
            throws Exception {
        CheckoutLakeJob job =
                new CheckoutLakeJob(
                                config,
                                FolderListingSource.ofFolders(folders),
                                fetcher,
                                CheckoutLakeJob.sinksOf(config))
                        .withBackfillTotals(files, bytes);
        StreamExecutionEnvironment env = environments.create(config);
        job.build(env);
        String jobName =
                CheckoutLakeJob.JOB_NAME
                        + " backfill "
                        + group.get(0)
                        + (group.size() > 1 ? ".." + group.get(group.size() - 1) : "");
        JobClient client = env.executeAsync(jobName);
        summary.jobs++;
        LOG.info("started {} ({} folders, {} objects)", jobName, group.size(), files);
        return awaitWithProgress(client, progress);
    }

    /**
     * The backfill's final watermark: every partition that the chosen folders' markers list gets
     * its manifest and {@code _SUCCESS} (and its Glue registration when enabled), including those
     * written by an earlier, interrupted run of the same folders. Partitions are committed only
     * once every chosen folder is read, since any folder may add files to any day.
     */
    private int commitPartitions(List<String> chosen) throws IOException {
        Map<String, Set<String>> partitionsByTable = new java.util.TreeMap<>();
        Map<String, BackfillMarker> all = markers.readAll();
        for (String folder : chosen) {
            BackfillMarker m = all.get(folder);
            if (m == null) {
                continue;
            }
            for (BackfillMarker.Output o : m.outputs) {
                if (!o.root.equals(SortedFileOutputs.LAKE)) {
                    continue;
                }
                int tableEnd = o.path.indexOf('/');
                int fileStart = o.path.lastIndexOf('/');
                partitionsByTable
                        .computeIfAbsent(
                                o.path.substring(0, tableEnd), t -> new java.util.TreeSet<>())
                        .add(o.path.substring(tableEnd + 1, fileStart));
            }
        }
        int committed = 0;
        for (Map.Entry<String, Set<String>> e : partitionsByTable.entrySet()) {
            try (PartitionCommitter committer =
                    PartitionCommitSettings.of(config, e.getKey()).openCommitter()) {
                for (String partition : e.getValue()) {
                    committer.commit(partition);
                    committed++;
                }
            }
            LOG.info("committed {} partitions of {}", e.getValue().size(), e.getKey());
        }
        return committed;
    }

    private JobExecutionResult awaitWithProgress(JobClient client, Progress progress)
            throws Exception {
        while (true) {
            try {
                return client.getJobExecutionResult().get(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                if (progress.due()) {
                    long[] running = runningCounts(client);
                    LOG.info(progress.line(running[0], running[1]));
                }
            }
        }
    }

    /** Objects and bytes the running job has read so far; zero when it cannot tell yet. */
    private static long[] runningCounts(JobClient client) {
        try {
            Map<String, Object> acc = client.getAccumulators().get(10, TimeUnit.SECONDS);
            return new long[] {
                asLong(acc.get(BackfillProgressCounter.FILES_DONE)),
                asLong(acc.get(BackfillProgressCounter.BYTES_DONE))
            };
        } catch (Exception e) {
            LOG.debug("no accumulators yet", e);
            return new long[] {0, 0};
        }
    }

    private static long asLong(Object value) {
        return value instanceof Number ? ((Number) value).longValue() : 0;
    }

    private long deleteStale(BackfillMarker previous, BackfillMarker current) throws IOException {
        Set<String> now =
                current.outputs.stream().map(BackfillMarker.Output::location).collect(toSet());
        long deleted = 0;
        for (BackfillMarker.Output o : previous.outputs) {
            if (now.contains(o.location())) {
                continue;
            }
            URI root =
                    o.root.equals(SortedFileOutputs.LAKE)
                            ? config.lakePath()
                            : config.deadletterPath();
            Path stale = new Path(new Path(root), o.path);
            if (stale.getFileSystem().delete(stale, false)) {
                deleted++;
            }
        }
        if (deleted > 0) {
            LOG.info(
                    "{}: deleted {} files of its earlier run that this run did not write again",
                    current.folder,
                    deleted);
        }
        return deleted;
    }

    /** At most this many entries under a wrong source.path are looked into for raw folders. */
    private static final int SUGGESTIONS_LOOKED_INTO = 32;

    /**
     * The refusal for a source.path that holds no raw folder, naming the entries one level down
     * that do (a bucket root above the raw prefix is the usual mistake).
     */
    private static String noRawFolders(Path root, String rootUri, Set<String> layout) {
        List<String> better = new ArrayList<>();
        List<String> children = FolderListing.childrenOf(root);
        for (String child :
                children.subList(0, Math.min(children.size(), SUGGESTIONS_LOOKED_INTO))) {
            try {
                for (String grandChild : FolderListing.childrenOf(RawObjectUris.toPath(child))) {
                    if (layout.contains(grandChild.substring(grandChild.lastIndexOf('/') + 1))) {
                        better.add(child);
                        break;
                    }
                }
            } catch (RuntimeException e) {
                LOG.debug("cannot look into {}", child, e);
            }
        }
        String line =
                "backfill: "
                        + rootUri
                        + " (source.path) holds none of the 512 raw folders (00_CheckoutOrder .."
                        + " FF_FulfillmentOrder)";
        return better.isEmpty()
                ? line + ": nothing to read"
                : line
                        + "; they are one level down: use --source.path "
                        + String.join(" or ", better);
    }

    /**
     * Lists what a folder's run reads, as the marker it writes once read. Normally every object its
     * listing finds, recording those modified within {@code source.files-horizon} of the listing's
     * start one by one and the older ones by a time ({@link FolderCoverage}). With {@code
     * backfill.covered-only}, only what its marker covers: the object versions its earlier run
     * read, none the stream has.
     */
    private BackfillMarker list(String rootUri, Map<String, BackfillMarker> done, String folder) {
        BackfillMarker previous = done.get(folder);
        Instant listedAt = Instant.now();
        long coveredBefore;
        FolderCoverage filter = null; // null: every object
        if (config.get(LakeOptions.BACKFILL_COVERED_ONLY) && previous != null) {
            filter = previous.coverage();
            if (filter == null) {
                throw new IllegalStateException(
                        "backfill.covered-only: the marker "
                                + markers.pathOf(folder)
                                + " was written by an earlier release and records no coverage;"
                                + " backfill the folder again without backfill.covered-only"
                                + " while no stream runs on its prefix");
            }
            listedAt = Instant.parse(previous.listedAt);
            coveredBefore = filter.coveredBefore();
        } else {
            Duration horizon = config.get(LakeOptions.SOURCE_FILES_HORIZON);
            coveredBefore =
                    horizon.isZero() ? FolderCoverage.NONE : listedAt.minus(horizon).toEpochMilli();
        }
        BackfillMarker m = new BackfillMarker();
        m.folder = folder;
        m.source = RawObjectUris.asFolder(rootUri) + folder;
        m.listedAt = listedAt.toString();
        m.coveredBefore = coveredBefore;
        FolderListing listing = new FolderListing(RawObjectUris.toPath(m.source), 0, filter);
        while (listing.hasNext()) {
            m.bytes += listing.next().size;
            m.objects++;
            if (listing.modified() >= coveredBefore) {
                m.covered.put(listing.relativeKey(), listing.modified());
            }
        }
        return m;
    }

    /** The run's progress: finished jobs' counts plus the running job's. */
    private static final class Progress {
        private final int foldersTotal;
        private final long filesTotal;
        private final long bytesTotal;
        private final long startedNanos;
        private final long intervalNanos;
        private int foldersDone;
        private long filesDone;
        private long bytesDone;
        private long lastLineNanos;

        Progress(int folders, long files, long bytes, long startedNanos, Duration interval) {
            this.foldersTotal = folders;
            this.filesTotal = files;
            this.bytesTotal = bytes;
            this.startedNanos = startedNanos;
            this.intervalNanos = interval.toNanos();
            this.lastLineNanos = System.nanoTime();
        }

        boolean due() {
            return System.nanoTime() - lastLineNanos >= intervalNanos;
        }

        void finished(int folders, long files, long bytes) {
            foldersDone += folders;
            filesDone += files;
            bytesDone += bytes;
        }

        String line(long runningFiles, long runningBytes) {
            lastLineNanos = System.nanoTime();
            return new BackfillProgress(
                            foldersDone,
                            foldersTotal,
                            filesDone + runningFiles,
                            filesTotal,
                            bytesDone + runningBytes,
                            bytesTotal,
                            Duration.ofNanos(lastLineNanos - startedNanos))
                    .line();
        }
    }
}
