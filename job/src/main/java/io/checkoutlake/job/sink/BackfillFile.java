package io.checkoutlake.job.sink;

import java.io.IOException;
import java.util.Locale;
import java.util.UUID;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.fs.RecoverableFsDataOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One backfill output file while it is written. Readers never see a part of it: locally it is
 * written under a hidden name unique to this writer and renamed when complete; on object stores it
 * is a multipart upload (Flink's recoverable writer) that only {@link #commit} completes, so a
 * failed writer leaves the previous file in place and nothing new visible.
 */
public final class BackfillFile<T> {
    private static final Logger LOG = LoggerFactory.getLogger(BackfillFile.class);

    private final Path target;
    private final Path written;

    /** The file system's stream: recoverable (object stores) or a plain file. */
    private final FSDataOutputStream stream;

    /** What the writer writes to: {@link #stream} behind a buffer. */
    private final BufferedFsDataOutputStream buffered;

    private final BulkWriter<T> writer;
    private long records;

    public BackfillFile(Path target, BulkWriter.Factory<T> writers) throws IOException {
        this.target = target;
        FileSystem fs = target.getFileSystem();
        if (writesInPlace(target)) {
            // A multipart upload, completed by commit only: abandoned, nothing is visible.
            this.written = target;
            this.stream = fs.createRecoverableWriter().open(target);
        } else {
            // Unique per writer, so no other run or attempt writes, renames or deletes it.
            this.written =
                    new Path(
                            target.getParent(),
                            "." + target.getName() + ".inprogress." + UUID.randomUUID());
            this.stream = fs.create(written, FileSystem.WriteMode.NO_OVERWRITE);
        }
        this.buffered = new BufferedFsDataOutputStream(stream);
        this.writer = writers.create(buffered);
    }

    public void add(T element) throws IOException {
        writer.addElement(element);
        records++;
    }

    /** The records added so far. */
    public long records() {
        return records;
    }

    /** Finishes the file and makes it visible under its name, replacing a previous one. */
    public void commit() throws IOException {
        writer.finish();
        if (stream instanceof RecoverableFsDataOutputStream) {
            // closeForCommit closes the upload itself: only hand it the buffered tail.
            buffered.flushBuffer();
            ((RecoverableFsDataOutputStream) stream).closeForCommit().commit();
        } else {
            buffered.close();
            FileSystem fs = target.getFileSystem();
            if (!fs.rename(written, target)) {
                // File systems that do not replace on rename (HDFS) take a delete first.
                fs.delete(target, false);
                if (!fs.rename(written, target)) {
                    throw new IOException("cannot rename " + written + " to " + target);
                }
            }
        }
    }

    /**
     * Drops what this writer wrote and nothing else: the hidden file, or the multipart upload
     * (never completed; the bucket's AbortIncompleteMultipartUpload rule removes its parts). The
     * buffered bytes are dropped, not written: nobody reads them, and an upload would only take
     * them as one more part to abandon.
     */
    public void abort() {
        try {
            buffered.discard();
        } catch (IOException | RuntimeException e) {
            LOG.debug("closing an aborted file", e);
        }
        if (stream instanceof RecoverableFsDataOutputStream) {
            return;
        }
        try {
            written.getFileSystem().delete(written, false);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot delete the aborted file {}: {}", written, e.toString());
        }
    }

    /** Object stores rename by copying: their files are multipart uploads under the final name. */
    static boolean writesInPlace(Path path) {
        String scheme = path.toUri().getScheme();
        if (scheme == null) {
            return false;
        }
        String s = scheme.toLowerCase(Locale.ROOT);
        return s.startsWith("s3") || s.equals("gs");
    }
}
