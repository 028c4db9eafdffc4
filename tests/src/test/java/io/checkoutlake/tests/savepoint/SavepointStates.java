package io.checkoutlake.tests.savepoint;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.FileSourceSplitSerializer;
import org.apache.flink.connector.file.src.PendingSplitsCheckpoint;
import org.apache.flink.connector.file.src.PendingSplitsCheckpointSerializer;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.state.memory.ByteStreamStateHandle;
import org.apache.flink.shaded.guava31.com.google.common.hash.Hashing;

/** Reads operator state out of a savepoint folder, by uid, without restoring a job. */
public final class SavepointStates {
    private SavepointStates() {}

    /** The operator id Flink derives from a user-provided uid (StreamGraphHasherV2). */
    public static OperatorID operatorIdOf(String uid) {
        return new OperatorID(
                Hashing.murmur3_128(0).hashString(uid, StandardCharsets.UTF_8).asBytes());
    }

    /**
     * The split enumerator checkpoint of the file source with {@code uid}: its coordinator state,
     * as {@code SourceCoordinator} writes it (serde version, serializer version, length, bytes).
     */
    public static PendingSplitsCheckpoint<FileSourceSplit> fileSourceEnumerator(
            Path savepoint, String uid) throws IOException {
        OperatorState state = operatorState(savepoint, uid);
        ByteStreamStateHandle handle = (ByteStreamStateHandle) state.getCoordinatorState();
        if (handle == null) {
            throw new IllegalStateException("no coordinator state for " + uid);
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(handle.getData()))) {
            in.readInt(); // the coordinator's serde version
            int version = in.readInt();
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            return new PendingSplitsCheckpointSerializer<>(FileSourceSplitSerializer.INSTANCE)
                    .deserialize(version, bytes);
        }
    }

    static OperatorState operatorState(Path savepoint, String uid) throws IOException {
        OperatorID id = operatorIdOf(uid);
        try (InputStream in = Files.newInputStream(savepoint.resolve("_metadata"))) {
            CheckpointMetadata metadata =
                    Checkpoints.loadCheckpointMetadata(
                            new DataInputStream(in),
                            SavepointStates.class.getClassLoader(),
                            savepoint.toString());
            for (OperatorState state : metadata.getOperatorStates()) {
                if (state.getOperatorID().equals(id)) {
                    return state;
                }
            }
        }
        throw new IllegalStateException("no state of " + uid + " in " + savepoint);
    }
}
