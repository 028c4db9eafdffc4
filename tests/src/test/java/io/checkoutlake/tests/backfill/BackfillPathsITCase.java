package io.checkoutlake.tests.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import io.checkoutlake.tests.ChildProcess;
import io.checkoutlake.tools.generator.GeneratedObject;
import io.checkoutlake.tools.generator.GeneratorSettings;
import io.checkoutlake.tools.generator.RawDocumentGenerator;
import io.checkoutlake.tools.generator.RawFolderWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar checkout-lake.jar --mode backfill} over paths that hold nothing to read exits
 * non-zero with one line naming the path (and the right one, when it is one level down), instead of
 * reading nothing and exiting 0.
 */
class BackfillPathsITCase {
    @TempDir Path dir;

    private Path bucket;
    private Path raw;
    private final Set<String> folders = new TreeSet<>();

    @BeforeEach
    void writeRawFolders() throws Exception {
        bucket = Files.createDirectories(dir.resolve("bucket"));
        raw = Files.createDirectories(bucket.resolve("raw"));
        Files.createDirectories(bucket.resolve("exports"));
        RawFolderWriter writer = new RawFolderWriter(raw);
        for (GeneratedObject o :
                new RawDocumentGenerator(GeneratorSettings.builder().seed(5).build()).next(6)) {
            writer.write(o);
            folders.add(o.key().substring(0, o.key().indexOf('/')));
        }
    }

    @Test
    @Timeout(120)
    void aBackfillOfTheFolderAboveTheRawPrefixNamesTheOneToUse() throws Exception {
        String output = runRefused("above", bucket, "all");
        assertThat(output)
                .contains(
                        bucket.toUri().toString().replaceAll("/$", "")
                                + " (source.path) holds none of the 512 raw folders")
                .contains("use --source.path ")
                .contains(raw.toString());
    }

    @Test
    @Timeout(120)
    void aBackfillOfAFolderWithoutRawFoldersSaysSo() throws Exception {
        String output = runRefused("empty", bucket.resolve("exports"), "all");
        assertThat(output)
                .contains(" (source.path) holds none of the 512 raw folders")
                .contains("nothing to read")
                .doesNotContain("use --source.path");
    }

    @Test
    @Timeout(120)
    void aBackfillOfOnlyMissingFoldersIsRefused() throws Exception {
        String missing =
                folders.contains("7F_CheckoutOrder") ? "7E_CheckoutOrder" : "7F_CheckoutOrder";
        String output = runRefused("missing", raw, missing);
        assertThat(output)
                .contains("none of the folders that backfill.folders=" + missing + " names exists")
                .contains(raw.toString());
    }

    /** Runs the backfill; asserts it exits non-zero with the refusal as its last line. */
    private String runRefused(String run, Path source, String folderSpec) throws Exception {
        Path lake = dir.resolve(run + "-lake");
        try (ChildProcess p =
                ChildProcess.startJobJar(
                        dir.resolve(run),
                        Map.of(),
                        "--mode",
                        "backfill",
                        "--source.path",
                        source.toUri().toString(),
                        "--lake.path",
                        lake.toUri().toString(),
                        "--deadletter.path",
                        dir.resolve(run + "-deadletter").toUri().toString(),
                        "--backfill.folders",
                        folderSpec,
                        "--rest.port",
                        "0")) {
            int exit = p.awaitExit(Duration.ofSeconds(90));
            String tail = p.tail();
            assertThat(exit).as(tail).isNotZero();
            String last = tail.substring(tail.lastIndexOf('\n') + 1);
            assertThat(last).as("the last line of:%n%s", tail).startsWith("backfill: ");
            assertThat(lake).doesNotExist();
            return last;
        }
    }
}
