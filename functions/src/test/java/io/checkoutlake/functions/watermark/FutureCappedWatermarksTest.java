package io.checkoutlake.functions.watermark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.checkoutlake.functions.model.Entity;
import io.checkoutlake.functions.schema.LakeSchemas;
import io.checkoutlake.functions.time.Timestamps;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.eventtime.TimestampAssignerSupplier;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.clock.ManualClock;
import org.apache.flink.util.clock.RelativeClock;
import org.junit.jupiter.api.Test;

class FutureCappedWatermarksTest {
    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

    /** A wall clock the test moves. */
    private static final class SettableClock extends Clock {
        Instant now = NOW;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static final class Output implements WatermarkOutput {
        final List<Long> watermarks = new ArrayList<>();

        @Override
        public void emitWatermark(Watermark watermark) {
            watermarks.add(watermark.getTimestamp());
        }

        @Override
        public void markIdle() {}

        @Override
        public void markActive() {}

        long last() {
            return watermarks.get(watermarks.size() - 1);
        }
    }

    private static WatermarkGeneratorSupplier.Context context() {
        return new WatermarkGeneratorSupplier.Context() {
            @Override
            public MetricGroup getMetricGroup() {
                return new UnregisteredMetricsGroup();
            }

            @Override
            public RelativeClock getInputActivityClock() {
                return new ManualClock(1L);
            }
        };
    }

    private static long millis(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    private final SettableClock clock = new SettableClock();

    private WatermarkGenerator<GenericRecord> generator(Duration outOfOrderness, Duration future) {
        return LakeWatermarks.forRows(
                        outOfOrderness, Duration.ZERO, FutureAllowance.of(future), clock)
                .createWatermarkGenerator(context());
    }

    @Test
    void aFutureEventDoesNotMoveTheWatermark() {
        WatermarkGenerator<GenericRecord> gen =
                generator(Duration.ofMinutes(5), Duration.ofMinutes(5));
        Output out = new Output();
        long today = millis("2026-12-05T11:00:00Z");
        gen.onEvent(null, today, out);
        gen.onEvent(null, millis("2099-01-01T00:00:00Z"), out);
        gen.onPeriodicEmit(out);
        assertThat(out.last()).isEqualTo(today - 300_000L - 1L);

        // Within the allowance it is time that has come: it moves the watermark.
        long soon = millis("2026-12-05T12:04:59Z");
        gen.onEvent(null, soon, out);
        gen.onPeriodicEmit(out);
        assertThat(out.last()).isEqualTo(soon - 300_000L - 1L);
        gen.onEvent(null, millis("2026-12-05T12:05:01Z"), out);
        gen.onPeriodicEmit(out);
        assertThat(out.last()).isEqualTo(soon - 300_000L - 1L);
    }

    @Test
    void theCapFollowsTheClock() {
        WatermarkGenerator<GenericRecord> gen = generator(Duration.ZERO, Duration.ofMinutes(1));
        Output out = new Output();
        long later = millis("2026-12-05T13:00:00Z");
        gen.onEvent(null, later, out);
        gen.onPeriodicEmit(out);
        assertThat(out.last()).isEqualTo(Long.MIN_VALUE);

        // An hour on, the same event time is no longer in the future.
        clock.now = NOW.plus(Duration.ofHours(1));
        gen.onEvent(null, later, out);
        gen.onPeriodicEmit(out);
        assertThat(out.last()).isEqualTo(later - 1L);
    }

    @Test
    void futureRowsKeepTheirEventTimeAsTimestamp() {
        WatermarkStrategy<GenericRecord> strategy =
                LakeWatermarks.forRows(
                        Duration.ZERO, Duration.ZERO, FutureAllowance.of(Duration.ZERO), clock);
        GenericData.Record r = new GenericData.Record(LakeSchemas.of(Entity.CHECKOUT));
        r.put(
                LakeSchemas.EVENT_TIME,
                Timestamps.toEpochMicros(Instant.parse("2099-12-31T23:59:59Z")));
        assertThat(
                        strategy.createTimestampAssigner(
                                        (TimestampAssignerSupplier.Context)
                                                UnregisteredMetricsGroup::new)
                                .extractTimestamp(r, 0L))
                .isEqualTo(millis("2099-12-31T23:59:59Z"));
    }

    @Test
    void theAllowance() {
        FutureAllowance a = FutureAllowance.of(Duration.ofMinutes(5));
        long now = NOW.toEpochMilli();
        assertThat(a.limitAt(now)).isEqualTo(now + 300_000L);
        assertThat(a.isFromTheFuture(now + 300_000L, now)).isFalse();
        assertThat(a.isFromTheFuture(now + 300_001L, now)).isTrue();
        assertThat(a.limitAt(Long.MAX_VALUE - 1)).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> FutureAllowance.of(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative");
    }

    @Test
    void aRestoredWatermarkBeyondTheAllowanceIsForgotten() {
        FutureAllowance a = FutureAllowance.of(Duration.ofMinutes(5));
        long now = NOW.toEpochMilli();
        // A drained stop's end of input, and a watermark a 2099 document moved.
        assertThat(a.trustedRestored(Long.MAX_VALUE, now)).isEqualTo(Long.MIN_VALUE);
        assertThat(a.trustedRestored(millis("2099-01-01T00:00:00Z"), now))
                .isEqualTo(Long.MIN_VALUE);
        assertThat(a.trustedRestored(now - 1_000L, now)).isEqualTo(now - 1_000L);
        assertThat(a.trustedRestored(Long.MIN_VALUE, now)).isEqualTo(Long.MIN_VALUE);
    }
}
