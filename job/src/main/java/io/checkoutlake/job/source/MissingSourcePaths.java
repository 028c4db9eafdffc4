package io.checkoutlake.job.source;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.enumerate.FileEnumerator;
import org.apache.flink.core.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code source.path} that does not exist holds no objects yet; it is not an error. Flink's
 * FileSource lists its paths once when it starts, in both modes, and a missing path fails that
 * listing: a backfill fails, and a stream fails over and restarts forever without reading anything.
 * Wrapped in this, a missing path lists as empty with one WARN naming it: a backfill finishes with
 * no documents, a stream keeps listing it every {@code source.monitor-interval} and reads the
 * objects that appear there.
 */
public final class MissingSourcePaths implements FileEnumerator {
    private static final Logger LOG = LoggerFactory.getLogger(MissingSourcePaths.class);

    private final FileEnumerator delegate;

    /**
     * Paths reported missing by this enumerator, so that a stream warns once, not every listing.
     */
    private final List<Path> reported = new ArrayList<>();

    private MissingSourcePaths(FileEnumerator delegate) {
        this.delegate = delegate;
    }

    /** {@code delegate}'s enumerators, with missing paths listed as empty. */
    public static FileEnumerator.Provider tolerating(FileEnumerator.Provider delegate) {
        return () -> new MissingSourcePaths(delegate.create());
    }

    @Override
    public Collection<FileSourceSplit> enumerateSplits(Path[] paths, int minDesiredSplits)
            throws IOException {
        List<Path> existing = new ArrayList<>(paths.length);
        for (Path path : paths) {
            if (path.getFileSystem().exists(path)) {
                if (reported.remove(path)) {
                    LOG.info("source.path {} exists now", path);
                }
                existing.add(path);
            } else if (!reported.contains(path)) {
                reported.add(path);
                LOG.warn(
                        "source.path {} does not exist: no objects to read there (stream mode"
                                + " keeps listing it)",
                        path);
            }
        }
        return delegate.enumerateSplits(existing.toArray(new Path[0]), minDesiredSplits);
    }
}
