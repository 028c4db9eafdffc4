package io.checkoutlake.job.checkpoint;

import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Finds what {@code --restore-from latest} restores: the newest retained checkpoint under {@code
 * checkpoint.dir}, across the job ids of earlier runs ({@code <dir>/<job-id>/chk-N}). Only
 * completed checkpoints count: Flink writes {@code _metadata} last.
 */
public final class RestorePoints {
    private static final String METADATA = "_metadata";

    private RestorePoints() {}

    public static Optional<String> latest(URI checkpointDir) throws IOException {
        Path root = new Path(checkpointDir);
        FileSystem fs = root.getFileSystem();
        if (!fs.exists(root)) {
            return Optional.empty();
        }
        Path best = null;
        long bestTime = Long.MIN_VALUE;
        for (FileStatus job : list(fs, root)) {
            if (!job.isDir()) {
                continue;
            }
            for (FileStatus chk : list(fs, job.getPath())) {
                if (!chk.isDir() || !chk.getPath().getName().startsWith("chk-")) {
                    continue;
                }
                Path metadata = new Path(chk.getPath(), METADATA);
                if (!fs.exists(metadata)) {
                    continue;
                }
                long time = fs.getFileStatus(metadata).getModificationTime();
                if (best == null || time > bestTime) {
                    best = chk.getPath();
                    bestTime = time;
                }
            }
        }
        return Optional.ofNullable(best).map(Path::toString);
    }

    private static FileStatus[] list(FileSystem fs, Path dir) throws IOException {
        FileStatus[] statuses = fs.listStatus(dir);
        return statuses == null ? new FileStatus[0] : statuses;
    }
}
