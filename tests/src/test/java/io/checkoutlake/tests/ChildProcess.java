package io.checkoutlake.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
 * The tests' one way to run another program: the job's shaded jar ({@link #startJobJar}), a class
 * of the test class path in a JVM of its own ({@link #javaCommand}), a script or a tool ({@link
 * #run}). A started process writes its output (stdout and stderr, interleaved) to a log file, so a
 * chatty child never blocks on a full pipe and a failure can show its last lines; closing it stops
 * the process (SIGTERM, then SIGKILL).
 */
public final class ChildProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private ChildProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * The job jar: {@code job/target/checkout-lake.jar}, or the {@code checkoutlake.jar} system
     * property (failsafe sets it).
     */
    public static Path jobJar() {
        Path jar =
                Paths.get(
                        System.getProperty("checkoutlake.jar", "../job/target/checkout-lake.jar"));
        assertThat(jar).as("the job jar (mvn -pl job package)").exists();
        return jar;
    }

    /** This JVM's {@code java} executable. */
    public static String java() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Starts {@code java -jar checkout-lake.jar <args>} the way it runs locally: its output goes to
     * {@code job.log} in {@code dir}, its MiniCluster's scratch files to a {@code tmp} folder
     * there; {@code environment} is added to this JVM's.
     */
    public static ChildProcess startJobJar(
            Path dir, Map<String, String> environment, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.add("-Xmx512m");
        command.add("-Djava.io.tmpdir=" + Files.createDirectories(dir.resolve("tmp")));
        command.add("-jar");
        command.add(jobJar().toString());
        command.addAll(List.of(args));
        return start(command, null, environment, dir.resolve("job.log"));
    }

    /**
     * Starts {@code command} in {@code workDir} (null: this JVM's), its output to {@code log};
     * {@code environment} adds variables to this JVM's, a {@code null} value removes one.
     */
    public static ChildProcess start(
            List<String> command, Path workDir, Map<String, String> environment, Path log)
            throws IOException {
        ProcessBuilder builder =
                builder(command, workDir, environment)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
        return new ChildProcess(builder.start(), log);
    }

    /**
     * {@code java <jvmOptions> -cp <this class path> <main> <args>}, with the {@code --add-opens}
     * Flink needs on Java 17: a measurement or a job in a JVM of its own, with a cold heap and a
     * CPU time of its own.
     */
    public static List<String> javaCommand(List<String> jvmOptions, Class<?> main, String... args) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(jvmOptions);
        for (String pkg :
                List.of(
                        "java.util",
                        "java.lang",
                        "java.lang.invoke",
                        "java.net",
                        "java.io",
                        "java.nio",
                        "sun.nio.ch",
                        "java.lang.reflect",
                        "java.text",
                        "java.time",
                        "java.util.concurrent")) {
            command.add("--add-opens=java.base/" + pkg + "=ALL-UNNAMED");
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        return command;
    }

    /**
     * Runs {@code main} in a JVM of its own ({@link #javaCommand}) to its end, its output merged,
     * and echoes the output's error lines. {@code -Dbench.child-jvm-args=...} adds JVM options,
     * e.g. {@code -XX:StartFlightRecording=settings=profile,filename=run.jfr} to profile the runs.
     */
    public static Result runJava(List<String> jvmOptions, Class<?> main, String... args)
            throws IOException, InterruptedException {
        List<String> options = new ArrayList<>(jvmOptions);
        String extra = System.getProperty("bench.child-jvm-args", "").trim();
        if (!extra.isEmpty()) {
            options.addAll(List.of(extra.split("\\s+")));
        }
        // A measurement takes as long as it takes: no timeout of its own.
        Result result =
                runMerged(javaCommand(options, main, args), null, Map.of(), Duration.ofDays(1));
        for (String line : result.stdout.split("\n")) {
            if (line.contains("ERROR") || line.contains("Exception")) {
                System.out.println("  child: " + line);
            }
        }
        return result;
    }

    /**
     * Runs {@code command} in {@code workDir} to its end (at most {@code timeout}), stdout and
     * stderr kept apart: the runbook scripts print their result (a savepoint path, the dry-run
     * calls) on stdout and their progress on stderr. {@code environment} as in {@link #start}.
     */
    public static Result run(
            List<String> command, Path workDir, Map<String, String> environment, Duration timeout)
            throws IOException, InterruptedException {
        return run(command, workDir, environment, timeout, false);
    }

    /**
     * As {@link #run}, stdout and stderr interleaved in {@link Result#stdout}, as a terminal shows
     * them; for tools that explain a failure on either.
     */
    public static Result runMerged(
            List<String> command, Path workDir, Map<String, String> environment, Duration timeout)
            throws IOException, InterruptedException {
        return run(command, workDir, environment, timeout, true);
    }

    /** As {@link #runMerged(List, Path, Map, Duration)}, for at most five minutes. */
    public static Result runMerged(
            List<String> command, Path workDir, Map<String, String> environment)
            throws IOException, InterruptedException {
        return runMerged(command, workDir, environment, Duration.ofMinutes(5));
    }

    private static Result run(
            List<String> command,
            Path workDir,
            Map<String, String> environment,
            Duration timeout,
            boolean merged)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("child-process", ".out");
        Path err = Files.createTempFile("child-process", ".err");
        try {
            ProcessBuilder builder =
                    builder(command, workDir, environment).redirectOutput(out.toFile());
            if (merged) {
                builder.redirectErrorStream(true);
            } else {
                builder.redirectError(err.toFile());
            }
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(
                        "timed out after "
                                + timeout
                                + ": "
                                + command
                                + "\noutput:\n"
                                + Files.readString(out, StandardCharsets.UTF_8)
                                + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Result(
                    command,
                    process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** True if {@code toolAndArgs} can be run and exits 0 within a minute. */
    public static boolean available(String... toolAndArgs) {
        try {
            return run(List.of(toolAndArgs), null, Map.of(), Duration.ofMinutes(1), true).exitCode
                    == 0;
        } catch (IOException | InterruptedException | AssertionError e) {
            return false;
        }
    }

    private static ProcessBuilder builder(
            List<String> command, Path workDir, Map<String, String> environment) {
        ProcessBuilder builder = new ProcessBuilder(command);
        if (workDir != null) {
            builder.directory(workDir.toFile());
        }
        environment.forEach(
                (name, value) -> {
                    if (value == null) {
                        builder.environment().remove(name);
                    } else {
                        builder.environment().put(name, value);
                    }
                });
        return builder;
    }

    /** A finished command: its exit code and what it printed. */
    public static final class Result {
        public final List<String> command;
        public final int exitCode;
        public final String stdout;
        public final String stderr;

        private Result(List<String> command, int exitCode, String stdout, String stderr) {
            this.command = List.copyOf(command);
            this.exitCode = exitCode;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        /** Fails with the output, which is where tools explain themselves, unless it exited 0. */
        public Result assertSucceeded() {
            if (exitCode != 0) {
                throw new AssertionError(this + "\nexited " + exitCode);
            }
            return this;
        }

        /** The non-empty lines of stdout. */
        public List<String> stdoutLines() {
            List<String> lines = new ArrayList<>();
            for (String line : stdout.split("\n")) {
                if (!line.isBlank()) {
                    lines.add(line);
                }
            }
            return lines;
        }

        /** The last line of stdout that starts with {@code prefix}, if any. */
        public Optional<String> lastLineStartingWith(String prefix) {
            List<String> lines = stdoutLines();
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (lines.get(i).startsWith(prefix)) {
                    return Optional.of(lines.get(i));
                }
            }
            return Optional.empty();
        }

        /** The last {@code n} lines of the output, for failure messages. */
        public String tail(int n) {
            String[] lines = (stdout + stderr).split("\n");
            return String.join(
                    "\n", List.of(lines).subList(Math.max(0, lines.length - n), lines.length));
        }

        @Override
        public String toString() {
            return String.join(" ", command) + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
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
                    .as("the process is running; see %s:%n%s", log, tail())
                    .isTrue();
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(poll.toMillis());
        }
        return true;
    }

    /** The file the process writes its output to. */
    public Path log() {
        return log;
    }

    /** The last lines of the process's output, for failure messages. */
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

    /** The process's id, e.g. to read its threads under {@code /proc}. */
    public long pid() {
        return process.pid();
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
