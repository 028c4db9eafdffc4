package io.checkoutlake.tests.savepoint;

import io.checkoutlake.job.config.LakeJobConfig;
import io.checkoutlake.tests.LakeOutcomes;
import io.checkoutlake.tools.generator.GeneratedObject;
import io.checkoutlake.tools.generator.GeneratorSettings;
import io.checkoutlake.tools.generator.RawDocumentGenerator;
import io.checkoutlake.tools.generator.RawFolderWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One golden savepoint fixture, {@code savepoints/fixtures/<version>/}: the savepoint ({@code
 * savepoint/}, canonical format), the raw input and the lake and dead-letter folders as they were
 * when it was taken ({@code raw/}, {@code lake/}, {@code deadletter/}, hidden in-progress and
 * pending files included), what every raw object must become ({@code expected.tsv}) and how it was
 * made ({@code fixture.properties}). The FileSink state holds absolute paths of pending files, so
 * the job of a fixture always ran over {@link #fixedRoot(String)}, and a restore copies the folders
 * back there first.
 */
final class SavepointFixture {
    static final String FIXED_ROOT = "/tmp/checkout-lake-fixtures";
    static final String[] FOLDERS = {"raw", "lake", "deadletter"};
    static final int PARALLELISM = 2;

    final Path dir;
    final Properties properties = new Properties();

    SavepointFixture(Path dir) throws IOException {
        this.dir = dir;
        Path props = dir.resolve("fixture.properties");
        if (Files.exists(props)) {
            try (InputStream in = Files.newInputStream(props)) {
                properties.load(in);
            }
        }
    }

    static List<SavepointFixture> all() throws IOException {
        Path root = SavepointPaths.fixtures();
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<SavepointFixture> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(root)) {
            for (Path d : s.filter(Files::isDirectory).sorted().collect(Collectors.toList())) {
                out.add(new SavepointFixture(d));
            }
        }
        return out;
    }

    static Path fixedRoot(String version) {
        return Path.of(FIXED_ROOT, version);
    }

    String version() {
        return dir.getFileName().toString();
    }

    Path root() {
        return Path.of(properties.getProperty("fixed.root", fixedRoot(version()).toString()));
    }

    Path savepoint() {
        return dir.resolve("savepoint");
    }

    void saveProperties() throws IOException {
        try (OutputStream out = Files.newOutputStream(dir.resolve("fixture.properties"))) {
            properties.store(out, "savepoint fixture, made by savepoints/make-fixture.sh");
        }
    }

    Map<String, String> expected() throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (String line : Files.readAllLines(dir.resolve("expected.tsv"))) {
            if (!line.isBlank()) {
                String[] f = line.split("\t");
                out.put(f[0], f[1]);
            }
        }
        return out;
    }

    static void writeExpected(Path file, Map<String, String> expected) throws IOException {
        StringBuilder b = new StringBuilder();
        new TreeMap<>(expected).forEach((k, v) -> b.append(k).append('\t').append(v).append('\n'));
        Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
    }

    static GeneratorSettings settings(long seed) {
        return GeneratorSettings.builder()
                .seed(seed)
                .minDocumentBytes(2_000)
                .maxDocumentBytes(GeneratorSettings.SMALLEST_MAX_DOCUMENT_BYTES)
                .badShare(0.1)
                .gzipShare(0.1)
                .bomShare(0.05)
                .eventTimeStart(Instant.parse("2019-08-01T00:00:00Z"))
                .eventTimeEnd(Instant.parse("2019-08-03T00:00:00Z"))
                .build();
    }

    /**
     * Generates {@code count} objects of {@code seed} under {@code raw}; returns their outcomes.
     */
    static Map<String, String> writeRaw(Path raw, long seed, int count) throws IOException {
        RawFolderWriter writer = new RawFolderWriter(raw);
        Map<String, String> expected = new TreeMap<>();
        for (GeneratedObject o : new RawDocumentGenerator(settings(seed)).next(count)) {
            writer.write(o);
            expected.put(LakeOutcomes.uriOf(raw, o.key()), LakeOutcomes.expectedOutcome(o));
        }
        return expected;
    }

    /**
     * The job's config over {@code root}. Dedup remembers content for ten years: its TTL runs on
     * processing time, and a golden fixture is restored long after it was taken.
     */
    static LakeJobConfig config(Path root) {
        return LakeJobConfig.builder()
                .set("mode", "stream")
                .set("source.path", root.resolve("raw").toUri().toString())
                .set("lake.path", root.resolve("lake").toUri().toString())
                .set("deadletter.path", root.resolve("deadletter").toUri().toString())
                .set("fetch.concurrency", "2")
                .set("dedup.retention", "3650d")
                .build();
    }

    static void copyTree(Path from, Path to) throws IOException {
        if (!Files.exists(from)) {
            Files.createDirectories(to);
            return;
        }
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.collect(Collectors.toList())) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(p, target);
                }
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.delete(p);
            }
        }
    }

    /** Hidden files (in-progress or pending parts) under {@code dir}, relative to it. */
    static List<String> hiddenFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().startsWith("."))
                    .map(p -> dir.relativize(p).toString())
                    .sorted()
                    .collect(Collectors.toList());
        }
    }
}
