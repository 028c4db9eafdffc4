package io.checkoutlake.tests.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A finished external command: exit code and its output (stdout and stderr, interleaved). */
final class ProcessRun {
    final List<String> command;
    final int exitCode;
    final String output;

    private ProcessRun(List<String> command, int exitCode, String output) {
        this.command = command;
        this.exitCode = exitCode;
        this.output = output;
    }

    static ProcessRun run(List<String> command, Path workDir, Map<String, String> env)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.directory(workDir.toFile());
        // A null value removes the variable (e.g. credentials the command must not see).
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
        byte[] bytes = process.getInputStream().readAllBytes();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("timed out: " + command);
        }
        return new ProcessRun(
                command, process.exitValue(), new String(bytes, StandardCharsets.UTF_8));
    }

    /** Fails the calling test with the output, which is where tools explain themselves. */
    ProcessRun assertSucceeded() {
        if (exitCode != 0) {
            throw new AssertionError(
                    String.join(" ", command) + " exited " + exitCode + ":\n" + output);
        }
        return this;
    }

    /** True if {@code tool} can be started (exits at all) with {@code args}. */
    static boolean available(String... toolAndArgs) {
        try {
            Process process = new ProcessBuilder(toolAndArgs).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(1, TimeUnit.MINUTES) && process.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
