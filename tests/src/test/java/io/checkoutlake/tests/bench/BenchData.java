package io.checkoutlake.tests.bench;

import io.checkoutlake.functions.model.Entity;
import io.checkoutlake.tools.generator.GeneratedObject;
import io.checkoutlake.tools.generator.GeneratorSettings;
import io.checkoutlake.tools.generator.RawDocumentGenerator;
import io.checkoutlake.tools.generator.RawFolderWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The benchmarks' fixed data set: raw documents from the project's generator with a fixed seed,
 * written once under {@code bench.data} (default {@code target/bench/data}) and reused while its
 * description matches, so every run and every tool reads the same bytes.
 *
 * <p>Shaped like the real history: 1% bad documents (so dead letters are part of the work), no gzip
 * (the raw bucket holds plain JSON), 5 to 20 KB documents, both entities, {@link #FOLDERS} raw
 * folders per entity and {@link #DAYS} UTC days, so each (folder, day) holds about 4 MB of raw JSON
 * at 1 GB, as the last migration's history did (~4 TB over ~5 years in 512 folders).
 */
public final class BenchData {
    public static final int FOLDERS = 8;
    public static final int DAYS = 16;
    public static final long SEED = 20261204L;
    public static final Instant START = Instant.parse("2023-03-01T00:00:00Z");

    /** Raw folders per entity of the sparse set: every folder of the layout by default. */
    public static final int SPARSE_FOLDERS = 256;

    /** UTC days of the sparse set. */
    public static final int SPARSE_DAYS = 8;

    private final Path raw;
    private final long documents;
    private final long bytes;
    private final String density;

    private BenchData(Path raw, long documents, long bytes, String density) {
        this.raw = raw;
        this.documents = documents;
        this.bytes = bytes;
        this.density = density;
    }

    /**
     * {@code dense} (about 4 MB of raw JSON per folder and day) or {@code sparse} (one document per
     * folder and day), as the benchmarks' rows report it.
     */
    public String density() {
        return density;
    }

    /** The raw folders' root ({@code <HH>_CheckoutOrder/…}). */
    public Path raw() {
        return raw;
    }

    public long documents() {
        return documents;
    }

    /** Raw bytes in all documents. */
    public long bytes() {
        return bytes;
    }

    /** The data set of {@code bench.data-mb} MB (default 1024), generated on first use. */
    public static BenchData standard() throws IOException {
        long megabytes = Long.getLong("bench.data-mb", 1024);
        Path root =
                Paths.get(System.getProperty("bench.data", "target/bench/data")).toAbsolutePath();
        return ofSize(root.resolve(megabytes + "mb"), megabytes * 1_000_000L);
    }

    /** At least {@code targetBytes} of raw documents under {@code dir}, generated on first use. */
    public static BenchData ofSize(Path dir, long targetBytes) throws IOException {
        Path raw = dir.resolve("raw");
        Path description = dir.resolve("data-set.txt");
        String wanted = describe(targetBytes);
        if (Files.exists(description)) {
            String[] lines =
                    new String(Files.readAllBytes(description), StandardCharsets.UTF_8).split("\n");
            if (lines.length == 3 && lines[0].equals(wanted)) {
                return new BenchData(
                        raw, Long.parseLong(lines[1]), Long.parseLong(lines[2]), "dense");
            }
        }
        deleteTree(dir);
        Files.createDirectories(raw);
        GeneratorSettings settings =
                GeneratorSettings.builder()
                        .seed(SEED)
                        .badShare(0.01)
                        .gzipShare(0)
                        .eventTimeStart(START)
                        .eventTimeEnd(START.plus(Duration.ofDays(DAYS)))
                        .build();
        RawDocumentGenerator generator = new RawDocumentGenerator(settings);
        RawFolderWriter writer = new RawFolderWriter(raw);
        long documents = 0;
        long bytes = 0;
        while (bytes < targetBytes) {
            GeneratedObject o = generator.next();
            writer.write(folderOf(o.key()), o.bytes());
            documents++;
            bytes += o.size();
        }
        Files.write(
                description,
                (wanted + "\n" + documents + "\n" + bytes).getBytes(StandardCharsets.UTF_8));
        return new BenchData(raw, documents, bytes, "dense");
    }

    /**
     * The sparse data set: one document per raw folder and UTC day, {@code bench.sparse-folders}
     * folders per entity (default {@link #SPARSE_FOLDERS}) over {@code bench.sparse-days} days
     * (default {@link #SPARSE_DAYS}), generated on first use under {@code bench.data}. The issue's
     * sparse history (20,000 documents over 512 folders and 40 days) cost the backfill about 45 ms
     * of CPU per document, almost all of it per output file, where DuckDB paid per document.
     */
    public static BenchData sparse() throws IOException {
        int folders = Integer.getInteger("bench.sparse-folders", SPARSE_FOLDERS);
        int days = Integer.getInteger("bench.sparse-days", SPARSE_DAYS);
        Path root =
                Paths.get(System.getProperty("bench.data", "target/bench/data")).toAbsolutePath();
        return sparse(root.resolve("sparse-" + folders + "x" + days), folders, days);
    }

    /** One document per (folder, day) of {@code folders} per entity x {@code days} UTC days. */
    public static BenchData sparse(Path dir, int folders, int days) throws IOException {
        if (folders < 1 || folders > 256 || days < 1) {
            throw new IllegalArgumentException(folders + " folders, " + days + " days");
        }
        Path raw = dir.resolve("raw");
        Path description = dir.resolve("data-set.txt");
        String wanted =
                "sparse seed="
                        + SEED
                        + " folders="
                        + folders
                        + " days="
                        + days
                        + " start="
                        + START
                        + " one document per folder and day";
        if (Files.exists(description)) {
            String[] lines =
                    new String(Files.readAllBytes(description), StandardCharsets.UTF_8).split("\n");
            if (lines.length == 3 && lines[0].equals(wanted)) {
                return new BenchData(
                        raw, Long.parseLong(lines[1]), Long.parseLong(lines[2]), "sparse");
            }
        }
        deleteTree(dir);
        Files.createDirectories(raw);
        GeneratorSettings settings =
                GeneratorSettings.builder()
                        .seed(SEED)
                        .badShare(0.01)
                        .gzipShare(0)
                        .eventTimeStart(START)
                        .eventTimeEnd(START.plus(Duration.ofDays(days)))
                        .build();
        RawDocumentGenerator generator = new RawDocumentGenerator(settings);
        RawFolderWriter writer = new RawFolderWriter(raw);
        // Next free folder per (entity, day): each document is moved into it, so every folder
        // and day gets exactly one, whatever folder the generator drew.
        Map<String, Integer> next = new HashMap<>();
        int slots = folders * days * Entity.values().length;
        long documents = 0;
        long bytes = 0;
        for (long drawn = 0; documents < slots; drawn++) {
            if (drawn > 1000L * slots) {
                throw new IllegalStateException("the generator does not fill " + wanted);
            }
            GeneratedObject o = generator.next();
            if (o.eventTime() == null) {
                // Only its folder would say where it belongs: leave it out, keep one per slot.
                continue;
            }
            long day = Duration.between(START, o.eventTime()).toDays();
            String slot = o.entity() + "/" + day;
            int folder = next.getOrDefault(slot, 0);
            if (day < 0 || day >= days || folder >= folders) {
                continue;
            }
            next.put(slot, folder + 1);
            writer.write(String.format("%02X", folder) + o.key().substring(2), o.bytes());
            documents++;
            bytes += o.size();
        }
        Files.write(
                description,
                (wanted + "\n" + documents + "\n" + bytes).getBytes(StandardCharsets.UTF_8));
        return new BenchData(raw, documents, bytes, "sparse");
    }

    /** The key moved into one of FOLDERS raw folders of its entity ({@code 00}…{@code 07}). */
    static String folderOf(String key) {
        int hh = Integer.parseInt(key.substring(0, 2), 16) % FOLDERS;
        return String.format("%02X", hh) + key.substring(2);
    }

    private static String describe(long targetBytes) {
        return "seed="
                + SEED
                + " bytes>="
                + targetBytes
                + " folders="
                + FOLDERS
                + " days="
                + DAYS
                + " start="
                + START;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
