package io.checkoutlake.job.coverage;

import io.checkoutlake.functions.path.RawObjectUris;
import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.core.fs.Path;

/**
 * What the backfills of a raw prefix read, by folder, from their markers: a stream on the same
 * {@code source.path} does not read an object version a backfill read ({@link FolderCoverage}).
 * Markers of another prefix, and markers of earlier builds (no coverage), cover nothing.
 */
public final class BackfillCoverage implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final BackfillCoverage NONE = new BackfillCoverage("", Map.of(), Map.of());

    /** The prefix's {@code _source_file} form, ending in {@code /}. */
    private final String rootUri;

    private final Map<String, FolderCoverage> folders;

    /** When each folder's listing started, epoch millis. */
    private final Map<String, Long> listedAt;

    /**
     * The coverage of {@code folders} (by folder name) under the prefix {@code rootUri} ({@code
     * _source_file} form).
     */
    public BackfillCoverage(
            String rootUri, Map<String, FolderCoverage> folders, Map<String, Long> listedAt) {
        this.rootUri = RawObjectUris.asFolder(rootUri);
        this.folders = new HashMap<>(folders);
        this.listedAt = new HashMap<>(listedAt);
    }

    /**
     * The coverage of the markers under {@code lakePath} that name folders of {@code sourcePath}.
     */
    public static BackfillCoverage load(URI lakePath, URI sourcePath) throws IOException {
        String root = RawObjectUris.asFolder(RawObjectUris.of(new Path(sourcePath)));
        Map<String, FolderCoverage> folders = new HashMap<>();
        Map<String, Long> listedAt = new HashMap<>();
        for (BackfillMarker m : new BackfillMarkers(lakePath).readAll().values()) {
            FolderCoverage coverage = m.coverage();
            if (coverage != null
                    && m.source != null
                    && withoutScheme(m.source).equals(withoutScheme(root + m.folder))) {
                folders.put(m.folder, coverage);
                listedAt.put(m.folder, Instant.parse(m.listedAt).toEpochMilli());
            }
        }
        return new BackfillCoverage(root, folders, listedAt);
    }

    /** Folders with a coverage. */
    public int folders() {
        return folders.size();
    }

    /** Whether a backfill read the object at {@code objectUri} modified at {@code modified}. */
    public boolean covers(String objectUri, long modified) {
        String folder = folderOf(objectUri);
        FolderCoverage coverage = folder == null ? null : folders.get(folder);
        return coverage != null
                && coverage.covers(
                        objectUri.substring(rootUri.length() + folder.length() + 1), modified);
    }

    /**
     * Whether an object-created event at {@code eventTime} (epoch millis, S3's time) was read by a
     * backfill: the object was complete before its folder's listing started, so the backfill read
     * it, or a later version that has its own event. An object completed while its folder was being
     * listed may have been read too: such events are not covered (read again rather than lost).
     */
    public boolean coversEvent(String objectUri, long eventTime) {
        String folder = folderOf(objectUri);
        Long started = folder == null ? null : listedAt.get(folder);
        return started != null && eventTime < started;
    }

    /** The folder of an object under the prefix, or null. */
    private String folderOf(String objectUri) {
        if (folders.isEmpty() || !objectUri.startsWith(rootUri)) {
            return null;
        }
        int slash = objectUri.indexOf('/', rootUri.length());
        return slash < 0 ? null : objectUri.substring(rootUri.length(), slash);
    }

    /** s3a://b/k and s3://b/k name the same object. */
    private static String withoutScheme(String uri) {
        int at = uri.indexOf("://");
        String rest = at < 0 ? uri : uri.substring(at + 3);
        return rest.endsWith("/") ? rest.substring(0, rest.length() - 1) : rest;
    }
}
