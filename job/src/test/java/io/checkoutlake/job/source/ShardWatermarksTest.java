package io.checkoutlake.job.source;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.checkoutlake.functions.model.RawObject;
import io.checkoutlake.job.config.LakeJobConfig;
import io.checkoutlake.job.config.LakeOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.apache.flink.streaming.connectors.kinesis.config.ConsumerConfigConstants;
import org.junit.jupiter.api.Test;

class ShardWatermarksTest {
    private static final Duration OUT_OF_ORDERNESS = Duration.ofMinutes(5);
    private static final long ARRIVAL = Instant.parse("2024-05-01T10:00:00Z").toEpochMilli();

    private final ShardWatermarks watermarks = new ShardWatermarks(OUT_OF_ORDERNESS);

    private static RawObject document(String lastChange) {
        String json =
                lastChange == null
                        ? "{\"orderId\":\"1\"}"
                        : "{\"orderId\":\"1\",\"LastChange\":\"" + lastChange + "\"}";
        return RawObject.record(
                "kinesis://raw/shard-0/1", "86_CheckoutOrder/1/id/a.json", json.getBytes(UTF_8));
    }

    private static long millis(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void aDocumentRecordTakesItsLastChange() {
        long time = watermarks.extractTimestamp(document("2019-08-23T17:02:11Z"), ARRIVAL);

        assertThat(time).isEqualTo(millis("2019-08-23T17:02:11Z"));
    }

    @Test
    void aRecordWithoutAnEventTimeKeepsItsArrivalTime() {
        assertThat(watermarks.extractTimestamp(document(null), ARRIVAL)).isEqualTo(ARRIVAL);
        RawObject gzip =
                RawObject.record(
                        "kinesis://raw/shard-0/2",
                        "86_CheckoutOrder/1/id/b.json.gz",
                        new byte[] {0x1f, (byte) 0x8b, 8, 0});
        assertThat(watermarks.extractTimestamp(gzip, ARRIVAL + 1)).isEqualTo(ARRIVAL + 1);
    }

    @Test
    void aNotificationIsNotPeekedInto() {
        // s3-events records carry no routing key: they are notifications, timed by arrival,
        // whatever times their JSON holds.
        RawObject notification =
                RawObject.of(
                        "kinesis://events/shard-0/1",
                        "{\"LastChange\":\"2019-08-23T17:02:11Z\",\"Records\":[]}".getBytes(UTF_8));

        assertThat(watermarks.extractTimestamp(notification, ARRIVAL)).isEqualTo(ARRIVAL);
    }

    @Test
    void aShardWithoutRecordsHasNoWatermark() {
        assertThat(watermarks.getCurrentWatermark()).isNull();
    }

    @Test
    void theWatermarkTrailsTheLargestTimeByTheOutOfOrderness() {
        watermarks.extractTimestamp(document("2019-08-23T17:00:00Z"), ARRIVAL);
        watermarks.extractTimestamp(document("2019-08-23T18:00:00Z"), ARRIVAL);
        watermarks.extractTimestamp(document("2019-08-23T12:00:00Z"), ARRIVAL);

        assertThat(watermarks.getCurrentWatermark().getTimestamp())
                .as("a late record does not move it back")
                .isEqualTo(millis("2019-08-23T18:00:00Z") - OUT_OF_ORDERNESS.toMillis() - 1);
    }

    @Test
    void idleShardsStopHoldingTheWatermarkAfterWatermarkIdleness() {
        LakeJobConfig config =
                LakeJobConfig.builder()
                        .set("source.kind", "kinesis")
                        .set("kinesis.stream", "raw")
                        .set("aws.region", "eu-west-1")
                        .set("lake.path", "file:///tmp/lake")
                        .set("deadletter.path", "file:///tmp/dlq")
                        .set("watermark.idleness", "90s")
                        .build();

        Properties withIdleness = KinesisSources.consumerProperties(config);
        Properties withoutIdleness =
                KinesisSources.consumerProperties(
                        config.toBuilder()
                                .set(LakeOptions.WATERMARK_IDLENESS, Duration.ZERO)
                                .build());

        assertThat(withIdleness.getProperty(ConsumerConfigConstants.SHARD_IDLE_INTERVAL_MILLIS))
                .isEqualTo("90000");
        assertThat(withoutIdleness.getProperty(ConsumerConfigConstants.SHARD_IDLE_INTERVAL_MILLIS))
                .as("0 disables idleness: the consumer's -1")
                .isEqualTo("-1");
    }
}
