package io.checkoutlake.job.commit;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
        Path folder = new Path(tableRoot, partition);
        FileSystem fs = folder.getFileSystem();
        Map<String, ManifestEntry> previous = previousEntries(fs, folder);
        List<ManifestEntry> entries = new ArrayList<>();
        int footersRead = 0;
        for (FileStatus status : fs.listStatus(folder)) {
            String name = status.getPath().getName();
            if (status.isDir() || !PartitionFiles.isDataFile(name)) {
                continue;
            }
            ManifestEntry known = previous.get(name);
            if (known != null && known.size() == status.getLen()) {
                entries.add(known);
                continue;
            }
            ParquetFileStats stats;
            try {
                stats = ParquetFileStats.read(fs, status.getPath(), status.getLen());
            } catch (FileNotFoundException e) {
                continue;
            }
            footersRead++;
            entries.add(
                    new ManifestEntry(
                            name,
                            status.getLen(),
                            stats.rows(),
                            PartitionManifest.instantText(stats.minEventTimeMicros()),
                            PartitionManifest.instantText(stats.maxEventTimeMicros())));
        }
        PartitionManifest manifest =
                new PartitionManifest(table, partition, entries, clock.instant().toString());
        PartitionFiles.writeWhole(
                fs, new Path(folder, PartitionManifest.FILE_NAME), manifest.toJson());
        PartitionFiles.writeWhole(
                fs, new Path(folder, PartitionManifest.SUCCESS_FILE_NAME), new byte[0]);
        catalog.register(table, partition, PartitionFiles.catalogLocation(folder));
        LOG.info(
                "Committed partition {} of {}: {} files, {} rows ({} footers read)",
                partition,
                table,
                manifest.files().size(),
                manifest.rows(),
                footersRead);
        return manifest;
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
        Map<String, ManifestEntry> entries = new HashMap<>();
        try {
            PartitionManifest manifest = readManifest(fs, folder);
            if (manifest != null) {
                for (ManifestEntry e : manifest.files()) {
                    entries.put(e.name(), e);
                }
            }
        } catch (IOException e) {
            // Only a cache of footer stats: read every footer again.
            LOG.warn("Ignoring unreadable manifest in {}: {}", folder, e.toString());
        }
        return entries;
    }

    @Override
    public void close() {
        catalog.close();
    }
}
