package io.checkoutlake.tests.kinesis;

import static io.checkoutlake.tests.kinesis.MotoServerExtension.record;
import static io.checkoutlake.tests.kinesis.MotoServerExtension.sourceUri;
import static org.assertj.core.api.Assertions.assertThat;

import io.checkoutlake.job.CheckoutLakeJob;
import io.checkoutlake.job.config.LakeJobConfig;
import io.checkoutlake.job.fetch.FlinkFileSystemFetcher;
import io.checkoutlake.job.source.KinesisSources;
import io.checkoutlake.tests.LakeOutcomes;
import io.checkoutlake.tools.generator.GeneratedObject;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.restartstrategy.RestartStrategies;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;

/**
 * {@code source.kind=kinesis} on a MiniCluster against moto's Kinesis API: generated valid and
 * invalid documents put on a two-shard stream with their raw object key as partition key, with and
 * without a failure injected inside the consumer. Every record has exactly one committed output
 * (row or dead letter with the expected reason) under its {@code kinesis://stream/shard/seq}
 * provenance; records whose partition key is outside the layout are {@code not_an_order}; and a
 * re-put of a document under the same partition key (a producer retry) is a {@code duplicate}.
 */
class KinesisSourceITCase {
    private static final int DOCUMENTS = 150;
    private static final int REPUTS = 10;

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @RegisterExtension static final MotoServerExtension MOTO = new MotoServerExtension();

    @TempDir Path dir;

    @ParameterizedTest(name = "injected failure: {0}")
    @ValueSource(booleans = {false, true})
    void everyRecordLandsExactlyOnce(boolean injectFailure) throws Exception {
        String stream = "raw-" + injectFailure;
        KinesisClient kinesis = MOTO.kinesis();
        MOTO.createStream(stream, 2);
        List<GeneratedObject> objects = KinesisRuns.generate(DOCUMENTS, 7);
        Map<String, String> expected = new LinkedHashMap<>();
        for (GeneratedObject o : objects) {
            PutRecordResponse put = kinesis.putRecord(record(stream, o.key(), o.bytes()));
            expected.put(sourceUri(stream, put), LakeOutcomes.expectedOutcome(o));
        }
        int reputs = 0;
        for (GeneratedObject o : objects) {
            if (o.isValid() && reputs++ < REPUTS) {
                PutRecordResponse put = kinesis.putRecord(record(stream, o.key(), o.bytes()));
                expected.put(sourceUri(stream, put), "duplicate");
            }
        }

        Path lake = dir.resolve("lake");
        Path deadLetters = dir.resolve("deadletter");
        LakeJobConfig config =
                LakeJobConfig.builder()
                        .set("source.kind", "kinesis")
                        .set("kinesis.stream", stream)
                        .set("aws.region", "us-east-1")
                        .set("aws.endpoint", MOTO.endpoint().toString())
                        .set("lake.path", lake.toUri().toString())
                        .set("deadletter.path", deadLetters.toUri().toString())
                        .set("watermark.idleness", "1s")
                        .build();
        FailingRecords.reset();
        CheckoutLakeJob job =
                new CheckoutLakeJob(
                        config,
                        KinesisSources.records(
                                config, new FailingRecords(injectFailure ? DOCUMENTS / 2 : 0, 5)),
                        new FlinkFileSystemFetcher(),
                        CheckoutLakeJob.sinksOf(config));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(300);
        env.setRestartStrategy(RestartStrategies.fixedDelayRestart(3, 200));
        job.build(env);
        JobClient client = env.executeAsync("kinesis-it");
        try {
            KinesisRuns.awaitOutputs(lake, deadLetters, expected.keySet(), 180_000);
            // A few more checkpoints: nothing may arrive twice later.
            Thread.sleep(1_500);
        } finally {
            client.cancel().get();
        }

        assertThat(FailingRecords.failed()).isEqualTo(injectFailure);
        LakeOutcomes.read(lake, deadLetters).assertExactly(expected);
    }
}
