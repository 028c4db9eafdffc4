package io.checkoutlake.job.sink;

import io.checkoutlake.functions.model.DeadLetter;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;

/** Dead letters go to {@code reason=<code>/}, so one kind of failure is one folder to inspect. */
public final class DeadLetterBucketAssigner implements BucketAssigner<DeadLetter, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getBucketId(DeadLetter deadLetter, Context context) {
        return "reason=" + deadLetter.reason;
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
        return SimpleVersionedStringSerializer.INSTANCE;
    }
}
