package io.checkoutlake.functions.watermark;

import java.time.Clock;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Bounded out-of-orderness (as Flink's {@code BoundedOutOfOrdernessWatermarks}: the largest event
 * time seen, less the bound, less 1 ms), except that an event time beyond the wall clock plus the
 * {@link FutureAllowance} does not count as seen: the watermark never runs ahead of the clock by
 * more than the allowance.
 */
final class FutureCappedWatermarks<T> implements WatermarkGenerator<T> {
    private final long outOfOrdernessMillis;
    private final FutureAllowance allowance;
    private final Clock clock;
    private long maxTimestamp;

    FutureCappedWatermarks(Duration outOfOrderness, FutureAllowance allowance, Clock clock) {
        this.outOfOrdernessMillis = outOfOrderness.toMillis();
        this.allowance = allowance;
        this.clock = clock;
        this.maxTimestamp = Long.MIN_VALUE + outOfOrdernessMillis + 1;
    }

    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
        if (eventTimestamp > maxTimestamp
                && !allowance.isFromTheFuture(eventTimestamp, clock.millis())) {
            maxTimestamp = eventTimestamp;
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        output.emitWatermark(new Watermark(maxTimestamp - outOfOrdernessMillis - 1));
    }
}
