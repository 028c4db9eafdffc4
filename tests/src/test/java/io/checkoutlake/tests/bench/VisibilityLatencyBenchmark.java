package io.checkoutlake.tests.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.checkoutlake.job.checkpoint.RestorePoints;
import io.checkoutlake.job.config.LakeJobConfig;
import io.checkoutlake.job.config.LakeJobConfigBuilder;
import io.checkoutlake.job.config.LakeOptions;
import io.checkoutlake.tests.ChildProcess;
import io.checkoutlake.tests.LakeContents;
import io.checkoutlake.tests.LakeOutcomes;
import io.checkoutlake.tools.generator.GeneratedObject;
import io.checkoutlake.tools.generator.GeneratorSettings;
import io.checkoutlake.tools.generator.RawDocumentGenerator;
import io.checkoutlake.tools.generator.RawFolderWriter;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Visibility latency in stream mode: from a raw object's write (its atomic rename into the raw
 * folder) to its row being readable in a committed Parquet file of the lake, p50/p95/p99, for each
 * checkpoint interval. The job is the real one, {@code java -jar checkout-lake.jar} in a process of
 * its own per interval ({@link ChildProcess}: {@code CheckoutLakeJob.fromConfig} in an embedded
 * MiniCluster), with production defaults except {@code checkpoint.interval} (and local paths,
 * parallelism 2, a free REST port); {@code source.monitor-interval} keeps its default, since the
 * listing interval is part of what a user waits for.
 *
 * <p>In this JVM a writer thread writes generated documents (no bad ones, event times around now)
 * at a steady rate and notes each one's wall-clock time after the rename; a poller lists the lake's
 * committed Parquet files every {@link #POLL} and reads each new file once, with parquet-avro, for
 * its rows' {@code _source_file}. A document's latency is when the poller first listed its file
 * minus its write time. The first {@code bench.latency.warmup-seconds} of writes are left out of
 * the statistics, not out of the check that every document became visible exactly once (which fails
 * the benchmark). Not a test; failsafe runs it only when named:
 *
 * <pre>
 * mvn -B -ntp -pl tests -am verify -Dit.test=VisibilityLatencyBenchmark -Dtest=NONE \
 *     -Dsurefire.failIfNoSpecifiedTests=false [-Dbench.latency.intervals=10,30] \
 *     [-Dbench.latency.seconds=150] [-Dbench.latency.rate=50] [-Dbench.latency.warmup-seconds=20]
 * </pre>
 */
class VisibilityLatencyBenchmark {
    private static final Duration POLL = Duration.ofMillis(150);

    /** How often the benchmark checks what it waits for (checkpoints, all documents seen). */
    private static final Duration WAIT = Duration.ofMillis(100);

    private static final long SEED = 20261205L;

    @TempDir Path dir;

    @Test
    void run() throws Exception {
        int seconds = Integer.getInteger("bench.latency.seconds", 150);
        double rate = Double.parseDouble(System.getProperty("bench.latency.rate", "50"));
        int warmup = Integer.getInteger("bench.latency.warmup-seconds", 20);
        for (String interval : System.getProperty("bench.latency.intervals", "10,30").split(",")) {
            measure(Integer.parseInt(interval.trim()), seconds, rate, warmup);
        }
    }

    private void measure(int intervalSeconds, int seconds, double rate, int warmupSeconds)
            throws Exception {
        Path run = dir.resolve("interval-" + intervalSeconds + "s");
        Path raw = Files.createDirectories(run.resolve("raw"));
        Path lake = run.resolve("lake");
        Path deadLetters = run.resolve("deadletter");
        URI checkpoints = run.resolve("checkpoints").toUri();

        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("mode", "stream");
        settings.put("source.kind", "files");
        settings.put("source.path", raw.toUri().toString());
        settings.put("lake.path", lake.toUri().toString());
        settings.put("deadletter.path", deadLetters.toUri().toString());
        settings.put("checkpoint.dir", checkpoints.toString());
        settings.put("checkpoint.interval", intervalSeconds + "s");
        settings.put("parallelism", "2");
        // Not a job setting: other runs on the machine may hold the default port.
        settings.put("rest.port", "0");
        LakeJobConfigBuilder builder = LakeJobConfig.builder();
        List<String> args = new ArrayList<>();
        settings.forEach(
                (key, value) -> {
                    builder.set(key, value);
                    args.add("--" + key);
                    args.add(value);
                });
        Duration monitorInterval = builder.build().get(LakeOptions.SOURCE_MONITOR_INTERVAL);

        Writes writes = new Writes(raw);
        Visibility visibility = new Visibility(lake);
        ExecutorService writer = Executors.newSingleThreadExecutor(r -> thread(r, "raw-writer"));
        ScheduledExecutorService poller =
                Executors.newSingleThreadScheduledExecutor(r -> thread(r, "lake-poller"));
        try (ChildProcess job =
                ChildProcess.startJobJar(run, Map.of(), args.toArray(new String[0]))) {
            // A completed checkpoint: every task runs, discovery included.
            assertThat(
                            job.awaitWhileRunning(
                                    () -> {
                                        Optional<String> latest = latestCheckpoint(checkpoints);
                                        return latest != null && latest.isPresent();
                                    },
                                    Duration.ofSeconds(120 + intervalSeconds),
                                    WAIT))
                    .as("the job's first checkpoint:%n%s", job.tail())
                    .isTrue();
            poller.scheduleWithFixedDelay(
                    visibility::pollQuietly, 0, POLL.toMillis(), TimeUnit.MILLISECONDS);
            Future<?> writing =
                    writer.submit(
                            () -> {
                                writes.writeSteadily(SEED + intervalSeconds, rate, seconds);
                                return null;
                            });
            writing.get(seconds + 120L, TimeUnit.SECONDS);

            // Drain: every document visible, then one more checkpoint for late duplicates.
            Duration drain = monitorInterval.plusSeconds(2L * intervalSeconds + 60);
            // Not asserted: the checks that follow say what is missing.
            job.awaitWhileRunning(
                    () -> visibility.firstSeen.keySet().containsAll(writes.at.keySet()),
                    drain,
                    WAIT);
            Optional<String> drained =
                    Optional.ofNullable(latestCheckpoint(checkpoints)).orElse(Optional.empty());
            assertThat(
                            job.awaitWhileRunning(
                                    () -> {
                                        Optional<String> latest = latestCheckpoint(checkpoints);
                                        return latest != null
                                                && latest.isPresent()
                                                && !latest.equals(drained);
                                    },
                                    Duration.ofSeconds(60 + 2L * intervalSeconds),
                                    WAIT))
                    .as("a checkpoint after the drain:%n%s", job.tail())
                    .isTrue();
            poller.shutdown();
            assertThat(poller.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            visibility.poll();
        } finally {
            writer.shutdownNow();
            poller.shutdownNow();
        }

        // Every written document visible exactly once, nothing else.
        Set<String> missing = new TreeSet<>(writes.at.keySet());
        missing.removeAll(visibility.firstSeen.keySet());
        Map<String, Integer> duplicated = new HashMap<>(visibility.rows);
        duplicated.values().removeIf(n -> n == 1);
        Set<String> unexpected = new TreeSet<>(visibility.firstSeen.keySet());
        unexpected.removeAll(writes.at.keySet());
        System.out.printf(
                Locale.ROOT,
                "checkpoint.interval %ds: written %d, visible %d (rows %d), missing %d,"
                        + " duplicated %d, unexpected %d, dead letters %d%n",
                intervalSeconds,
                writes.at.size(),
                visibility.firstSeen.size(),
                visibility.rows.values().stream().mapToInt(Integer::intValue).sum(),
                missing.size(),
                duplicated.size(),
                unexpected.size(),
                LakeContents.deadLetters(deadLetters).size());
        assertThat(missing).as("written documents never visible").isEmpty();
        assertThat(duplicated).as("documents visible more than once").isEmpty();
        assertThat(unexpected).as("visible rows of documents never written").isEmpty();
        assertThat(visibility.failedReads).as("committed files that could not be read").isEmpty();
        // The same, read independently of the poller, dead letters included.
        Map<String, String> expected = new HashMap<>();
        writes.at.keySet().forEach(source -> expected.put(source, LakeOutcomes.ROW));
        LakeOutcomes.read(lake, deadLetters).assertExactly(expected);

        long measuredFrom = writes.first + warmupSeconds * 1000L;
        List<Long> latencies = new ArrayList<>();
        writes.at.forEach(
                (source, written) -> {
                    if (written >= measuredFrom) {
                        latencies.add(visibility.firstSeen.get(source) - written);
                    }
                });
        assertThat(latencies).as("documents written after the warm-up").isNotEmpty();
        Collections.sort(latencies);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("checkpoint_interval_s", intervalSeconds);
        fields.put("monitor_interval_s", monitorInterval.toMillis() / 1000.0);
        fields.put("rate_docs_per_s", rate);
        fields.put("documents", latencies.size());
        fields.put("p50_s", seconds(BenchResults.percentile(latencies, 50)));
        fields.put("p95_s", seconds(BenchResults.percentile(latencies, 95)));
        fields.put("p99_s", seconds(BenchResults.percentile(latencies, 99)));
        fields.put("max_s", seconds(latencies.get(latencies.size() - 1)));
        fields.put("target_p99_s", intervalSeconds + 15);
        BenchResults.record("visibility-latency", fields);
    }

    /** The raw documents written, by {@code _source_file}, with their write times. */
    private static final class Writes {
        private final Path raw;
        private final RawFolderWriter writer;
        final Map<String, Long> at = new ConcurrentHashMap<>();
        volatile long first;

        Writes(Path raw) {
            this.raw = raw;
            this.writer = new RawFolderWriter(raw);
        }

        /**
         * {@code rate} documents a second for {@code seconds}, each written on its schedule (not
         * after the previous one), event times from a minute before now to the end of the run.
         */
        void writeSteadily(long seed, double rate, int seconds) throws Exception {
            Instant now = Instant.now();
            RawDocumentGenerator generator =
                    new RawDocumentGenerator(
                            GeneratorSettings.builder()
                                    .seed(seed)
                                    .badShare(0)
                                    .eventTimeStart(now.minusSeconds(60))
                                    .eventTimeEnd(now.plusSeconds(seconds + 60L))
                                    .build());
            long count = Math.round(rate * seconds);
            long start = System.nanoTime();
            for (long i = 0; i < count; i++) {
                GeneratedObject o = generator.next();
                long due = start + Math.round(i * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                writer.write(o);
                long written = System.currentTimeMillis();
                if (i == 0) {
                    first = written;
                }
                String source = LakeOutcomes.uriOf(raw, o.key());
                assertThat(at.putIfAbsent(source, written)).as("a new key: %s", source).isNull();
            }
        }
    }

    /** What a reader polling the lake sees: each committed Parquet file once. */
    private static final class Visibility {
        private final Path lake;
        private final Set<Path> read = new HashSet<>();
        private final Map<Path, Long> listedAt = new HashMap<>();
        final Map<String, Long> firstSeen = new ConcurrentHashMap<>();
        final Map<String, Integer> rows = new ConcurrentHashMap<>();
        final Map<Path, String> failedReads = new ConcurrentHashMap<>();

        Visibility(Path lake) {
            this.lake = lake;
        }

        void pollQuietly() {
            try {
                poll();
            } catch (Exception e) {
                // a listing racing the job's renames: the next poll looks again (an exception
                // would end the scheduled polls)
            }
        }

        /**
         * Lists committed files; a file's time is the end of the listing that first found it (it
         * was visible by then). New files are read after the listing, so reading costs nothing.
         */
        synchronized void poll() throws IOException {
            List<Path> files = LakeContents.committedFiles(lake, ".parquet");
            long listed = System.currentTimeMillis();
            for (Path file : files) {
                if (read.contains(file)) {
                    continue;
                }
                long seen = listedAt.computeIfAbsent(file, f -> listed);
                List<GenericRecord> records;
                try {
                    records = LakeContents.records(file);
                } catch (Exception e) {
                    failedReads.put(file, e.toString());
                    continue;
                }
                failedReads.remove(file);
                read.add(file);
                for (GenericRecord r : records) {
                    String source = r.get("_source_file").toString();
                    firstSeen.putIfAbsent(source, seen);
                    rows.merge(source, 1, Integer::sum);
                }
            }
        }
    }

    /**
     * The latest completed checkpoint; null if listing kept failing (the job deletes the oldest
     * retained checkpoint as it completes the next, which can remove a folder being listed).
     */
    private static Optional<String> latestCheckpoint(URI checkpoints) {
        for (int attempt = 0; attempt < 10; attempt++) {
            try {
                return RestorePoints.latest(checkpoints);
            } catch (IOException e) {
                sleepQuietly(100);
            }
        }
        return null;
    }

    private static double seconds(long millis) {
        return BenchResults.round(millis / 1000.0, 2);
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread thread(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
