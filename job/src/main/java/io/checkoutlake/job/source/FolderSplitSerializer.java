package io.checkoutlake.job.source;

import io.checkoutlake.job.coverage.FolderCoverage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/** Splits and the enumerator's remaining splits, in a versioned binary form. */
final class FolderSplitSerializer {
    /** 2 adds the coverage. */
    private static final int VERSION = 2;

    private FolderSplitSerializer() {}

    static final class Splits implements SimpleVersionedSerializer<FolderSplit> {
        @Override
        public int getVersion() {
            return VERSION;
        }

        @Override
        public byte[] serialize(FolderSplit split) throws IOException {
            DataOutputSerializer out = new DataOutputSerializer(64);
            write(split, out);
            return out.getCopyOfBuffer();
        }

        @Override
        public FolderSplit deserialize(int version, byte[] serialized) throws IOException {
            checkVersion(version);
            return read(new DataInputDeserializer(serialized), version);
        }
    }

    static final class Remaining implements SimpleVersionedSerializer<Collection<FolderSplit>> {
        @Override
        public int getVersion() {
            return VERSION;
        }

        @Override
        public byte[] serialize(Collection<FolderSplit> splits) throws IOException {
            DataOutputSerializer out = new DataOutputSerializer(64);
            out.writeInt(splits.size());
            for (FolderSplit s : splits) {
                write(s, out);
            }
            return out.getCopyOfBuffer();
        }

        @Override
        public Collection<FolderSplit> deserialize(int version, byte[] serialized)
                throws IOException {
            checkVersion(version);
            DataInputDeserializer in = new DataInputDeserializer(serialized);
            int n = in.readInt();
            List<FolderSplit> splits = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                splits.add(read(in, version));
            }
            return splits;
        }
    }

    private static void write(FolderSplit split, DataOutputView out) throws IOException {
        out.writeUTF(split.folderUri());
        out.writeLong(split.emitted());
        FolderCoverage coverage = split.coverage();
        out.writeBoolean(coverage != null);
        if (coverage != null) {
            out.writeLong(coverage.coveredBefore());
            out.writeInt(coverage.objects().size());
            for (Map.Entry<String, Long> e : coverage.objects().entrySet()) {
                out.writeUTF(e.getKey());
                out.writeLong(e.getValue());
            }
        }
    }

    private static FolderSplit read(DataInputView in, int version) throws IOException {
        String folderUri = in.readUTF();
        long emitted = in.readLong();
        if (version < 2 || !in.readBoolean()) {
            return new FolderSplit(folderUri, emitted, null);
        }
        long coveredBefore = in.readLong();
        int n = in.readInt();
        Map<String, Long> objects = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            objects.put(in.readUTF(), in.readLong());
        }
        return new FolderSplit(folderUri, emitted, new FolderCoverage(coveredBefore, objects));
    }

    private static void checkVersion(int version) throws IOException {
        if (version < 1 || version > VERSION) {
            throw new IOException("unknown folder split version " + version);
        }
    }
}
