package io.checkoutlake.job.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Finds what a restore restores among the retained checkpoints under {@code checkpoint.dir}, across
 * the job ids of earlier runs ({@code <dir>/<job-id>/chk-N}). Only completed checkpoints count:
 * Flink writes {@code _metadata} last.
 *
 * <p>{@code --restore-from latest} takes the newest of all. {@code --restore-from <savepoint>}
 * takes the newest checkpoint of the jobs that were started from that savepoint, if any: a job
 * records the savepoint it was started from in {@value #LINEAGE} beside its checkpoints ({@link
 * #recordRestore}), so that running the same command again (a YARN re-attempt of a lost JobManager,
 * a killed process started again) continues where that job was instead of writing everything since
 * the savepoint a second time.
 */
public final class RestorePoints {
    private static final String METADATA = "_metadata";

    /** In {@code <checkpoint.dir>/<job-id>/}: the savepoint that job was started from. */
    public static final String LINEAGE = "_restored-from";

    private RestorePoints() {}

    /** The newest retained checkpoint of any job, for {@code --restore-from latest}. */
    public static Optional<String> latest(URI checkpointDir) throws IOException {
        return newest(checkpointDir, null);
    }

    /**
     * The newest retained checkpoint of the jobs started from {@code savepoint} (directly, or from
     * an earlier checkpoint of such a job), or empty if none has completed one.
     */
    public static Optional<String> newestSince(URI checkpointDir, String savepoint)
            throws IOException {
        return newest(checkpointDir, qualified(savepoint));
    }

    /** Records that job {@code jobId} was started from {@code savepoint} (see {@link #LINEAGE}). */
    public static void recordRestore(URI checkpointDir, JobID jobId, String savepoint)
            throws IOException {
        Path file = new Path(new Path(new Path(checkpointDir), jobId.toHexString()), LINEAGE);
        FileSystem fs = file.getFileSystem();
        try (OutputStream out = fs.create(file, FileSystem.WriteMode.OVERWRITE)) {
            out.write(qualified(savepoint).getBytes(StandardCharsets.UTF_8));
        }
    }

    private static Optional<String> readLineage(FileSystem fs, Path job) throws IOException {
        Path file = new Path(job, LINEAGE);
        if (!fs.exists(file)) {
            return Optional.empty();
        }
        try (InputStream in = fs.open(file)) {
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim());
        }
    }

    /** {@code /x/sp-1/}, {@code file:/x/sp-1} and {@code file:///x/sp-1} are one savepoint. */
    private static String qualified(String savepoint) throws IOException {
        Path path = new Path(savepoint);
        return path.makeQualified(path.getFileSystem()).toString();
    }

    /** Among the jobs started from {@code savepoint}, or all jobs when it is null. */
    private static Optional<String> newest(URI checkpointDir, String savepoint) throws IOException {
        Path root = new Path(checkpointDir);
        FileSystem fs = root.getFileSystem();
        if (!fs.exists(root)) {
            return Optional.empty();
        }
        Path best = null;
        long bestTime = Long.MIN_VALUE;
        for (FileStatus job : list(fs, root)) {
            if (!job.isDir()
                    || (savepoint != null
                            && !savepoint.equals(readLineage(fs, job.getPath()).orElse(null)))) {
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
