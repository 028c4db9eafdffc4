package io.checkoutlake.job.fetch;

import io.checkoutlake.functions.path.RawObjectUris;
import java.io.IOException;
import java.io.InputStream;
import org.apache.flink.core.fs.Path;

/** Fetches through Flink's file systems: {@code file://} locally, {@code s3a://} in production. */
public final class FlinkFileSystemFetcher implements ObjectFetcher {
    private static final long serialVersionUID = 1L;

    @Override
    public byte[] fetch(String uri, int limit) throws IOException {
        Path path = RawObjectUris.toPath(uri);
        try (InputStream in = path.getFileSystem().open(path)) {
            return in.readNBytes(limit);
        }
    }
}
