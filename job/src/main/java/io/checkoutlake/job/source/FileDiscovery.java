package io.checkoutlake.job.source;

import io.checkoutlake.functions.model.RawObjectRef;
import io.checkoutlake.job.config.LakeOptions;
import java.net.URI;
import java.time.Duration;
import javax.annotation.Nullable;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.Path;

/**
 * Discovery for {@code source.kind=files}: Flink's FileSource over {@code source.path}, bounded for
 * backfill; in stream mode a continuous FileSource whose memory of read paths is bounded by {@code
 * source.files-horizon} ({@link HorizonFileSource}). Hidden files ({@code .x}, {@code _x}) are
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

    /** Stream mode with the default {@code source.files-horizon} and no backfills. */
    public static HorizonFileSource<RawObjectRef> monitoring(URI sourcePath, Duration interval) {
        return monitoring(
                sourcePath, interval, LakeOptions.SOURCE_FILES_HORIZON.defaultValue(), null);
    }

    /**
     * Stream mode: lists {@code sourcePath} every {@code interval}; files modified more than {@code
     * horizon} before the newest one are skipped and forgotten ({@link Duration#ZERO}: none). The
     * object versions that the backfills recorded in {@code lakePath}'s markers read are not read
     * (the hand-off from backfill to stream; null: no backfills).
     */
    public static HorizonFileSource<RawObjectRef> monitoring(
            URI sourcePath, Duration interval, Duration horizon, @Nullable URI lakePath) {
        return new HorizonFileSource<>(
                new Path[] {new Path(sourcePath)},
                MissingSourcePaths.tolerating(RawObjectEnumerator.provider()),
                new RawObjectRefFormat(),
                interval,
                horizon,
                lakePath);
    }
}
