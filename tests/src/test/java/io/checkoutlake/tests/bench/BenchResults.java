package io.checkoutlake.tests.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where every benchmark puts its measurements: one JSON line per measurement, appended to {@code
 * bench.results} (default {@code target/bench/results.jsonl} of the tests module) and printed, so
 * {@code tests/bench/run.sh} can print one table of all of them.
 */
public final class BenchResults {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BenchResults() {}

    public static Path file() {
        return Paths.get(System.getProperty("bench.results", "target/bench/results.jsonl"))
                .toAbsolutePath();
    }

    /**
     * Appends {@code fields} under {@code benchmark} (the benchmark's name, e.g. {@code
     * backfill-throughput}) with the time of measurement; returns the line written.
     */
    public static synchronized String record(String benchmark, Map<String, ?> fields) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("benchmark", benchmark);
        line.putAll(fields);
        line.put("measured_at", Instant.now().toString());
        try {
            String text = JSON.writeValueAsString(line);
            Path file = file();
            Files.createDirectories(file.getParent());
            Files.write(
                    file,
                    (text + "\n").getBytes(StandardCharsets.UTF_8),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            System.out.println(text);
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The nearest-rank {@code p}th percentile (0 to 100) of ascending {@code sorted}; 0 if empty.
     */
    public static long percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size(), rank) - 1));
    }

    /** {@code value} rounded to {@code digits} decimals, for readable JSON. */
    public static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
