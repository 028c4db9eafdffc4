package io.checkoutlake.job.source;

import io.checkoutlake.functions.model.RawObjectRef;
import java.net.URI;
import java.time.Duration;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.Path;

/**
 * Discovery for {@code source.kind=files}: Flink's FileSource over {@code source.path}, bounded for
 * backfill, monitoring for new objects in stream mode. Hidden files ({@code .x}, {@code _x}) are
 * skipped, which is how writers keep half-written objects out, and so are folder placeholders
 * ({@code x/}): see {@link RawObjectEnumerator}. A {@code source.path} that does not exist lists as
 * empty, with a WARN: see {@link MissingSourcePaths}.
 */
public final class FileDiscovery {
    private FileDiscovery() {}

    public static FileSource<RawObjectRef> bounded(URI sourcePath) {
        return FileSource.forBulkFileFormat(new RawObjectRefFormat(), new Path(sourcePath))
                .setFileEnumerator(MissingSourcePaths.tolerating(RawObjectEnumerator.provider()))
                .build();
    }

    public static FileSource<RawObjectRef> monitoring(URI sourcePath, Duration interval) {
        return FileSource.forBulkFileFormat(new RawObjectRefFormat(), new Path(sourcePath))
                .setFileEnumerator(MissingSourcePaths.tolerating(RawObjectEnumerator.provider()))
                .monitorContinuously(interval)
                .build();
    }
}
