package io.checkoutlake.job.source;

import io.checkoutlake.functions.model.RawObjectRef;
import java.net.URI;
import java.time.Duration;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.Path;

/**
 * Discovery for {@code source.kind=files}: Flink's FileSource over {@code source.path}, bounded for
 * backfill, monitoring for new objects in stream mode. Hidden files ({@code .x}, {@code _x}) are
 * skipped by the FileSource, which is how writers keep half-written objects out.
 */
public final class FileDiscovery {
    private FileDiscovery() {}

    public static FileSource<RawObjectRef> bounded(URI sourcePath) {
        return FileSource.forBulkFileFormat(new RawObjectRefFormat(), new Path(sourcePath)).build();
    }

    public static FileSource<RawObjectRef> monitoring(URI sourcePath, Duration interval) {
        return FileSource.forBulkFileFormat(new RawObjectRefFormat(), new Path(sourcePath))
                .monitorContinuously(interval)
                .build();
    }
}
