package io.checkoutlake.job.commit;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits one partition of one table: writes {@code _manifest.json} listing every committed
 * (visible) Parquet file of the partition folder with its size, row count and event-time range,
 * then {@code _SUCCESS}, then registers the partition in the catalog. Any caller that knows a
 * partition is complete can use it: the stream's watermark-driven {@link PartitionCommitOperator},
 * or a backfill once its files are committed.
 *
 * <p>Idempotent: a repeated commit of the same files writes the same manifest apart from {@code
 * committed_at} (files sorted by name; stats of files already in the previous manifest with the
 * same size are reused instead of reading their footers again), rewrites {@code _SUCCESS} and finds
 * the catalog partition existing.
 */
public final class PartitionCommitter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionCommitter.class);

    private final String table;
    private final Path tableRoot;
    private final PartitionCatalog catalog;
    private final Clock clock;

    public PartitionCommitter(String table, Path tableRoot, PartitionCatalog catalog, Clock clock) {
        this.table = table;
        this.tableRoot = tableRoot;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** Commits {@code partition} (a bucket id such as {@code YEAR=2019/MONTH=08/DAY=23}). */
    public PartitionManifest commit(String partition) throws IOException {
        return commit(partition, Map.of(), Runnable::run);
    }

    /**
     * Commits {@code partition} with the stats of files already {@code known} (by name; an entry
     * counts only if its size is the listed one). The footers of the other files, unless the
     * previous manifest has them, are read on {@code footerReaders}, concurrently where it has
     * several threads.
     */
    public PartitionManifest commit(
            String partition, Map<String, ManifestEntry> known, Executor footerReaders)
            throws IOException {
        long started = System.nanoTime();
        Path folder = new Path(tableRoot, partition);
        FileSystem fs = folder.getFileSystem();
        List<ManifestEntry> entries = new ArrayList<>();
        List<FileStatus> unknown = new ArrayList<>();
        for (FileStatus status : fs.listStatus(folder)) {
            String name = status.getPath().getName();
            if (status.isDir() || !PartitionFiles.isDataFile(name)) {
                continue;
            }
            ManifestEntry entry = known.get(name);
            if (entry != null && entry.size() == status.getLen()) {
                entries.add(entry);
            } else {
                unknown.add(status);
            }
        }
        int footersRead = 0;
        if (!unknown.isEmpty()) {
            Map<String, ManifestEntry> previous = previousEntries(fs, folder);
            List<CompletableFuture<ManifestEntry>> reads = new ArrayList<>();
            for (FileStatus status : unknown) {
                ManifestEntry entry = previous.get(status.getPath().getName());
                if (entry != null && entry.size() == status.getLen()) {
                    entries.add(entry);
                } else {
                    reads.add(
                            CompletableFuture.supplyAsync(
                                    () -> readEntry(fs, status), footerReaders));
                }
            }
            for (CompletableFuture<ManifestEntry> read : reads) {
                ManifestEntry entry = await(read);
                if (entry != null) {
                    entries.add(entry);
                    footersRead++;
                }
            }
        }
        PartitionManifest manifest =
                new PartitionManifest(table, partition, entries, clock.instant().toString());
        PartitionFiles.writeWhole(
                fs, new Path(folder, PartitionManifest.FILE_NAME), manifest.toJson());
        PartitionFiles.writeWhole(
                fs, new Path(folder, PartitionManifest.SUCCESS_FILE_NAME), new byte[0]);
        catalog.register(table, partition, PartitionFiles.catalogLocation(folder));
        LOG.info(
                "Committed partition {} of {}: {} files, {} rows ({} footers read) in {} ms",
                partition,
                table,
                manifest.files().size(),
                manifest.rows(),
                footersRead,
                (System.nanoTime() - started) / 1_000_000);
        return manifest;
    }

    /** The manifest entry of one data file, from its footer. */
    public static ManifestEntry readEntry(FileSystem fs, Path file) throws IOException {
        return readEntry(fs, fs.getFileStatus(file));
    }

    /** Null when the file is gone (compaction removed it since the listing). */
    private static ManifestEntry readEntry(FileSystem fs, FileStatus status) {
        try {
            ParquetFileStats stats = ParquetFileStats.read(fs, status.getPath(), status.getLen());
            return new ManifestEntry(
                    status.getPath().getName(),
                    status.getLen(),
                    stats.rows(),
                    PartitionManifest.instantText(stats.minEventTimeMicros()),
                    PartitionManifest.instantText(stats.maxEventTimeMicros()));
        } catch (FileNotFoundException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ManifestEntry await(CompletableFuture<ManifestEntry> read) throws IOException {
        try {
            return read.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof UncheckedIOException) {
                throw ((UncheckedIOException) e.getCause()).getCause();
            }
            throw e;
        }
    }

    /** The manifest of a partition folder, if it has one. */
    public static PartitionManifest readManifest(FileSystem fs, Path folder) throws IOException {
        Path path = new Path(folder, PartitionManifest.FILE_NAME);
        if (!fs.exists(path)) {
            return null;
        }
        try (InputStream in = fs.open(path)) {
            return PartitionManifest.parse(in.readAllBytes());
        }
    }

    private static Map<String, ManifestEntry> previousEntries(FileSystem fs, Path folder) {
        try {
            PartitionManifest manifest = readManifest(fs, folder);
            return manifest == null
                    ? Map.of()
                    : manifest.files().stream()
                            .collect(Collectors.toMap(ManifestEntry::name, e -> e, (a, b) -> b));
        } catch (IOException e) {
            // Only a cache of footer stats: read every footer again.
            LOG.warn("Ignoring unreadable manifest in {}: {}", folder, e.toString());
            return Map.of();
        }
    }

    @Override
    public void close() {
        catalog.close();
    }
}
