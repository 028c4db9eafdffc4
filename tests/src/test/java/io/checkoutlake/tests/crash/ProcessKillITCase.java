package io.checkoutlake.tests.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.checkoutlake.job.checkpoint.RestorePoints;
import io.checkoutlake.tests.LakeOutcomes;
import io.checkoutlake.tools.generator.RawDocumentGenerator;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real process: {@code java -jar checkout-lake.jar --mode stream ... --restore-from latest},
 * killed with SIGKILL ({@link Process#destroyForcibly()}) three or four times at a seeded moment of
 * its checkpoint cycle (after it completed a checkpoint of its own, so every run makes progress),
 * and started again each time, while a generator keeps adding raw documents. The last run is left
 * until every document has an output and two more checkpoints completed: every document then
 * exactly once in the lake or the dead letters.
 *
 * <p>Needs {@code job/target/checkout-lake.jar} ({@code mvn package} builds the job module before
 * this one; failsafe passes its path as {@code checkoutlake.jar}).
 */
class ProcessKillITCase {
    private static final long SEED = 41;
    private static final int DOCUMENTS = 150;
    private static final Duration GENERATION = Duration.ofSeconds(15);

    @TempDir Path dir;

    private final List<Process> processes = new ArrayList<>();

    @Test
    @Timeout(240)
    void everyDocumentExactlyOnceAcrossSigkillsAndRestores() throws Exception {
        Path jar =
                Paths.get(
                        System.getProperty("checkoutlake.jar", "../job/target/checkout-lake.jar"));
        assertThat(jar).as("the job jar (mvn -pl job package)").exists();
        Path raw = Files.createDirectories(dir.resolve("raw"));
        Path lake = dir.resolve("lake");
        Path deadLetters = dir.resolve("deadletter");
        URI checkpoints = dir.resolve("checkpoints").toUri();
        SplittableRandom random = new SplittableRandom(SEED);
        CrashRuns.Raw objects = new CrashRuns.Raw(raw);
        RawDocumentGenerator generator = new RawDocumentGenerator(CrashRuns.settings(SEED));

        ExecutorService background = Executors.newSingleThreadExecutor();
        try {
            Future<?> generating =
                    background.submit(
                            () -> {
                                long pause = GENERATION.toMillis() * 5 / DOCUMENTS;
                                for (int i = 0; i < DOCUMENTS; i += 5) {
                                    objects.write(generator, 5);
                                    Thread.sleep(pause);
                                }
                                return null;
                            });
            int kills = 3 + random.nextInt(2);
            for (int run = 0; run < kills; run++) {
                Optional<String> before = RestorePoints.latest(checkpoints);
                Process process = start(jar, raw, lake, deadLetters, checkpoints, run);
                awaitNewCheckpoint(process, checkpoints, before, run);
                Thread.sleep(random.nextInt(1_500));
                process.destroyForcibly();
                assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(process.exitValue()).as("killed by SIGKILL").isEqualTo(137);
            }

            Process last = start(jar, raw, lake, deadLetters, checkpoints, kills);
            generating.get(60, TimeUnit.SECONDS);
            RunningJob.awaitOrFail(
                    () -> {
                        assertThat(last.isAlive())
                                .as("the last run is alive; %s", log(kills))
                                .isTrue();
                        try {
                            return LakeOutcomes.read(lake, deadLetters)
                                    .covers(objects.expected.keySet());
                        } catch (IOException e) {
                            return false;
                        }
                    },
                    Duration.ofSeconds(120),
                    "outputs of all " + DOCUMENTS + " documents; " + log(kills));
            for (int i = 0; i < 2; i++) {
                awaitNewCheckpoint(last, checkpoints, latestWhileRunning(checkpoints), kills);
            }
            last.destroyForcibly();
            last.waitFor(30, TimeUnit.SECONDS);
        } finally {
            background.shutdownNow();
            processes.forEach(Process::destroyForcibly);
        }

        assertThat(objects.expected).hasSize(DOCUMENTS);
        LakeOutcomes.read(lake, deadLetters).assertExactly(objects.expected);
    }

    private Process start(Path jar, Path raw, Path lake, Path deadLetters, URI checkpoints, int run)
            throws IOException {
        Path tmp = Files.createDirectories(dir.resolve("tmp-" + run));
        List<String> command =
                new ArrayList<>(
                        Arrays.asList(
                                Paths.get(System.getProperty("java.home"), "bin", "java")
                                        .toString(),
                                "-Xmx512m",
                                // a short-lived JVM on a shared machine: less JIT and GC work
                                "-XX:TieredStopAtLevel=1",
                                "-XX:+UseSerialGC",
                                // MiniCluster scratch folders of killed runs stay inside @TempDir
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
                                lake.toUri().toString(),
                                "--deadletter.path",
                                deadLetters.toUri().toString(),
                                "--checkpoint.dir",
                                checkpoints.toString(),
                                "--checkpoint.interval",
                                "1s",
                                "--parallelism",
                                "2",
                                "--fetch.concurrency",
                                "4",
                                "--rest.port",
                                "0",
                                "--restore-from",
                                "latest"));
        Process p =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("run-" + run + ".log").toFile())
                        .start();
        processes.add(p);
        return p;
    }

    /**
     * The latest checkpoint while a job runs: it deletes the previous one as it completes the next,
     * which can remove a folder between its listing and its reading.
     */
    private static Optional<String> latestWhileRunning(URI checkpoints) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return RestorePoints.latest(checkpoints);
            } catch (IOException e) {
                if (attempt == 10) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /** Waits until {@code process} completed a checkpoint other than {@code before}. */
    private void awaitNewCheckpoint(
            Process process, URI checkpoints, Optional<String> before, int run)
            throws InterruptedException {
        RunningJob.awaitOrFail(
                () -> {
                    assertThat(process.isAlive()).as("run %d is alive; %s", run, log(run)).isTrue();
                    try {
                        Optional<String> now = RestorePoints.latest(checkpoints);
                        return now.isPresent() && !now.equals(before);
                    } catch (IOException e) {
                        return false;
                    }
                },
                Duration.ofSeconds(90),
                "a new checkpoint of run " + run + "; " + log(run));
    }

    /** The end of a run's output, for failure messages. */
    private String log(int run) {
        try {
            List<String> lines =
                    Files.readAllLines(dir.resolve("run-" + run + ".log"), StandardCharsets.UTF_8);
            return "output of run "
                    + run
                    + ":\n"
                    + String.join(
                            "\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "no output of run " + run;
        }
    }
}
