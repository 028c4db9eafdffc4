package io.checkoutlake.job.sink;

import java.io.IOException;
import org.apache.flink.streaming.api.functions.sink.filesystem.PartFileInfo;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.CheckpointRollingPolicy;

/**
 * Rolls a part file at every checkpoint (bulk formats cannot resume a half-written file) and when
 * it reaches {@code lake.max-part-size}.
 */
public final class PartSizeRollingPolicy<IN, B> extends CheckpointRollingPolicy<IN, B> {
    private static final long serialVersionUID = 1L;

    private final long maxPartBytes;

    public PartSizeRollingPolicy(long maxPartBytes) {
        this.maxPartBytes = maxPartBytes;
    }

    @Override
    public boolean shouldRollOnEvent(PartFileInfo<B> partFileState, IN element) throws IOException {
        return partFileState.getSize() >= maxPartBytes;
    }

    @Override
    public boolean shouldRollOnProcessingTime(PartFileInfo<B> partFileState, long currentTime) {
        return false;
    }
}
