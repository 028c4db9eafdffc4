package io.checkoutlake.job.fetch;

import io.checkoutlake.functions.path.RawObjectUris;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/** Fetches through Flink's file systems: {@code file://} locally, {@code s3a://} in production. */
public final class FlinkFileSystemFetcher implements ObjectFetcher {
    private static final long serialVersionUID = 1L;

    /**
     * With a known size, an S3A object is opened without its HEAD: one GET per object ({@link
     * S3aKnownSizeOpen}). Other file systems, and an unknown size, open as before.
     */
    @Override
    public byte[] fetch(String uri, long size, int limit) throws IOException {
        Path path = RawObjectUris.toPath(uri);
        FileSystem fs = path.getFileSystem();
        Optional<InputStream> known =
                size >= 0 ? S3aKnownSizeOpen.open(fs, path, size) : Optional.empty();
        try (InputStream in = known.isPresent() ? known.get() : fs.open(path)) {
            return in.readNBytes(limit);
        }
    }
}
