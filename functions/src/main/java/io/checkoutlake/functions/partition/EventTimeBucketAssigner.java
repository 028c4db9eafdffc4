package io.checkoutlake.functions.partition;

import io.checkoutlake.functions.schema.LakeSchemas;
import io.checkoutlake.functions.time.Timestamps;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;

/**
 * Puts a row into the partition of its event time's UTC day (by default): {@code
 * YEAR=2019/MONTH=08/DAY=23}, the consumable tables' layout, so existing readers keep working. The
 * pattern is a {@link DateTimeFormatter} pattern, so an hour level is one more segment.
 */
public final class EventTimeBucketAssigner implements BucketAssigner<GenericRecord, String> {
    private static final long serialVersionUID = 1L;

    public static final String DEFAULT_PATTERN = "'YEAR='yyyy/'MONTH='MM/'DAY='dd";

    private final String pattern;
    private transient DateTimeFormatter formatter;

    public EventTimeBucketAssigner(String pattern) {
        this.pattern = pattern;
        this.formatter = compile(pattern);
    }

    public static DateTimeFormatter compile(String pattern) {
        try {
            return DateTimeFormatter.ofPattern(pattern).withZone(ZoneOffset.UTC);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "partition pattern '" + pattern + "' is not a DateTimeFormatter pattern", e);
        }
    }

    @Override
    public String getBucketId(GenericRecord row, Context context) {
        return bucketOf((Long) row.get(LakeSchemas.EVENT_TIME));
    }

    public String bucketOf(long eventTimeMicros) {
        if (formatter == null) {
            formatter = compile(pattern);
        }
        return formatter.format(Timestamps.fromEpochMicros(eventTimeMicros));
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
        return SimpleVersionedStringSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "EventTimeBucketAssigner{" + pattern + "}";
    }
}
