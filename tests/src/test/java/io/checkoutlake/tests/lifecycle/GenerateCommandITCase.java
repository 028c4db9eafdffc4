package io.checkoutlake.tests.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.checkoutlake.tests.ChildProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's "generate raw documents yourself" command, run as printed there. */
class GenerateCommandITCase {
    @TempDir Path dir;

    @Test
    void writesTheRequestedObjectsIntoRawFolders() throws Exception {
        Path root =
                ChildProcess.jobJar()
                        .toAbsolutePath()
                        .normalize()
                        .getParent()
                        .getParent()
                        .getParent();
        Path out = dir.resolve("raw");
        ChildProcess.Result result =
                ChildProcess.runMerged(
                        List.of(
                                ChildProcess.java(),
                                "-cp",
                                "job/target/checkout-lake.jar:tests/tools/target/checkout-lake-tools.jar",
                                "io.checkoutlake.tools.Tools",
                                "generate",
                                "--out",
                                out.toString(),
                                "--count",
                                "300",
                                "--bad-share",
                                "0.05"),
                        root,
                        Map.of());
        assertThat(result.exitCode).as("%s", result).isZero();
        assertThat(result.stdoutLines())
                .anySatisfy(line -> assertThat(line).startsWith("generate: wrote 300 objects ("));
        try (Stream<Path> files = Files.walk(out)) {
            List<Path> objects = files.filter(Files::isRegularFile).collect(Collectors.toList());
            assertThat(objects).hasSize(300);
            // Raw folders are <2 hex digits>_<Entity>Order, as in the raw bucket.
            assertThat(objects)
                    .allSatisfy(
                            object ->
                                    assertThat(out.relativize(object).getName(0).toString())
                                            .matches("[0-9A-F]{2}_(Checkout|Fulfillment)Order"));
        }
    }
}
