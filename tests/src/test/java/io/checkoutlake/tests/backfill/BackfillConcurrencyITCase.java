package io.checkoutlake.tests.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import io.checkoutlake.functions.generator.GeneratedObject;
import io.checkoutlake.functions.generator.GeneratorSettings;
import io.checkoutlake.functions.generator.RawDocumentGenerator;
import io.checkoutlake.job.backfill.BackfillLease;
import io.checkoutlake.job.backfill.BackfillMarkers;
import io.checkoutlake.job.config.LakeJobConfig;
import io.checkoutlake.job.fetch.FlinkFileSystemFetcher;
import io.checkoutlake.job.generator.RawFolderWriter;
import io.checkoutlake.tests.JobJarProcess;
import io.checkoutlake.tests.LakeOutcomes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code java -jar checkout-lake.jar --mode backfill} processes of one raw prefix into one lake
 * at the same time: the second refuses with the folders and the lease that the first holds, the
 * first ends with the lake of a single uninterrupted backfill, every row once, no file lost.
 */
class BackfillConcurrencyITCase {
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
    void aSecondBackfillOfTheSameFoldersIsRefusedAndTheFirstEndsComplete() throws Exception {
        Path raw = Files.createDirectories(dir.resolve("raw"));
        Map<String, String> expected = new HashMap<>();
        GeneratorSettings settings =
                GeneratorSettings.builder()
                        .seed(2207)
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
        MiniClusterBackfill.run(
                LakeJobConfig.fromArgs(args(raw, clean)), new FlinkFileSystemFetcher());

        Path lake = dir.resolve("lake");
        Path leases = lake.resolve(BackfillMarkers.FOLDER).resolve(BackfillLease.FOLDER);
        try (JobJarProcess first =
                JobJarProcess.start(dir.resolve("first"), Map.of(), args(raw, lake))) {
            BackfillMarkers markers = new BackfillMarkers(lake.toUri());
            // Its first job done, so both runs write the lake at the same time.
            assertThat(
                            first.awaitWhileRunning(
                                    () -> hasMarkers(markers),
                                    Duration.ofSeconds(120),
                                    Duration.ofMillis(50)))
                    .as("a first job done in time")
                    .isTrue();
            try (JobJarProcess second =
                    JobJarProcess.start(dir.resolve("second"), Map.of(), args(raw, lake))) {
                int exit = second.awaitExit(Duration.ofSeconds(120));
                String tail = second.tail();
                assertThat(first.isAlive()).as("the first still runs; %s", first.tail()).isTrue();
                assertThat(exit).as(tail).isNotZero();
                assertThat(tail)
                        .contains("another backfill is writing")
                        .contains("_CheckoutOrder")
                        .contains(leases.toUri().getPath());
            }
            assertThat(first.awaitExit(Duration.ofSeconds(200))).as(first.tail()).isZero();
        }
        assertThat(leaseCount(leases)).as("the lease is released").isZero();
        LakeSnapshot.of(lake, lake.resolveSibling("lake-deadletter"))
                .assertSameAs(LakeSnapshot.of(clean, clean.resolveSibling("clean-deadletter")));
        LakeOutcomes.read(lake, lake.resolveSibling("lake-deadletter")).assertExactly(expected);
    }

    private static boolean hasMarkers(BackfillMarkers markers) {
        try {
            return !markers.readAll().isEmpty();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long leaseCount(Path leases) {
        if (!Files.isDirectory(leases)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(leases)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json"))
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .count();
        } catch (java.io.IOException e) {
            return 0;
        }
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
