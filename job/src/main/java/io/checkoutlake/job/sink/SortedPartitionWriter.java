package io.checkoutlake.job.sink;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.flink.api.common.accumulators.ListAccumulator;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.fs.RecoverableFsDataOutputStream;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backfill's writer: input keyed by {@link OutputFileKey} and, in batch execution, sorted by
 * key, so a subtask sees one output file's records together and holds one open writer at a time,
 * whatever the number of partitions. Each key becomes exactly one file with a name made of the key
 * ({@code <partition>/backfill-<folder><suffix>}): a re-run writes the same names and replaces
 * them, so it never duplicates.
 *
 * <p>Readers never see a part of a file: locally it is written under a hidden name unique to this
 * writer and renamed when complete; on object stores it is a multipart upload (Flink's recoverable
 * writer) that only the commit completes, so a failed writer leaves the previous file in place and
 * nothing new visible. A failed attempt drops only what it wrote; batch execution then re-runs the
 * task.
 *
 * <p>Every written file is reported in the accumulator {@link #OUTPUTS} as {@code
 * <root>\t<folder>\t<relative path>\t<records>}, for the backfill's per-folder markers.
 */
public final class SortedPartitionWriter<T> extends AbstractStreamOperator<Void>
        implements OneInputStreamOperator<T, Void>, BoundedOneInput {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SortedPartitionWriter.class);

    public static final String OUTPUTS = "backfill-outputs";

    private final String rootName;
    private final String root;
    private final BulkWriter.Factory<T> writers;
    private final String suffix;

    private transient ListAccumulator<String> outputs;
    private transient OpenFile current;

    /** The file being written: its key, where it goes, and its writer. */
    private final class OpenFile {
        final String keyText;
        final OutputFileKey key;
        final Path target;
        final Path written;

        /** The file system's stream: recoverable (object stores) or a plain file. */
        final FSDataOutputStream stream;

        /** What the writer writes to: {@link #stream} behind a buffer. */
        final BufferedFsDataOutputStream buffered;

        final BulkWriter<T> writer;
        long records;

        OpenFile(String keyText) throws IOException {
            this.keyText = keyText;
            this.key = OutputFileKey.parse(keyText);
            this.target = new Path(new Path(root), key.relativePath(suffix));
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

        void add(T element) throws IOException {
            writer.addElement(element);
            records++;
        }

        void commit() throws IOException {
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
            outputs.add(
                    rootName
                            + "\t"
                            + key.folder()
                            + "\t"
                            + key.relativePath(suffix)
                            + "\t"
                            + records);
        }

        /**
         * Drops what this writer wrote and nothing else: the hidden file, or the multipart upload
         * (never completed; the bucket's AbortIncompleteMultipartUpload rule removes its parts).
         * The buffered bytes are dropped, not written: nobody reads them, and an upload would only
         * take them as one more part to abandon.
         */
        void abort() {
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
    }

    /**
     * @param rootName how markers name {@code root} ({@code lake} or {@code deadletter})
     * @param root the folder the keys' relative paths are under
     * @param suffix the file name suffix, e.g. {@code .zstd.parquet}
     */
    public SortedPartitionWriter(
            String rootName, String root, BulkWriter.Factory<T> writers, String suffix) {
        this.rootName = rootName;
        this.root = root;
        this.writers = writers;
        this.suffix = suffix;
    }

    @Override
    public void open() throws Exception {
        super.open();
        outputs = new ListAccumulator<>();
        getRuntimeContext()
                .addAccumulator(OUTPUTS + "-" + rootName + "-" + getOperatorID(), outputs);
    }

    @Override
    public void processElement(StreamRecord<T> element) throws Exception {
        String key = (String) getCurrentKey();
        if (current != null && !current.keyText.equals(key)) {
            current.commit();
            current = null;
        }
        if (current == null) {
            current = new OpenFile(key);
        }
        current.add(element.getValue());
    }

    @Override
    public void endInput() throws Exception {
        if (current != null) {
            current.commit();
            current = null;
        }
    }

    @Override
    public void close() throws Exception {
        // Only reached with a file open when the attempt failed or was cancelled.
        if (current != null) {
            current.abort();
            current = null;
        }
        super.close();
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

    /** Accumulated output lines of all writers of a finished job. */
    public static List<String> outputsOf(Map<String, Object> accumulators) {
        return accumulators.entrySet().stream()
                .filter(e -> e.getKey().startsWith(OUTPUTS + "-") && e.getValue() instanceof List)
                .flatMap(e -> ((List<?>) e.getValue()).stream())
                .map(String::valueOf)
                .collect(Collectors.toList());
    }
}
