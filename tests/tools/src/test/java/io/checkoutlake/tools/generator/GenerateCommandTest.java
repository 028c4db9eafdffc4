package io.checkoutlake.tools.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandTest {
    @TempDir Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void writesTheRequestedObjectsAndNothingElse() throws IOException {
        Path target = dir.resolve("raw");
        int code =
                run(
                        "--out",
                        target.toString(),
                        "--count",
                        "60",
                        "--seed",
                        "9",
                        "--bad-share",
                        "0.2",
                        "--gzip-share=0.3",
                        "--bom-share",
                        "0.1",
                        "--unknown-field-share",
                        "0.1",
                        "--min-size",
                        "6kb",
                        "--max-size",
                        "12000",
                        "--start",
                        "2019-08-23",
                        "--end",
                        "2019-08-24T00:00:00Z");

        assertThat(code).as(err()).isZero();
        Map<String, byte[]> files = files(target);
        assertThat(files).hasSize(60);
        assertThat(files.keySet())
                .allMatch(key -> key.matches("[0-9A-F]{2}_(Checkout|Fulfillment)Order/.+"));
        assertThat(files.keySet()).noneMatch(key -> key.contains("/.") || key.endsWith(".tmp"));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("wrote 60 objects");
    }

    @Test
    void theSameSeedWritesTheSameFiles() throws IOException {
        assertThat(run("--out", dir.resolve("a").toString(), "--count", "20", "--seed", "5"))
                .isZero();
        assertThat(run("--out", dir.resolve("b").toString(), "--count", "20", "--seed", "5"))
                .isZero();

        Map<String, byte[]> a = files(dir.resolve("a"));
        Map<String, byte[]> b = files(dir.resolve("b"));
        assertThat(a.keySet()).isEqualTo(b.keySet());
        a.forEach((key, bytes) -> assertThat(b.get(key)).as(key).isEqualTo(bytes));
    }

    @Test
    void keepsToTheRate() {
        long started = System.nanoTime();
        assertThat(run("--out", dir.toString(), "--count", "6", "--rate", "50")).isZero();
        // Five gaps of 20 ms at least.
        assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(100_000_000L);
    }

    @Test
    void aBadValueNamesItsOptionAndExitsWithTwo() {
        assertUsageError("--bad-share", "--out", dir.toString(), "--bad-share", "1.5");
        assertUsageError("--count", "--out", dir.toString(), "--count", "many");
        assertUsageError("--count", "--out", dir.toString(), "--count", "-1");
        assertUsageError("--rate", "--out", dir.toString(), "--rate", "-3");
        assertUsageError("--min-size", "--out", dir.toString(), "--min-size", "30000");
        assertUsageError("--max-size", "--out", dir.toString(), "--max-size", "1kb");
        assertUsageError("--max-size", "--out", dir.toString(), "--max-size", "lots");
        assertUsageError("--start", "--out", dir.toString(), "--start", "yesterday");
        assertUsageError("--end", "--out", dir.toString(), "--end", "2018-12-31");
        assertUsageError("--seed", "--out", dir.toString(), "--seed");
        assertUsageError("--bogus", "--out", dir.toString(), "--bogus", "1");
        assertUsageError("--out", "--count", "1");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void helpPrintsTheOptions() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("Usage:")
                .contains("--out DIR")
                .contains("--bad-share")
                .contains("--rate");
    }

    private void assertUsageError(String option, String... args) {
        err.reset();
        assertThat(run(args)).as(String.join(" ", args)).isEqualTo(2);
        assertThat(err()).as(String.join(" ", args)).contains(option + ":");
    }

    private int run(String... args) {
        return GenerateCommand.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static Map<String, byte[]> files(Path root) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
                files.put(root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        }
        return files;
    }
}
