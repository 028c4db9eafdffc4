package io.checkoutlake.tests.savepoint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A finished command (a runbook script, the AWS CLI, bash): exit code, stdout and stderr kept
 * apart, because the scripts print their result (a savepoint path, the dry-run calls) on stdout and
 * their progress on stderr.
 */
final class ScriptRun {
    final List<String> command;
    final int exitCode;
    final String stdout;
    final String stderr;

    private ScriptRun(List<String> command, int exitCode, String stdout, String stderr) {
        this.command = command;
        this.exitCode = exitCode;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * Runs {@code command} in {@code workDir}; {@code env} adds variables to the test JVM's
     * environment, a {@code null} value removes one. Output goes through files, so a chatty command
     * never blocks on a full pipe.
     */
    static ScriptRun run(
            List<String> command, Path workDir, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("script-run", ".out");
        Path err = Files.createTempFile("script-run", ".err");
        try {
            ProcessBuilder builder =
                    new ProcessBuilder(command)
                            .directory(workDir.toFile())
                            .redirectOutput(out.toFile())
                            .redirectError(err.toFile());
            env.forEach(
                    (name, value) -> {
                        if (value == null) {
                            builder.environment().remove(name);
                        } else {
                            builder.environment().put(name, value);
                        }
                    });
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(
                        "timed out after "
                                + timeout
                                + ": "
                                + command
                                + "\nstderr:\n"
                                + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new ScriptRun(
                    List.copyOf(command),
                    process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Fails with both outputs unless the command exited 0. */
    ScriptRun assertSucceeded() {
        if (exitCode != 0) {
            throw new AssertionError(this + " exited " + exitCode);
        }
        return this;
    }

    /** The non-empty lines of stdout. */
    List<String> stdoutLines() {
        List<String> lines = new ArrayList<>();
        for (String line : stdout.split("\n")) {
            if (!line.isBlank()) {
                lines.add(line);
            }
        }
        return lines;
    }

    @Override
    public String toString() {
        return String.join(" ", command) + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
    }
}
