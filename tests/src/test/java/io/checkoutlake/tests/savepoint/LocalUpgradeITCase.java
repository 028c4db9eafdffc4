package io.checkoutlake.tests.savepoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.checkoutlake.job.checkpoint.RestorePoints;
import io.checkoutlake.tests.ChildProcess;
import io.checkoutlake.tests.LakeOutcomes;
import io.checkoutlake.tools.generator.GeneratedObject;
import io.checkoutlake.tools.generator.GeneratorSettings;
import io.checkoutlake.tools.generator.RawDocumentGenerator;
import io.checkoutlake.tools.generator.RawFolderWriter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local upgrade path of the runbook ({@code savepoints/README.md}, "Local"), for real: {@code
 * java -jar checkout-lake.jar --mode stream --rest.port P} as a child process; raw documents arrive
 * from its first checkpoint on, and once some rows are committed, while more still arrive, {@code
 * savepoints/stop-with-savepoint.sh --rest http://127.0.0.1:P --target DIR} (exit 0, one stdout
 * line: a savepoint with a {@code _metadata}) and the process ends by itself; more documents arrive
 * while nothing runs; the jar again with {@code --restore-from <that path>}, more documents, and
 * the script once more for a clean stop. Every document is then exactly once a row or a dead
 * letter: a fresh start instead of a restore would read the first documents again (rows twice), a
 * lost pending file or in-flight fetch would lose some.
 *
 * <p>Needs {@code job/target/checkout-lake.jar} (failsafe passes its path as {@code
 * checkoutlake.jar}), bash, curl and python3.
 */
class LocalUpgradeITCase {
    /** A cap on the documents written while the old release runs. */
    private static final int MAX_BEFORE = 400;

    private static final int WHILE_STOPPED = 30;
    private static final int AFTER = 20;

    @TempDir Path dir;

    private final List<Process> processes = new ArrayList<>();
    private final Map<String, String> expected = new ConcurrentHashMap<>();
    private RawFolderWriter writer;
    private Path raw;

    @Test
    @Timeout(240)
    void stopWithSavepointThenRestoreTheJarKeepsEveryDocumentExactlyOnce() throws Exception {
        Path jar =
                Paths.get(System.getProperty("checkoutlake.jar", SavepointPaths.jar().toString()));
        assertThat(jar).as("the job jar (mvn -pl job package)").exists();
        raw = Files.createDirectories(dir.resolve("raw"));
        writer = new RawFolderWriter(raw);
        Path lake = dir.resolve("lake");
        Path deadLetters = dir.resolve("deadletter");
        Path savepoints = dir.resolve("savepoints");
        RawDocumentGenerator generator = new RawDocumentGenerator(settings());
        ExecutorService background = Executors.newSingleThreadExecutor();
        try {
            // 1. The old release, documents arriving once it runs (its first checkpoint).
            int port = freePort();
            Process old = start(jar, port, "old", null);
            URI checkpoints = dir.resolve("checkpoints").toUri();
            await(
                    old,
                    "old",
                    () -> RestorePoints.latest(checkpoints).isPresent(),
                    Duration.ofSeconds(90),
                    "the first checkpoint of the old release");
            // Five documents every 500 ms until the old process is gone: some arrive after its
            // savepoint, for the new release to read.
            AtomicBoolean oldRunning = new AtomicBoolean(true);
            Future<?> arriving =
                    background.submit(
                            () -> {
                                while (oldRunning.get() && expected.size() < MAX_BEFORE) {
                                    write(generator.next(5));
                                    Thread.sleep(500);
                                }
                                return null;
                            });
            await(
                    old,
                    "old",
                    () -> LakeOutcomes.read(lake, deadLetters).rows().size() > 0,
                    Duration.ofSeconds(90),
                    "committed rows of the old release");

            // 2. Stop it with a savepoint through its REST API.
            String savepoint = stopWithSavepoint(port, savepoints, old, "old");
            assertThat(old.waitFor(60, TimeUnit.SECONDS))
                    .as("the old process ends after stop-with-savepoint; %s", log("old"))
                    .isTrue();
            assertThat(old.exitValue()).as("exit code of the old process").isEqualTo(0);
            Thread.sleep(500);
            oldRunning.set(false);
            arriving.get(60, TimeUnit.SECONDS);
            int before = expected.size();
            int beforeRestore = LakeOutcomes.read(lake, deadLetters).outputs();

            // 3. Documents arrive while nothing runs, then the new release restores.
            write(generator.next(WHILE_STOPPED));
            port = freePort();
            Process upgraded = start(jar, port, "new", savepoint);
            arriving = background.submit(writeSlowly(generator.next(AFTER), Duration.ofSeconds(3)));
            arriving.get(60, TimeUnit.SECONDS);
            assertThat(expected).hasSize(before + WHILE_STOPPED + AFTER);
            await(
                    upgraded,
                    "new",
                    () -> LakeOutcomes.read(lake, deadLetters).covers(expected.keySet()),
                    Duration.ofSeconds(120),
                    "outputs of all " + expected.size() + " documents");
            assertThat(log("new"))
                    .as("the new release restored the savepoint")
                    .contains("restoring from " + savepoint);
            assertThat(beforeRestore)
                    .as("the old release committed part of the documents, not all")
                    .isBetween(1, before - 1);

            // 4. A clean stop of the new release (commits what is pending, if anything).
            stopWithSavepoint(port, savepoints, upgraded, "new");
            assertThat(upgraded.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            background.shutdownNow();
            for (Process p : processes) {
                p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
        LakeOutcomes.read(lake, deadLetters).assertExactly(expected);
    }

    /**
     * Runs the runbook's script against the running process; asserts it exits 0 and prints one
     * line: the path of a savepoint with a {@code _metadata} under {@code target}.
     */
    private String stopWithSavepoint(int port, Path target, Process process, String run)
            throws Exception {
        ChildProcess.Result stop =
                ChildProcess.run(
                        List.of(
                                "bash",
                                SavepointPaths.savepoints()
                                        .resolve("stop-with-savepoint.sh")
                                        .toString(),
                                "--rest",
                                "http://127.0.0.1:" + port,
                                "--target",
                                target.toString(),
                                "--timeout",
                                "90"),
                        dir,
                        Map.of(),
                        Duration.ofSeconds(120));
        assertThat(stop.exitCode).as("%s; %s", stop, log(run)).isEqualTo(0);
        List<String> lines = stop.stdoutLines();
        assertThat(lines).as("stdout holds the savepoint path only: %s", stop).hasSize(1);
        String savepoint = lines.get(0).trim();
        Path folder = Paths.get(URI.create(savepoint));
        assertThat(folder).as("the printed savepoint").isDirectory();
        assertThat(folder.startsWith(target)).as("%s is under --target", folder).isTrue();
        assertThat(folder.resolve("_metadata")).isRegularFile();
        return savepoint;
    }

    private Process start(Path jar, int port, String run, String restoreFrom) throws IOException {
        Path tmp = Files.createDirectories(dir.resolve("tmp-" + run));
        List<String> command =
                new ArrayList<>(
                        Arrays.asList(
                                Paths.get(System.getProperty("java.home"), "bin", "java")
                                        .toString(),
                                "-Xmx512m",
                                "-Djava.io.tmpdir=" + tmp,
                                "-jar",
                                jar.toString(),
                                "--mode",
                                "stream",
                                "--source.path",
                                raw.toUri().toString(),
                                "--source.monitor-interval",
                                "500ms",
                                "--lake.path",
                                dir.resolve("lake").toUri().toString(),
                                "--deadletter.path",
                                dir.resolve("deadletter").toUri().toString(),
                                "--checkpoint.dir",
                                dir.resolve("checkpoints").toUri().toString(),
                                "--checkpoint.interval",
                                "2s",
                                "--parallelism",
                                "2",
                                "--rest.port",
                                Integer.toString(port)));
        if (restoreFrom != null) {
            command.add("--restore-from");
            command.add(restoreFrom);
        }
        Process p =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve(run + ".log").toFile())
                        .start();
        processes.add(p);
        return p;
    }

    private static GeneratorSettings settings() {
        return GeneratorSettings.builder()
                .seed(5)
                .minDocumentBytes(2_000)
                .maxDocumentBytes(GeneratorSettings.SMALLEST_MAX_DOCUMENT_BYTES)
                .badShare(0.1)
                .gzipShare(0.1)
                // one UTC day: few part files per checkpoint
                .eventTimeStart(Instant.parse("2019-08-01T02:00:00Z"))
                .eventTimeEnd(Instant.parse("2019-08-01T22:00:00Z"))
                .build();
    }

    private void write(List<GeneratedObject> objects) throws IOException {
        for (GeneratedObject o : objects) {
            writer.write(o);
            expected.put(LakeOutcomes.uriOf(raw, o.key()), LakeOutcomes.expectedOutcome(o));
        }
    }

    /** Writes {@code objects} five at a time, spread over {@code over}. */
    private Callable<Void> writeSlowly(List<GeneratedObject> objects, Duration over) {
        return () -> {
            long pause = over.toMillis() * 5 / Math.max(1, objects.size());
            for (int i = 0; i < objects.size(); i += 5) {
                write(objects.subList(i, Math.min(objects.size(), i + 5)));
                Thread.sleep(pause);
            }
            return null;
        };
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    /** Polls {@code check} every 250 ms while {@code process} is alive. */
    private void await(Process process, String run, Check check, Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            assertThat(process.isAlive()).as("the %s process is alive; %s", run, log(run)).isTrue();
            try {
                if (check.holds()) {
                    return;
                }
            } catch (Exception e) {
                // a file committed while we read it: look again
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "timed out after " + timeout + " waiting for " + what + "; " + log(run));
            }
            Thread.sleep(250);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * The end of a run's output, for failure messages, after the first lines that say why a task
     * failed (the end alone may hold only the last exception's stack).
     */
    private String log(String run) {
        try {
            List<String> lines =
                    Files.readAllLines(dir.resolve(run + ".log"), StandardCharsets.UTF_8);
            List<String> failures = new ArrayList<>();
            for (int i = 0; i < lines.size() && failures.size() < 60; i++) {
                if (lines.get(i).contains("to FAILED")) {
                    failures.addAll(lines.subList(i, Math.min(lines.size(), i + 20)));
                }
            }
            return "output of the "
                    + run
                    + " run:\n"
                    + (failures.isEmpty()
                            ? ""
                            : "[first task failures]\n" + String.join("\n", failures) + "\n[end]\n")
                    + String.join(
                            "\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "no output of the " + run + " run";
        }
    }
}
