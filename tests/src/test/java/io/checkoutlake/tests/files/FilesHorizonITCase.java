package io.checkoutlake.tests.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.checkoutlake.job.CheckoutLakeJob;
import io.checkoutlake.job.config.LakeJobConfig;
import io.checkoutlake.job.topology.Uids;
import io.checkoutlake.tests.LakeOutcomes;
import io.checkoutlake.tests.savepoint.SavepointStates;
import io.checkoutlake.tools.generator.GeneratedObject;
import io.checkoutlake.tools.generator.GeneratorSettings;
import io.checkoutlake.tools.generator.RawDocumentGenerator;
import io.checkoutlake.tools.generator.RawFolderWriter;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.restartstrategy.RestartStrategies;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.PendingSplitsCheckpoint;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code source.files-horizon} on a MiniCluster, stream mode over a local folder: files modified
 * before the horizon are skipped and counted, the others land exactly once; the savepoint taken by
 * stop holds only the paths within the horizon; restored with a shorter horizon, the job forgets
 * the paths now outside it, reads none of them again, counts no skipped file twice, and reads the
 * files that arrive after the restore.
 */
class FilesHorizonITCase {
    private static final int OLD = 12;
    private static final int RECENT = 12;
    private static final int NEW = 12;
    private static final int AFTER_RESTORE = 10;
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(METRICS.addToConfiguration(new Configuration()))
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @TempDir Path dir;

    private final RawDocumentGenerator generator =
            new RawDocumentGenerator(
                    GeneratorSettings.builder()
                            .seed(31)
                            .minDocumentBytes(5_000)
                            .maxDocumentBytes(GeneratorSettings.SMALLEST_MAX_DOCUMENT_BYTES)
                            .badShare(0.1)
                            .eventTimeStart(Instant.parse("2019-08-01T02:00:00Z"))
                            .eventTimeEnd(Instant.parse("2019-08-01T22:00:00Z"))
                            .build());

    @Test
    @Timeout(300)
    void oldFilesAreSkippedAndTheStateKeepsOnlyTheHorizonAcrossARestore() throws Exception {
        Path raw = Files.createDirectories(dir.resolve("raw"));
        Path lake = dir.resolve("lake");
        Path deadLetters = dir.resolve("deadletter");
        RawFolderWriter writer = new RawFolderWriter(raw);
        Instant start = Instant.now();
        // All written before the job starts, so no listing sees a file before its time is set.
        Map<String, String> old = write(writer, OLD, start.minus(Duration.ofHours(3)));
        Map<String, String> recent = write(writer, RECENT, start.minus(Duration.ofMinutes(45)));
        Map<String, String> fresh = write(writer, NEW, null);
        Map<String, String> expected = new TreeMap<>(recent);
        expected.putAll(fresh);

        // Run 1, horizon 1h: the 3h old files are skipped and counted, the others read.
        JobClient first = start(raw, lake, deadLetters, "1h", null);
        awaitOutputs(first, lake, deadLetters, expected.keySet());
        Thread.sleep(1_000); // a few more listings, which must not read the old files either
        Path savepoint1 = stop(first, "savepoint-1");

        LakeOutcomes.read(lake, deadLetters).assertExactly(expected);
        assertThat(skippedCount(first.getJobID())).isEqualTo(OLD);
        assertThat(rememberedPaths(savepoint1))
                .as("the state after run 1: the paths within 1h, none of the old ones")
                .isEqualTo(union(recent, fresh));

        // Run 2, restored with horizon 30m: the 45 min old paths leave the state, nothing is
        // read twice, the old files are not counted again, new arrivals are read.
        JobClient second = start(raw, lake, deadLetters, "30m", savepoint1);
        Map<String, String> later = write(writer, AFTER_RESTORE, null);
        expected.putAll(later);
        awaitOutputs(second, lake, deadLetters, expected.keySet());
        Thread.sleep(1_000);
        Path savepoint2 = stop(second, "savepoint-2");

        LakeOutcomes.read(lake, deadLetters).assertExactly(expected);
        assertThat(skippedCount(second.getJobID())).as("counted by run 1 already").isZero();
        assertThat(rememberedPaths(savepoint2))
                .as("the state after run 2: only the paths within 30m")
                .isEqualTo(union(fresh, later));
        assertThat(expected.keySet()).doesNotContainAnyElementsOf(old.keySet());
    }

    /** Writes {@code count} documents modified at {@code modified} (null: now). */
    private Map<String, String> write(RawFolderWriter writer, int count, Instant modified)
            throws IOException {
        Map<String, String> written = new TreeMap<>();
        for (GeneratedObject o : generator.next(count)) {
            Path file = writer.write(o);
            if (modified != null) {
                Files.setLastModifiedTime(file, FileTime.from(modified));
            }
            written.put(
                    LakeOutcomes.uriOf(writer.root(), o.key()), LakeOutcomes.expectedOutcome(o));
        }
        return written;
    }

    private JobClient start(Path raw, Path lake, Path deadLetters, String horizon, Path restoreFrom)
            throws Exception {
        LakeJobConfig config =
                LakeJobConfig.builder()
                        .set("mode", "stream")
                        .set("source.path", raw.toUri().toString())
                        .set("source.monitor-interval", "200ms")
                        .set("source.files-horizon", horizon)
                        .set("lake.path", lake.toUri().toString())
                        .set("deadletter.path", deadLetters.toUri().toString())
                        .set("fetch.concurrency", "2")
                        .build();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(300);
        env.setRestartStrategy(RestartStrategies.noRestart());
        // The production wiring: source.files-horizon reaches the source through the config.
        CheckoutLakeJob.fromConfig(config).build(env);
        StreamGraph graph = env.getStreamGraph();
        if (restoreFrom != null) {
            graph.setSavepointRestoreSettings(
                    SavepointRestoreSettings.forPath(restoreFrom.toUri().toString(), false));
        }
        return env.executeAsync(graph);
    }

    private static void awaitOutputs(
            JobClient client, Path lake, Path deadLetters, Set<String> sources) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!LakeOutcomes.read(lake, deadLetters).covers(sources)) {
            if (client.getJobStatus().get().isGloballyTerminalState()) {
                client.getJobExecutionResult().get(); // throws with the job's failure
            }
            assertThat(System.nanoTime()).as("outputs in time").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private Path stop(JobClient client, String name) throws Exception {
        // Without drain: the final savepoint commits what the last checkpoint left pending.
        String location =
                client.stopWithSavepoint(
                                false,
                                dir.resolve(name).toUri().toString(),
                                SavepointFormatType.CANONICAL)
                        .get();
        return Path.of(URI.create(location));
    }

    private static long skippedCount(JobID job) {
        Map<String, Metric> found = METRICS.findMetrics(job, "filesSkippedOutsideHorizon");
        assertThat(found).as("the skipped-files counter of job %s", job).isNotEmpty();
        return found.values().stream().mapToLong(m -> ((Counter) m).getCount()).sum();
    }

    /** The paths the discovery's state remembers, as {@code _source_file} URIs. */
    private static Set<String> rememberedPaths(Path savepoint) throws IOException {
        PendingSplitsCheckpoint<FileSourceSplit> state =
                SavepointStates.fileSourceEnumerator(savepoint, Uids.DISCOVERY);
        List<org.apache.flink.core.fs.Path> paths =
                state.getAlreadyProcessedPaths().stream()
                        .filter(p -> !"checkout-lake-horizon".equals(p.toUri().getScheme()))
                        .collect(Collectors.toList());
        assertThat(state.getAlreadyProcessedPaths())
                .as("the horizon's cutoff travels in the state")
                .hasSize(paths.size() + 1);
        return paths.stream()
                .map(p -> "file://" + p.toUri().getPath())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @SafeVarargs
    private static Set<String> union(Map<String, String>... maps) {
        Set<String> all = new TreeSet<>();
        for (Map<String, String> m : maps) {
            all.addAll(m.keySet());
        }
        return all;
    }
}
