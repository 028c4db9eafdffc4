package io.checkoutlake.tests.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.checkoutlake.job.CheckoutLakeJob;
import io.checkoutlake.job.config.LakeJobConfig;
import io.checkoutlake.job.fetch.FlinkFileSystemFetcher;
import io.checkoutlake.job.source.FileDiscovery;
import io.checkoutlake.tests.FailingFetcher;
import io.checkoutlake.tests.LakeOutcomes;
import io.checkoutlake.tests.crash.CrashPoints.Site;
import io.checkoutlake.tools.generator.RawDocumentGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two TaskManagers with one slot each run the job at parallelism 2, so each holds half of every
 * operator. Mid-run (after a seeded number of fetches) one of them, chosen by the seed, is
 * terminated, and a new one started after a seeded pause; once or twice per run. The job fails
 * over, waits for slots, restores its last checkpoint on the new TaskManager and finishes: every
 * object exactly once.
 */
class TaskManagerLossITCase {
    private static final int DOCUMENTS = 150;

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(2)
                            .setNumberSlotsPerTaskManager(1)
                            .build());

    /**
     * Indexes of the TaskManagers alive: the MiniCluster never reuses an index, a terminated one
     * stays terminated, and started ones get the next index.
     */
    private static final List<Integer> ALIVE = new ArrayList<>(Arrays.asList(0, 1));

    private static int started = 2;

    @TempDir Path dir;

    @BeforeEach
    void reset() {
        FailingFetcher.reset();
        CrashPoints.reset();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {21, 22, 23})
    @Timeout(120)
    void everyObjectExactlyOnceAfterLosingATaskManager(
            long seed, @InjectMiniCluster MiniCluster miniCluster) throws Exception {
        Path raw = Files.createDirectories(dir.resolve("raw"));
        Path lake = dir.resolve("lake");
        Path deadLetters = dir.resolve("deadletter");
        CrashRuns.Raw objects = new CrashRuns.Raw(raw);
        objects.write(new RawDocumentGenerator(CrashRuns.settings(seed)), DOCUMENTS);
        SplittableRandom random = new SplittableRandom(seed);
        int losses = 1 + random.nextInt(2);

        LakeJobConfig config = CrashRuns.streamConfig(raw, lake, deadLetters).build();
        CheckoutLakeJob job =
                new CheckoutLakeJob(
                        config,
                        FileDiscovery.monitoring(raw.toUri(), Duration.ofMillis(100)),
                        new CrashPoints.CountingFetcher(
                                new FailingFetcher(new FlinkFileSystemFetcher(), 5, 0)),
                        CheckoutLakeJob.sinksOf(config));
        try (RunningJob running = RunningJob.start(miniCluster, job, CrashRuns.flink(10), 2)) {
            int fetchesBefore = 0;
            for (int loss = 0; loss < losses; loss++) {
                int at = fetchesBefore + 10 + random.nextInt(DOCUMENTS / (losses + 1));
                RunningJob.awaitOrFail(
                        () -> CrashPoints.calls(Site.FETCH) >= at,
                        Duration.ofSeconds(60),
                        at + " fetches");
                int victim = ALIVE.remove(random.nextInt(ALIVE.size()));
                miniCluster.terminateTaskManager(victim).get(30, TimeUnit.SECONDS);
                Thread.sleep(random.nextInt(500));
                miniCluster.startTaskManager();
                ALIVE.add(started++);
                fetchesBefore = CrashPoints.calls(Site.FETCH);
            }
            running.awaitFailover(Duration.ofSeconds(30));
            running.awaitOutputs(
                    lake, deadLetters, objects.expected.keySet(), Duration.ofSeconds(90));
            running.awaitCheckpoints(3, Duration.ofSeconds(30));
            running.stopWithSavepoint(dir.resolve("savepoints"));
        }

        assertThat(ALIVE).hasSize(2);
        LakeOutcomes.read(lake, deadLetters).assertExactly(objects.expected);
    }
}
