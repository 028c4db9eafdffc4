package io.checkoutlake.job.sink;

import java.io.IOException;
import java.util.Objects;
import org.apache.flink.core.fs.FSDataOutputStream;

/**
 * A write buffer in front of a Flink {@link FSDataOutputStream}. Parquet writes a file as many
 * small pieces (page headers, single values, footer fields); Flink's local file system hands them
 * straight to an unbuffered {@code FileOutputStream}, which made about 24,500 write calls per file
 * and most of the backfill's fixed cost per file. Writes at least as large as the buffer go to the
 * delegate directly, without a copy.
 *
 * <p>Not thread-safe, like the streams it wraps.
 */
public final class BufferedFsDataOutputStream extends FSDataOutputStream {
    /**
     * Gathers Parquet's small writes into a few calls per page; compressed pages of this size or
     * more pass straight through.
     */
    public static final int DEFAULT_BUFFER_BYTES = 64 * 1024;

    private final FSDataOutputStream delegate;
    private final byte[] buffer;
    private int count;
    private boolean closed;

    public BufferedFsDataOutputStream(FSDataOutputStream delegate) {
        this(delegate, DEFAULT_BUFFER_BYTES);
    }

    public BufferedFsDataOutputStream(FSDataOutputStream delegate, int bufferBytes) {
        if (bufferBytes <= 0) {
            throw new IllegalArgumentException("buffer size must be positive: " + bufferBytes);
        }
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.buffer = new byte[bufferBytes];
    }

    /** The stream underneath, e.g. to complete a recoverable stream after {@link #flushBuffer}. */
    public FSDataOutputStream delegate() {
        return delegate;
    }

    @Override
    public void write(int b) throws IOException {
        ensureOpen();
        if (count == buffer.length) {
            flushBuffer();
        }
        buffer[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        if (len >= buffer.length) {
            // Copying would only split it into buffer-sized writes: keep the order, then pass it
            // on.
            flushBuffer();
            delegate.write(b, off, len);
            return;
        }
        if (len > buffer.length - count) {
            flushBuffer();
        }
        System.arraycopy(b, off, buffer, count, len);
        count += len;
    }

    /** The delegate's position plus what is still buffered: where the next byte will be. */
    @Override
    public long getPos() throws IOException {
        return delegate.getPos() + count;
    }

    /**
     * Hands the buffered bytes to the delegate without flushing or closing it: what a recoverable
     * stream needs before {@code closeForCommit}, which must be the one to close it.
     */
    public void flushBuffer() throws IOException {
        if (count > 0) {
            delegate.write(buffer, 0, count);
            count = 0;
        }
    }

    @Override
    public void flush() throws IOException {
        ensureOpen();
        flushBuffer();
        delegate.flush();
    }

    @Override
    public void sync() throws IOException {
        ensureOpen();
        flushBuffer();
        delegate.sync();
    }

    /**
     * Writes out the buffer and closes the delegate; closes the delegate even when writing fails.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            flushBuffer();
        } finally {
            delegate.close();
        }
    }

    /**
     * Closes the delegate without writing out the buffer: for a file being abandoned, whose bytes
     * nobody will read (a multipart upload then takes no further part).
     */
    public void discard() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        count = 0;
        delegate.close();
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("stream is closed");
        }
    }
}
