package io.checkoutlake.functions.watermark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.checkoutlake.functions.model.Entity;
import io.checkoutlake.functions.schema.LakeSchemas;
import io.checkoutlake.functions.time.Timestamps;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
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

class LakeWatermarksTest {

    /** Without a cap on future event times (any event time moves the watermark). */
    private static WatermarkStrategy<GenericRecord> uncapped(
            Duration outOfOrderness, Duration idleness) {
        return LakeWatermarks.forRows(
                outOfOrderness,
                idleness,
                FutureAllowance.of(Duration.ofMillis(Long.MAX_VALUE)),
                Clock.systemUTC());
    }

    private static GenericRecord row(String instant) {
        GenericData.Record r = new GenericData.Record(LakeSchemas.of(Entity.CHECKOUT));
        r.put(LakeSchemas.EVENT_TIME, Timestamps.toEpochMicros(Instant.parse(instant)));
        return r;
    }

    private static final class Output implements WatermarkOutput {
        final List<Long> watermarks = new ArrayList<>();
        int idle;

        @Override
        public void emitWatermark(Watermark watermark) {
            watermarks.add(watermark.getTimestamp());
        }

        @Override
        public void markIdle() {
            idle++;
        }

        @Override
        public void markActive() {}

        Long last() {
            return watermarks.isEmpty() ? null : watermarks.get(watermarks.size() - 1);
        }
    }

    private static WatermarkGeneratorSupplier.Context context(RelativeClock clock) {
        return new WatermarkGeneratorSupplier.Context() {
            @Override
            public MetricGroup getMetricGroup() {
                return new UnregisteredMetricsGroup();
            }

            @Override
            public RelativeClock getInputActivityClock() {
                return clock;
            }
        };
    }

    @Test
    void eventTimeMillisIsTheEventTimeColumnFloored() {
        assertThat(LakeWatermarks.eventTimeMillis(row("2019-08-23T17:02:11.701074Z")))
                .isEqualTo(1_566_579_731_701L);
        GenericData.Record r = new GenericData.Record(LakeSchemas.of(Entity.FULFILLMENT));
        r.put(LakeSchemas.EVENT_TIME, -1L);
        assertThat(LakeWatermarks.eventTimeMillis(r)).isEqualTo(-1L);
        r.put(LakeSchemas.EVENT_TIME, 1_999L);
        assertThat(LakeWatermarks.eventTimeMillis(r)).isEqualTo(1L);
    }

    @Test
    void timestampAssignerReturnsEventMillisIgnoringTheRecordTimestamp() {
        WatermarkStrategy<GenericRecord> strategy = uncapped(Duration.ofSeconds(30), Duration.ZERO);
        TimestampAssigner<GenericRecord> assigner =
                strategy.createTimestampAssigner(
                        (TimestampAssignerSupplier.Context) UnregisteredMetricsGroup::new);
        assertThat(assigner.extractTimestamp(row("2019-08-23T17:02:11.701074Z"), 42L))
                .isEqualTo(1_566_579_731_701L);
        assertThat(assigner.extractTimestamp(row("2021-07-14T01:30:00Z"), Long.MIN_VALUE))
                .isEqualTo(Instant.parse("2021-07-14T01:30:00Z").toEpochMilli());
    }

    @Test
    void periodicEmitIsMaxTimestampMinusOutOfOrdernessMinusOne() {
        WatermarkStrategy<GenericRecord> strategy = uncapped(Duration.ofSeconds(30), Duration.ZERO);
        WatermarkGenerator<GenericRecord> gen =
                strategy.createWatermarkGenerator(context(new ManualClock(1_000_000L)));
        Output out = new Output();

        long t1 = 1_566_579_731_701L;
        long t2 = t1 + 10_000L;
        long t0 = t1 - 60_000L;
        gen.onEvent(null, t1, out);
        gen.onPeriodicEmit(out);
        assertThat(out.last()).isEqualTo(t1 - 30_000L - 1L);
        gen.onEvent(null, t2, out);
        // a late event does not move the watermark back
        gen.onEvent(null, t0, out);
        gen.onPeriodicEmit(out);
        assertThat(out.last()).isEqualTo(t2 - 30_000L - 1L);
        assertThat(out.idle).isZero();
    }

    @Test
    void zeroOutOfOrdernessEmitsMaxMinusOne() {
        WatermarkGenerator<GenericRecord> gen =
                uncapped(Duration.ZERO, Duration.ZERO)
                        .createWatermarkGenerator(context(new ManualClock(1L)));
        Output out = new Output();
        gen.onEvent(null, 5_000L, out);
        gen.onPeriodicEmit(out);
        assertThat(out.last()).isEqualTo(4_999L);
    }

    @Test
    void withIdlenessAQuietSplitIsMarkedIdleButStillEmitsWhileActive() {
        ManualClock clock = new ManualClock(1_000_000_000L);
        WatermarkGenerator<GenericRecord> gen =
                uncapped(Duration.ofSeconds(5), Duration.ofMinutes(1))
                        .createWatermarkGenerator(context(clock));
        Output out = new Output();
        gen.onEvent(null, 100_000L, out);
        gen.onPeriodicEmit(out);
        assertThat(out.last()).isEqualTo(100_000L - 5_000L - 1L);
        assertThat(out.idle).isZero();

        // no events for longer than the idleness
        gen.onPeriodicEmit(out);
        clock.advanceTime(Duration.ofMinutes(2));
        gen.onPeriodicEmit(out);
        assertThat(out.idle).isPositive();
    }

    @Test
    void withoutIdlenessAQuietSplitIsNeverMarkedIdle() {
        ManualClock clock = new ManualClock(1_000_000_000L);
        WatermarkGenerator<GenericRecord> gen =
                uncapped(Duration.ofSeconds(5), Duration.ZERO)
                        .createWatermarkGenerator(context(clock));
        Output out = new Output();
        gen.onEvent(null, 100_000L, out);
        gen.onPeriodicEmit(out);
        clock.advanceTime(Duration.ofHours(2));
        gen.onPeriodicEmit(out);
        gen.onPeriodicEmit(out);
        assertThat(out.idle).isZero();
        assertThat(out.last()).isEqualTo(94_999L);
    }

    @Test
    void negativeOutOfOrdernessIsRejected() {
        assertThatThrownBy(() -> uncapped(Duration.ofMillis(-1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative");
    }
}
