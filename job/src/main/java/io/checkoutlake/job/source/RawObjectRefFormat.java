package io.checkoutlake.job.source;

import io.checkoutlake.functions.model.RawObjectRef;
import io.checkoutlake.functions.path.RawObjectUris;
import java.io.IOException;
import javax.annotation.Nullable;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.SingletonResultIterator;

/**
 * A FileSource format that reads nothing: each file becomes one {@link RawObjectRef}. Discovery
 * stays in the FileSource (listing, split assignment, checkpointed progress) while the bytes are
 * fetched later, many at a time, by the fetch stage; a FileSource reading the files itself would
 * fetch one object at a time per subtask.
 */
public final class RawObjectRefFormat implements BulkFormat<RawObjectRef, FileSourceSplit> {
    private static final long serialVersionUID = 1L;

    @Override
    public Reader<RawObjectRef> createReader(Configuration config, FileSourceSplit split) {
        return restoreReader(config, split);
    }

    @Override
    public Reader<RawObjectRef> restoreReader(Configuration config, FileSourceSplit split) {
        // The position counts emitted records; one emitted means the split is done. A split that
        // was never read has no position.
        boolean emitted =
                split.getReaderPosition().map(p -> p.getRecordsAfterOffset() > 0).orElse(false);
        return new RefReader(
                new RawObjectRef(RawObjectUris.of(split.path()), split.fileSize()), emitted);
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<RawObjectRef> getProducedType() {
        return TypeInformation.of(RawObjectRef.class);
    }

    private static final class RefReader implements BulkFormat.Reader<RawObjectRef> {
        private final RawObjectRef ref;
        private boolean emitted;

        RefReader(RawObjectRef ref, boolean emitted) {
            this.ref = ref;
            this.emitted = emitted;
        }

        @Nullable
        @Override
        public BulkFormat.RecordIterator<RawObjectRef> readBatch() {
            if (emitted) {
                return null;
            }
            emitted = true;
            SingletonResultIterator<RawObjectRef> it = new SingletonResultIterator<>();
            it.set(ref, CheckpointedPosition.NO_OFFSET, 1);
            return it;
        }

        @Override
        public void close() throws IOException {}
    }
}
