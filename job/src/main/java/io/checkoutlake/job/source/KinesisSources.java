package io.checkoutlake.job.source;

import io.checkoutlake.functions.model.RawObject;
import io.checkoutlake.job.config.LakeJobConfig;
import io.checkoutlake.job.config.LakeOptions;
import java.util.Properties;
import org.apache.flink.streaming.connectors.kinesis.FlinkKinesisConsumer;
import org.apache.flink.streaming.connectors.kinesis.config.AWSConfigConstants;
import org.apache.flink.streaming.connectors.kinesis.config.ConsumerConfigConstants;
import org.apache.flink.streaming.connectors.kinesis.serialization.KinesisDeserializationSchema;

/**
 * The Kinesis stream of {@code source.kind=kinesis} (records are raw documents) and {@code
 * s3-events} (records are object-created notifications): Flink's {@link FlinkKinesisConsumer}
 * (flink-connector-kinesis 4.3.0-1.19, polling). It keeps each shard's sequence number in operator
 * state, so a restore resumes exactly after the last checkpointed record; it discovers new shards
 * (resharding) every {@link #SHARD_DISCOVERY_MILLIS} ms and reads a child shard after its parents.
 */
public final class KinesisSources {
    /** How often the consumer looks for new shards (after a reshard). */
    static final long SHARD_DISCOVERY_MILLIS = 10_000;

    private KinesisSources() {}

    /** The consumer of {@code config}'s stream, records as {@link RawObject}s. */
    public static FlinkKinesisConsumer<RawObject> records(LakeJobConfig config) {
        return records(config, new KinesisRecordDeserializer());
    }

    /** The same with another deserializer (tests inject failures with one). */
    public static FlinkKinesisConsumer<RawObject> records(
            LakeJobConfig config, KinesisDeserializationSchema<RawObject> deserializer) {
        String stream =
                config.getOptional(LakeOptions.KINESIS_STREAM)
                        .orElseThrow(() -> new IllegalArgumentException("no kinesis.stream"));
        FlinkKinesisConsumer<RawObject> consumer =
                new FlinkKinesisConsumer<>(stream, deserializer, consumerProperties(config));
        consumer.setPeriodicWatermarkAssigner(
                new ShardWatermarks(config.get(LakeOptions.WATERMARK_OUT_OF_ORDERNESS)));
        return consumer;
    }

    /** The consumer's configuration: region, endpoint, credentials, start, shard handling. */
    public static Properties consumerProperties(LakeJobConfig config) {
        Properties p = new Properties();
        config.getOptional(LakeOptions.AWS_REGION)
                .ifPresent(r -> p.setProperty(AWSConfigConstants.AWS_REGION, r));
        config.getOptional(LakeOptions.AWS_ENDPOINT)
                .ifPresent(e -> p.setProperty(AWSConfigConstants.AWS_ENDPOINT, e));
        // The default chain: environment, system properties, profile, web identity, task role.
        p.setProperty(AWSConfigConstants.AWS_CREDENTIALS_PROVIDER, "AUTO");
        p.setProperty(
                ConsumerConfigConstants.STREAM_INITIAL_POSITION,
                config.get(LakeOptions.KINESIS_INITIAL_POSITION));
        config.getOptional(LakeOptions.KINESIS_INITIAL_TIMESTAMP)
                .map(java.time.Instant::parse)
                .ifPresent(
                        t ->
                                p.setProperty(
                                        ConsumerConfigConstants.STREAM_INITIAL_TIMESTAMP,
                                        // Seconds since the epoch, with a fraction.
                                        java.math.BigDecimal.valueOf(t.toEpochMilli(), 3)
                                                .toPlainString()));
        p.setProperty(
                ConsumerConfigConstants.SHARD_DISCOVERY_INTERVAL_MILLIS,
                Long.toString(SHARD_DISCOVERY_MILLIS));
        long idle = config.get(LakeOptions.WATERMARK_IDLENESS).toMillis();
        // A shard without records for this long no longer holds the watermark back.
        p.setProperty(
                ConsumerConfigConstants.SHARD_IDLE_INTERVAL_MILLIS,
                Long.toString(idle > 0 ? idle : -1));
        return p;
    }
}
