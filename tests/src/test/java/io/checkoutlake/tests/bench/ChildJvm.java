package io.checkoutlake.tests.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Runs one measurement in a JVM of its own (the test classpath, Flink's opens on Java 17), so a run
 * starts with a cold heap and its process CPU time is the run's alone.
 */
final class ChildJvm {
    /** What a child printed: its result line (empty when none) and whether it ran out of heap. */
    static final class Outcome {
        final int exit;
        final String result;
        final boolean outOfMemory;
        final String tail;

        Outcome(int exit, String result, boolean outOfMemory, String tail) {
            this.exit = exit;
            this.result = result;
            this.outOfMemory = outOfMemory;
            this.tail = tail;
        }

        boolean succeeded() {
            return exit == 0 && result != null;
        }
    }

    private ChildJvm() {}

    /**
     * Runs {@code main} with {@code args} in a JVM with {@code -Xmx<heap>}; the result is the last
     * line of its output starting with {@code resultPrefix}. The child's other output passes
     * through, so its progress shows.
     */
    static Outcome run(String heap, Class<?> main, String resultPrefix, String... args)
            throws Exception {
        return run(List.of("-Xmx" + heap), main, resultPrefix, args);
    }

    /** As {@link #run(String, Class, String, String...)}, with these JVM options. */
    static Outcome run(List<String> jvmOptions, Class<?> main, String resultPrefix, String... args)
            throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        for (String pkg :
                new String[] {
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
                    "java.util.concurrent"
                }) {
            cmd.add("--add-opens=java.base/" + pkg + "=ALL-UNNAMED");
        }
        // e.g. -XX:StartFlightRecording=settings=profile,filename=run.jfr to profile the runs.
        String extra = System.getProperty("bench.child-jvm-args", "").trim();
        if (!extra.isEmpty()) {
            cmd.addAll(List.of(extra.split("\\s+")));
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String result = null;
        boolean outOfMemory = false;
        Deque<String> tail = new ArrayDeque<>();
        try (BufferedReader r =
                new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith(resultPrefix)) {
                    result = line;
                    continue;
                }
                if (line.contains("ERROR") || line.contains("Exception")) {
                    System.out.println("  child: " + line);
                }
                tail.addLast(line);
                if (tail.size() > 40) {
                    tail.removeFirst();
                }
                outOfMemory |= line.contains("OutOfMemoryError");
            }
        }
        return new Outcome(p.waitFor(), result, outOfMemory, String.join("\n", tail));
    }
}
