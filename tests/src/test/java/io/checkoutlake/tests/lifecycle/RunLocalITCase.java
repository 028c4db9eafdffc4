package io.checkoutlake.tests.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.checkoutlake.tests.ChildProcess;
import io.checkoutlake.tests.LakeContents;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, {@code ./run-local.sh}, as a new user runs it: the generator, the job
 * and the summary come up, documents reach the lake and the dead letters, Ctrl-C (SIGTERM here)
 * ends it; with the web UI's port taken it stops at once with one line naming the port.
 */
class RunLocalITCase {
    // "[12:00:01] raw objects written 501 | checkout: 25 rows, ... | fulfillment: 22 rows, ... |
    // dead letters: 2 {...}"
    private static final Pattern SUMMARY =
            Pattern.compile(
                    "raw objects written (\\d+) \\| checkout: (\\d+) rows.*"
                            + "\\| fulfillment: (\\d+) rows.*\\| dead letters: (\\d+)");

    @TempDir Path dir;

    @Test
    void runsGeneratorJobAndSummaryUntilStopped() throws Exception {
        Path run = dir.resolve("local-run");
        try (ChildProcess demo =
                ChildProcess.start(
                        List.of(
                                "bash",
                                "run-local.sh",
                                "--dir",
                                run.toString(),
                                "--rate",
                                "200",
                                "--bad-share",
                                "0.1",
                                "--checkpoint.interval",
                                "2s",
                                "--rest.port",
                                Integer.toString(freePort())),
                        repositoryRoot(),
                        Map.of(),
                        dir.resolve("run-local.log"))) {
            // The first use may build the jars (run-local.sh builds them when sources are newer).
            assertThat(
                            demo.awaitWhileRunning(
                                    () -> summaryShowsBothTablesAndDeadLetters(demo.log()),
                                    Duration.ofMinutes(5),
                                    Duration.ofSeconds(1)))
                    .as(
                            "a summary line with rows in both tables and dead letters:%n%s",
                            demo.tail())
                    .isTrue();
            demo.close();
            assertThat(demo.isAlive()).as("ended by SIGTERM").isFalse();

            List<String> log = Files.readAllLines(demo.log());
            // The demo's own error lines: a summary that failed to read the lake, a generator
            // that failed to write.
            assertThat(log)
                    .filteredOn(l -> l.startsWith("summary:") || l.startsWith("generator:"))
                    .isEmpty();
        }
        List<LakeContents.Row> rows = LakeContents.rows(run.resolve("lake"));
        assertThat(rows).isNotEmpty();
        // One raw object holds one document: each committed row comes from an object of its own.
        Map<String, Long> rowsPerObject =
                rows.stream()
                        .collect(
                                Collectors.groupingBy(
                                        LakeContents.Row::sourceFile, Collectors.counting()));
        assertThat(rowsPerObject).allSatisfy((object, count) -> assertThat(count).isEqualTo(1L));
        assertThat(LakeContents.deadLetters(run.resolve("deadletter")))
                .isNotEmpty()
                .allSatisfy(letter -> assertThat(letter.path("reason").asText()).isNotBlank());
    }

    @Test
    void aBusyWebUiPortStopsItWithOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            int port = taken.getLocalPort();
            ChildProcess.Result result =
                    ChildProcess.runMerged(
                            List.of(
                                    "bash",
                                    "run-local.sh",
                                    "--dir",
                                    dir.resolve("local-run").toString(),
                                    "--rest.port",
                                    Integer.toString(port)),
                            repositoryRoot(),
                            Map.of());
            assertThat(result.exitCode).as("%s", result).isEqualTo(1);
            assertThat(result.stdoutLines())
                    .contains(
                            "checkout-lake: cannot start: port " + port + " is in use (rest.port)");
        }
    }

    private static boolean summaryShowsBothTablesAndDeadLetters(Path log) {
        try {
            Optional<Matcher> last =
                    Files.readAllLines(log).stream()
                            .map(SUMMARY::matcher)
                            .filter(Matcher::find)
                            .reduce((first, second) -> second);
            return last.isPresent()
                    && Long.parseLong(last.get().group(2)) > 0
                    && Long.parseLong(last.get().group(3)) > 0
                    && Long.parseLong(last.get().group(4)) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static Path repositoryRoot() {
        // job/target/checkout-lake.jar
        return ChildProcess.jobJar()
                .toAbsolutePath()
                .normalize()
                .getParent()
                .getParent()
                .getParent();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
