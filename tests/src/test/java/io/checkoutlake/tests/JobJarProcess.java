package io.checkoutlake.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The job's shaded jar as a child process, {@code java -jar checkout-lake.jar <args>}, the way it
 * runs locally: its output goes to {@code job.log} in the run's folder, its MiniCluster's scratch
 * files to a {@code tmp} folder there. Closing it stops the process (SIGTERM, then SIGKILL).
 */
public final class JobJarProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private JobJarProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * The job jar: {@code job/target/checkout-lake.jar}, or the {@code checkoutlake.jar} system
     * property (failsafe sets it).
     */
    public static Path jar() {
        Path jar =
                Paths.get(
                        System.getProperty("checkoutlake.jar", "../job/target/checkout-lake.jar"));
        assertThat(jar).as("the job jar (mvn -pl job package)").exists();
        return jar;
    }

    /** Starts the jar with {@code args}, and {@code environment} added to this JVM's. */
    public static JobJarProcess start(Path dir, Map<String, String> environment, String... args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-Djava.io.tmpdir=" + Files.createDirectories(dir.resolve("tmp")));
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(List.of(args));
        Path log = dir.resolve("job.log");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        return new JobJarProcess(builder.start(), log);
    }

    /**
     * Waits until every one of {@code sources} has an output in the lake or the dead letters, then
     * a little longer for outputs that should not be there; fails if the process ends first.
     */
    public void awaitOutputs(
            Path lake, Path deadLetters, Collection<String> sources, Duration timeout)
            throws InterruptedException {
        BooleanSupplier covered =
                () -> {
                    try {
                        return LakeOutcomes.read(lake, deadLetters).covers(sources);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                };
        assertThat(awaitWhileRunning(covered, timeout, Duration.ofMillis(500)))
                .as("outputs in time; see %s:%n%s", log, tail())
                .isTrue();
        Thread.sleep(3_000);
    }

    /**
     * Checks {@code condition} every {@code poll} until it holds (true) or {@code timeout} passes
     * (false); fails if the process ends first.
     */
    public boolean awaitWhileRunning(BooleanSupplier condition, Duration timeout, Duration poll)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(process.isAlive())
                    .as("the job is running; see %s:%n%s", log, tail())
                    .isTrue();
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(poll.toMillis());
        }
        return true;
    }

    /** The last lines of the job's output, for failure messages. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Waits for the process to end; its exit code, or fails after {@code timeout}. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        assertThat(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
                .as("the process ended in %s; see %s:%n%s", timeout, log, tail())
                .isTrue();
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * CPU time (user and system, all threads) the process has used so far; empty once it has ended
     * (the operating system forgets it), so read it while the process runs.
     */
    public Optional<Duration> cpuTime() {
        return process.toHandle().info().totalCpuDuration();
    }

    /** SIGKILL: no shutdown hook, no cleanup, as when a machine or container dies. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
    }
}
