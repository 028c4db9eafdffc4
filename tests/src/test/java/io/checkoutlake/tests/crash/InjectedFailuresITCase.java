package io.checkoutlake.tests.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.checkoutlake.job.CheckoutLakeJob;
import io.checkoutlake.job.config.LakeJobConfig;
import io.checkoutlake.job.fetch.FlinkFileSystemFetcher;
import io.checkoutlake.job.source.FileDiscovery;
import io.checkoutlake.tests.FailingFetcher;
import io.checkoutlake.tests.LakeOutcomes;
import io.checkoutlake.tests.crash.CrashPoints.Point;
import io.checkoutlake.tools.generator.RawDocumentGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
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
 * The job as stream mode runs it (monitoring discovery, checkpoints every 100 ms, files committed
 * by them) over generated documents, failing three or four times per run at points a seed picks: a
 * fetch (records in flight in the async operator), a sink writer's write (records not yet
 * checkpointed), a writer's prepareCommit (during a checkpoint), and the committer before
 * committing (checkpoint complete, commit not done), half-way, or after committing (commit done,
 * Flink not told). Once every failure fired and every object has an output, the job is stopped with
 * a savepoint: every object is then exactly once a row or a dead letter, by {@code _source_file},
 * with its expected outcome.
 */
class InjectedFailuresITCase {
    private static final int DOCUMENTS = 150;
    private static final Point[] COMMIT_POINTS = {
        Point.COMMIT_BEFORE, Point.COMMIT_MIDWAY, Point.COMMIT_AFTER
    };

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @TempDir Path dir;

    @BeforeEach
    void reset() {
        FailingFetcher.reset();
        CrashPoints.reset();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    @Timeout(120)
    void everyObjectExactlyOnceDespiteFailuresAtRandomPoints(
            long seed, @InjectMiniCluster MiniCluster miniCluster) throws Exception {
        Path raw = Files.createDirectories(dir.resolve("raw"));
        Path lake = dir.resolve("lake");
        Path deadLetters = dir.resolve("deadletter");
        CrashRuns.Raw objects = new CrashRuns.Raw(raw);
        objects.write(new RawDocumentGenerator(CrashRuns.settingsOverTwoDays(seed)), DOCUMENTS);

        SplittableRandom random = new SplittableRandom(seed);
        int fetchFailure = 1 + random.nextInt(DOCUMENTS - 10);
        CrashPoints.arm(Point.WRITE, 1 + random.nextInt(DOCUMENTS - 20));
        Point commitPoint = COMMIT_POINTS[(int) (seed % COMMIT_POINTS.length)];
        CrashPoints.arm(commitPoint, 1 + random.nextInt(6));
        if (random.nextBoolean()) {
            CrashPoints.arm(Point.PREPARE_COMMIT, 1 + random.nextInt(12));
        }

        LakeJobConfig config = CrashRuns.streamConfig(raw, lake, deadLetters).build();
        CheckoutLakeJob job =
                new CheckoutLakeJob(
                        config,
                        FileDiscovery.monitoring(raw.toUri(), Duration.ofMillis(100)),
                        new FailingFetcher(new FlinkFileSystemFetcher(), 5, fetchFailure),
                        FailingCommitSink.wrapping(CheckoutLakeJob.sinksOf(config)));
        try (RunningJob running = RunningJob.start(miniCluster, job, CrashRuns.flink(10), 2)) {
            running.awaitOutputs(
                    lake, deadLetters, objects.expected.keySet(), Duration.ofSeconds(90));
            RunningJob.awaitOrFail(
                    () ->
                            FailingFetcher.failed()
                                    && CrashPoints.fired().equals(CrashPoints.armed()),
                    Duration.ofSeconds(30),
                    "every armed failure to fire");
            // What the last restore replays is committed by the checkpoints after it.
            running.awaitCheckpoints(3, Duration.ofSeconds(30));
            running.stopWithSavepoint(dir.resolve("savepoints"));
        }

        assertThat(CrashPoints.fired()).contains(commitPoint, Point.WRITE);
        LakeOutcomes.read(lake, deadLetters).assertExactly(objects.expected);
    }
}
