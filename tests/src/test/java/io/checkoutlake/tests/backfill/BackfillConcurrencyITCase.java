package io.checkoutlake.tests.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import io.checkoutlake.job.backfill.BackfillLease;
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
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code java -jar checkout-lake.jar --mode backfill} processes of one raw prefix into one lake
 * at the same time: one started while the other writes refuses with the folders and the lease that
 * the other holds; two started together each complete or refuse. The lake ends as a single
 * uninterrupted backfill's, every row once, no file lost.
 */
class BackfillConcurrencyITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @TempDir static Path dir;

    private static Path raw;
    private static Path clean;
    private static final Map<String, String> expected = new HashMap<>();

    @BeforeAll
    static void writeHistoryAndBackfillItAlone() throws Exception {
        raw = Files.createDirectories(dir.resolve("raw"));
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
        clean = dir.resolve("clean");
        MiniClusterBackfill.run(
                LakeJobConfig.fromArgs(args(raw, clean)), new FlinkFileSystemFetcher());
    }

    @Test
    @Timeout(300)
    void aSecondBackfillOfTheSameFoldersIsRefusedAndTheFirstEndsComplete() throws Exception {
        Path lake = dir.resolve("lake");
        Path leases = lake.resolve(BackfillMarkers.FOLDER).resolve(BackfillLease.FOLDER);
        try (ChildProcess first =
                ChildProcess.startJobJar(dir.resolve("first"), Map.of(), args(raw, lake))) {
            BackfillMarkers markers = new BackfillMarkers(lake.toUri());
            // Its first job done, so both runs write the lake at the same time.
            assertThat(
                            first.awaitWhileRunning(
                                    () -> hasMarkers(markers),
                                    Duration.ofSeconds(120),
                                    Duration.ofMillis(50)))
                    .as("a first job done in time")
                    .isTrue();
            try (ChildProcess second =
                    ChildProcess.startJobJar(dir.resolve("second"), Map.of(), args(raw, lake))) {
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
        assertLakeIsTheCleanOne(lake);
    }

    /** Started in the same instant: each run completes or refuses, and the lake is whole. */
    @Test
    @Timeout(300)
    void twoBackfillsStartedTogetherWriteEveryRowOnceOrRefuse() throws Exception {
        Path lake = dir.resolve("together");
        Path leases = lake.resolve(BackfillMarkers.FOLDER).resolve(BackfillLease.FOLDER);
        int completed = 0;
        try (ChildProcess a =
                        ChildProcess.startJobJar(dir.resolve("a"), Map.of(), args(raw, lake));
                ChildProcess b =
                        ChildProcess.startJobJar(dir.resolve("b"), Map.of(), args(raw, lake))) {
            for (ChildProcess p : List.of(a, b)) {
                int exit = p.awaitExit(Duration.ofSeconds(240));
                if (exit == 0) {
                    completed++;
                } else {
                    assertThat(p.tail())
                            .as("exit %d", exit)
                            .contains("another backfill is writing");
                }
            }
        }
        assertThat(leaseCount(leases)).as("no lease left").isZero();
        if (completed > 0) {
            assertLakeIsTheCleanOne(lake);
        } else {
            assertThat(new BackfillMarkers(lake.toUri()).readAll()).as("both refused").isEmpty();
        }
    }

    private static void assertLakeIsTheCleanOne(Path lake) throws Exception {
        LakeSnapshot.of(lake, lake.resolveSibling(lake.getFileName() + "-deadletter"))
                .assertSameAs(LakeSnapshot.of(clean, clean.resolveSibling("clean-deadletter")));
        LakeOutcomes.read(lake, lake.resolveSibling(lake.getFileName() + "-deadletter"))
                .assertExactly(expected);
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
