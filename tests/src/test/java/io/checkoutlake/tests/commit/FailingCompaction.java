package io.checkoutlake.tests.commit;

import io.checkoutlake.job.sink.LakeCompaction;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.connector.file.sink.compactor.RecordWiseFileCompactor;

/**
 * Compaction that fails once in the middle of merging: the {@code failAtFile}-th file opened for
 * compaction throws after handing over its first row, so the merged file is half written when the
 * job fails over. Static state: the MiniCluster runs in the test's JVM.
 */
final class FailingCompaction extends LakeCompaction {
    private static final long serialVersionUID = 1L;
    private static final AtomicInteger OPENED = new AtomicInteger();
    private static final AtomicBoolean FAILED = new AtomicBoolean();
    private static final java.util.Set<String> INPUTS =
            java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final int failAtFile;

    FailingCompaction(long targetBytes, int maxCheckpoints, int failAtFile) {
        super(targetBytes, maxCheckpoints);
        this.failAtFile = failAtFile;
    }

    static void reset() {
        OPENED.set(0);
        FAILED.set(false);
        INPUTS.clear();
    }

    /** The distinct files compaction read (a retry after the failure reads some again). */
    static int distinctInputs() {
        return INPUTS.size();
    }

    static boolean failed() {
        return FAILED.get();
    }

    static int opened() {
        return OPENED.get();
    }

    @Override
    public RecordWiseFileCompactor.Reader.Factory<GenericRecord> readerFactory(Schema schema) {
        RecordWiseFileCompactor.Reader.Factory<GenericRecord> real = super.readerFactory(schema);
        int failAt = failAtFile;
        return path -> {
            RecordWiseFileCompactor.Reader<GenericRecord> reader = real.createFor(path);
            INPUTS.add(path.toString());
            boolean fail = OPENED.incrementAndGet() == failAt && !FAILED.get();
            if (!fail) {
                return reader;
            }
            return new RecordWiseFileCompactor.Reader<>() {
                private int read;

                @Override
                public GenericRecord read() throws IOException {
                    if (read++ == 1) {
                        FAILED.set(true);
                        throw new IOException("injected failure in the middle of compaction");
                    }
                    return reader.read();
                }

                @Override
                public void close() throws Exception {
                    reader.close();
                }
            };
        };
    }
}
