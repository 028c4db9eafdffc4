package io.checkoutlake.job.sink;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.accumulators.ListAccumulator;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

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

    public static final String OUTPUTS = "backfill-outputs";

    private final String rootName;
    private final String root;
    private final BulkWriter.Factory<T> writers;
    private final String suffix;

    private transient ListAccumulator<String> outputs;
    private transient OpenFile current;

    /** The file being written and the key it is written for. */
    private final class OpenFile {
        final String keyText;
        final OutputFileKey key;
        final BackfillFile<T> file;

        OpenFile(String keyText) throws IOException {
            this.keyText = keyText;
            this.key = OutputFileKey.parse(keyText);
            this.file =
                    new BackfillFile<>(new Path(new Path(root), key.relativePath(suffix)), writers);
        }

        void commit() throws IOException {
            file.commit();
            outputs.add(
                    rootName
                            + "\t"
                            + key.folder()
                            + "\t"
                            + key.relativePath(suffix)
                            + "\t"
                            + file.records());
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
        current.file.add(element.getValue());
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
            current.file.abort();
            current = null;
        }
        super.close();
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
