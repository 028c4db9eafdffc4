package io.checkoutlake.job.fetch;

import io.checkoutlake.functions.path.RawObjectUris;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/** Fetches through Flink's file systems: {@code file://} locally, {@code s3a://} in production. */
public final class FlinkFileSystemFetcher implements ObjectFetcher {
    private static final long serialVersionUID = 1L;

    @Override
    public byte[] fetch(String uri, int limit) throws IOException {
        Path path = RawObjectUris.toPath(uri);
        FileSystem fs = path.getFileSystem();
        try (InputStream in = fs.open(path)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
            byte[] buf = new byte[32 * 1024];
            int total = 0;
            int n;
            while (total < limit
                    && (n = in.read(buf, 0, Math.min(buf.length, limit - total))) > 0) {
                out.write(buf, 0, n);
                total += n;
            }
            return out.toByteArray();
        }
    }
}
