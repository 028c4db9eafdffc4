package io.checkoutlake.functions.watermark;

import io.checkoutlake.functions.schema.LakeSchemas;
import java.time.Clock;
import java.time.Duration;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Event-time watermarks for rows: bounded out-of-orderness on {@code _event_time} (LastChange, else
 * CreationDate), capped by the wall clock plus a {@link FutureAllowance}, and idleness so that a
 * quiet source split does not hold time back.
 */
public final class LakeWatermarks {
    private LakeWatermarks() {}

    /**
     * Rows whose event time is beyond {@code clock} plus {@code future} are timestamped as usual
     * but do not advance the watermark.
     */
    public static WatermarkStrategy<GenericRecord> forRows(
            Duration outOfOrderness, Duration idleness, FutureAllowance future, Clock clock) {
        if (outOfOrderness.isNegative()) {
            throw new IllegalArgumentException(
                    "watermark out-of-orderness " + outOfOrderness + " is negative");
        }
        WatermarkStrategy<GenericRecord> strategy =
                WatermarkStrategy.<GenericRecord>forGenerator(
                                context ->
                                        new FutureCappedWatermarks<>(outOfOrderness, future, clock))
                        .withTimestampAssigner((row, previous) -> eventTimeMillis(row));
        return idleness.isZero() ? strategy : strategy.withIdleness(idleness);
    }

    public static long eventTimeMillis(GenericRecord row) {
        return Math.floorDiv((Long) row.get(LakeSchemas.EVENT_TIME), 1000L);
    }
}
