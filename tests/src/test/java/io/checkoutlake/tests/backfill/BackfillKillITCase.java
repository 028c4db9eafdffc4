package io.checkoutlake.tests.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import io.checkoutlake.job.config.LakeJobConfig;
import io.checkoutlake.job.coverage.BackfillMarkers;
import io.checkoutlake.job.fetch.FlinkFileSystemFetcher;
import io.checkoutlake.tests.ChildProcess;
import io.checkoutlake.tests.LakeOutcomes;
import io.checkoutlake.tools.generator.GeneratedObject;
import io.checkoutlake.tools.generator.GeneratorSettings;
import io.checkoutlake.tools.generator.RawDocumentGenerator;
import io.checkoutlake.tools.generator.RawFolderWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real process: {@code java -jar checkout-lake.jar --mode backfill} killed with SIGKILL after
 * its first jobs finished, then started again with the same command, ends with the same lake as an
 * uninterrupted backfill, and does not read the folders finished before the kill again.
 */
class BackfillKillITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @TempDir Path dir;

    @Test
    @Timeout(300)
    void aKilledBackfillResumesAndEndsIdenticalToAnUninterruptedOne() throws Exception {
        Path raw = Files.createDirectories(dir.resolve("raw"));
        Map<String, String> expected = new HashMap<>();
        GeneratorSettings settings =
                GeneratorSettings.builder()
                        .seed(1707)
                        .badShare(0.1)
                        .eventTimeStart(Instant.parse("2018-01-01T00:00:00Z"))
                        .eventTimeEnd(Instant.parse("2018-05-01T00:00:00Z"))
                        .build();
        RawFolderWriter writer = new RawFolderWriter(raw);
        for (GeneratedObject o : new RawDocumentGenerator(settings).next(240)) {
            writer.write(o);
            expected.put(LakeOutcomes.uriOf(raw, o.key()), LakeOutcomes.expectedOutcome(o));
        }

        Path clean = dir.resolve("clean");
        MiniClusterBackfill.run(config(raw, clean), new FlinkFileSystemFetcher());

        Path lake = dir.resolve("lake");
        BackfillMarkers markers = new BackfillMarkers(lake.toUri());
        int killedAfterMarkers;
        try (ChildProcess first =
                ChildProcess.startJobJar(dir.resolve("first"), Map.of(), args(raw, lake))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (markers.readAll().isEmpty()) {
                assertThat(first.isAlive()).as("running; %s", first.tail()).isTrue();
                assertThat(System.nanoTime()).as("a first job done in time").isLessThan(deadline);
                Thread.sleep(100);
            }
            // Somewhere in the next job: listing, reading or writing.
            Thread.sleep(new Random().nextInt(1_500));
            assertThat(first.isAlive()).as("killed before the end; %s", first.tail()).isTrue();
            first.kill();
            killedAfterMarkers = markers.readAll().size();
        }
        int folders =
                Math.toIntExact(
                        expected.keySet().stream()
                                .map(u -> u.substring(raw.toUri().toString().length() - 1))
                                .map(k -> k.substring(1, k.indexOf('/', 1)))
                                .distinct()
                                .count());
        assertThat(killedAfterMarkers).isBetween(1, folders - 1);

        try (ChildProcess second =
                ChildProcess.startJobJar(dir.resolve("second"), Map.of(), args(raw, lake))) {
            assertThat(second.awaitExit(Duration.ofSeconds(200))).as(second.tail()).isZero();
            assertThat(second.tail())
                    .contains(killedAfterMarkers + " skipped as done")
                    .contains("backfill done");
        }
        LakeSnapshot.of(lake, lake.resolveSibling("lake-deadletter"))
                .assertSameAs(LakeSnapshot.of(clean, clean.resolveSibling("clean-deadletter")));
        LakeOutcomes.read(lake, lake.resolveSibling("lake-deadletter")).assertExactly(expected);
    }

    private static LakeJobConfig config(Path raw, Path lake) {
        return LakeJobConfig.fromArgs(args(raw, lake));
    }

    private static String[] args(Path raw, Path lake) {
        return new String[] {
            "--mode", "backfill",
            "--source.path", raw.toUri().toString(),
            "--lake.path", lake.toUri().toString(),
            "--deadletter.path",
                    lake.resolveSibling(lake.getFileName() + "-deadletter").toUri().toString(),
            "--backfill.folders-per-job", "24",
            "--parallelism", "2",
            "--rest.port", "0"
        };
    }
}
