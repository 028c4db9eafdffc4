package io.checkoutlake.job.source;

import io.checkoutlake.functions.model.RawObject;
import io.checkoutlake.functions.time.EventTimePeek;
import java.time.Duration;
import org.apache.flink.streaming.api.functions.AssignerWithPeriodicWatermarks;
import org.apache.flink.streaming.api.watermark.Watermark;

/**
 * The per-shard watermark of the Kinesis consumer (it keeps one copy of this assigner per shard and
 * emits the minimum over its shards; shards idle for {@code watermark.idleness} are left out of
 * that minimum). A record's time is its document's {@code LastChange} (else {@code CreationDate}),
 * peeked at with a streaming parser; a record without one (gzip, broken, a notification) keeps the
 * previous timestamp, which the consumer sets to the record's approximate arrival time. Bounded
 * out-of-orderness: the watermark trails the largest time seen by {@code
 * watermark.out-of-orderness}.
 */
@SuppressWarnings("deprecation") // the consumer's per-shard API takes this interface
public class ShardWatermarks implements AssignerWithPeriodicWatermarks<RawObject> {
    private static final long serialVersionUID = 1L;

    private final long outOfOrdernessMillis;
    private long maxTimestamp = Long.MIN_VALUE;

    public ShardWatermarks(Duration outOfOrderness) {
        this.outOfOrdernessMillis = outOfOrderness.toMillis();
    }

    @Override
    public long extractTimestamp(RawObject element, long previousElementTimestamp) {
        long time =
                element.routingKey == null
                        ? previousElementTimestamp
                        : EventTimePeek.epochMillis(element.bytes).orElse(previousElementTimestamp);
        maxTimestamp = Math.max(maxTimestamp, time);
        return time;
    }

    @Override
    public Watermark getCurrentWatermark() {
        return maxTimestamp == Long.MIN_VALUE
                ? null
                : new Watermark(maxTimestamp - outOfOrdernessMillis - 1);
    }
}
