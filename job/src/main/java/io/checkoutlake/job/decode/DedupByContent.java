package io.checkoutlake.job.decode;

import io.checkoutlake.functions.model.DeadLetterReason;
import io.checkoutlake.functions.model.RawObject;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by object key ({@link RawObject#key()}: a Kinesis record's partition key): content
 * identical to what the same key delivered last (a re-upload of the same bytes, a replayed
 * notification) is turned into a {@code duplicate} dead letter, so that it never becomes a second
 * row. A changed document under the same key (a new version) passes. State per key is one 64-bit
 * content digest, kept for {@code dedup.retention} after its last write, so the state stays bounded
 * by the keys seen within that window.
 */
public final class DedupByContent extends KeyedProcessFunction<String, RawObject, RawObject> {
    private static final long serialVersionUID = 1L;

    static final String STATE_NAME = "content-digest";

    private final Duration retention;
    private transient ValueState<Long> lastDigest;
    private transient MessageDigest sha256;

    public DedupByContent(Duration retention) {
        this.retention = retention;
    }

    @Override
    public void open(Configuration parameters) throws NoSuchAlgorithmException {
        sha256 = MessageDigest.getInstance("SHA-256");
        if (retention.isZero()) {
            return;
        }
        ValueStateDescriptor<Long> descriptor = new ValueStateDescriptor<>(STATE_NAME, Types.LONG);
        descriptor.enableTimeToLive(
                StateTtlConfig.newBuilder(retention)
                        .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                        .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                        .cleanupFullSnapshot()
                        .build());
        lastDigest = getRuntimeContext().getState(descriptor);
    }

    @Override
    public void processElement(RawObject object, Context ctx, Collector<RawObject> out)
            throws Exception {
        if (lastDigest == null || object.bytes == null || object.failure != null) {
            out.collect(object);
            return;
        }
        long digest = ByteBuffer.wrap(sha256.digest(object.bytes)).getLong();
        Long previous = lastDigest.value();
        if (previous != null && previous == digest) {
            RawObject duplicate =
                    RawObject.failed(
                            object.uri,
                            DeadLetterReason.DUPLICATE,
                            "content identical to an earlier delivery of this key; its row is"
                                    + " already in the lake");
            duplicate.routingKey = object.routingKey;
            out.collect(duplicate);
            return;
        }
        lastDigest.update(digest);
        out.collect(object);
    }
}
