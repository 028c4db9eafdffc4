package io.checkoutlake.tests.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.checkoutlake.job.CheckoutLakeJob;
import io.checkoutlake.job.LakeEnvironments;
import io.checkoutlake.job.checkpoint.RestorePoints;
import io.checkoutlake.job.config.LakeJobConfig;
import io.checkoutlake.job.fetch.FlinkFileSystemFetcher;
import io.checkoutlake.job.source.FileDiscovery;
import io.checkoutlake.tests.FailingFetcher;
import io.checkoutlake.tests.LakeOutcomes;
import io.checkoutlake.tools.generator.RawDocumentGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --restore-from latest} across runs, with the production environment settings ({@link
 * LakeEnvironments#flinkConfiguration}: filesystem checkpoints under {@code checkpoint.dir},
 * retained on cancellation; only the interval is shortened to 100 ms). The job runs in stream mode
 * with monitoring discovery while documents keep arriving; it is cancelled at a seeded moment and
 * started again from {@link RestorePoints#latest}, twice, with more documents written while it is
 * down; then stopped with a savepoint and started once more from that savepoint. Every object
 * exactly once at the end.
 */
class CancelAndRestoreITCase {
    private static final int CANCELLED_RUNS = 2;

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @TempDir Path dir;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {31, 32, 33})
    @Timeout(150)
    void everyObjectExactlyOnceAcrossCancelAndRestore(
            long seed, @InjectMiniCluster MiniCluster miniCluster) throws Exception {
        FailingFetcher.reset();
        Path raw = Files.createDirectories(dir.resolve("raw"));
        Path lake = dir.resolve("lake");
        Path deadLetters = dir.resolve("deadletter");
        Path checkpoints = dir.resolve("checkpoints");
        CrashRuns.Raw objects = new CrashRuns.Raw(raw);
        RawDocumentGenerator generator = new RawDocumentGenerator(CrashRuns.settings(seed));
        SplittableRandom random = new SplittableRandom(seed);
        LakeJobConfig config =
                CrashRuns.streamConfig(raw, lake, deadLetters)
                        .set("checkpoint.dir", checkpoints.toUri().toString())
                        .set("restore-from", "latest")
                        .build();
        objects.write(generator, 30);

        for (int run = 0; run < CANCELLED_RUNS; run++) {
            Optional<String> before = RestorePoints.latest(config.checkpointDir());
            Configuration flink = flinkConfiguration(config);
            assertThat(Optional.ofNullable(flink.get(StateRecoveryOptions.SAVEPOINT_PATH)))
                    .as("run %d restores the latest retained checkpoint", run)
                    .isEqualTo(before);
            try (RunningJob running = RunningJob.start(miniCluster, job(config), flink, 2)) {
                objects.write(generator, 10 + random.nextInt(15));
                // The first run must leave a checkpoint to restore; later ones may not.
                if (run == 0) {
                    RunningJob.awaitOrFail(
                            () -> latestDiffersFrom(config, before),
                            Duration.ofSeconds(60),
                            "a retained checkpoint");
                }
                Thread.sleep(random.nextInt(1500));
                running.assertAlive();
                running.cancel();
            }
            objects.write(generator, 5 + random.nextInt(10));
        }

        Configuration flink = flinkConfiguration(config);
        assertThat(flink.get(StateRecoveryOptions.SAVEPOINT_PATH)).isNotNull();
        String savepoint;
        try (RunningJob running = RunningJob.start(miniCluster, job(config), flink, 2)) {
            objects.write(generator, 10);
            running.awaitOutputs(
                    lake, deadLetters, objects.expected.keySet(), Duration.ofSeconds(90));
            savepoint = running.stopWithSavepoint(dir.resolve("savepoints"));
        }

        objects.write(generator, 10);
        LakeJobConfig fromSavepoint = config.toBuilder().set("restore-from", savepoint).build();
        try (RunningJob running =
                RunningJob.start(
                        miniCluster, job(fromSavepoint), flinkConfiguration(fromSavepoint), 2)) {
            running.awaitOutputs(
                    lake, deadLetters, objects.expected.keySet(), Duration.ofSeconds(90));
            running.awaitCheckpoints(2, Duration.ofSeconds(30));
            running.stopWithSavepoint(dir.resolve("savepoints"));
        }

        LakeOutcomes.read(lake, deadLetters).assertExactly(objects.expected);
    }

    private static CheckoutLakeJob job(LakeJobConfig config) {
        return new CheckoutLakeJob(
                config,
                FileDiscovery.monitoring(config.sourcePath(), Duration.ofMillis(100)),
                new FailingFetcher(new FlinkFileSystemFetcher(), 5, 0),
                CheckoutLakeJob.sinksOf(config));
    }

    /** The production settings, with checkpoints every 100 ms instead of the 1 s minimum. */
    private static Configuration flinkConfiguration(LakeJobConfig config) throws Exception {
        Configuration flink = LakeEnvironments.flinkConfiguration(config);
        flink.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, CrashRuns.CHECKPOINT_INTERVAL);
        return flink;
    }

    private static boolean latestDiffersFrom(LakeJobConfig config, Optional<String> before) {
        try {
            Optional<String> now = RestorePoints.latest(config.checkpointDir());
            return now.isPresent() && !now.equals(before);
        } catch (Exception e) {
            return false;
        }
    }
}
