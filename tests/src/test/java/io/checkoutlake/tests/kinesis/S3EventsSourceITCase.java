package io.checkoutlake.tests.kinesis;

import static io.checkoutlake.tests.kinesis.MotoServerExtension.record;
import static io.checkoutlake.tests.kinesis.S3Notifications.eventBridge;
import static io.checkoutlake.tests.kinesis.S3Notifications.s3Notification;
import static org.assertj.core.api.Assertions.assertThat;

import io.checkoutlake.job.CheckoutLakeJob;
import io.checkoutlake.job.LakeEnvironments;
import io.checkoutlake.job.config.LakeJobConfig;
import io.checkoutlake.job.fetch.FlinkFileSystemFetcher;
import io.checkoutlake.job.source.KinesisSources;
import io.checkoutlake.tests.FailingFetcher;
import io.checkoutlake.tests.LakeOutcomes;
import io.checkoutlake.tests.s3.S3ProxyExtension;
import io.checkoutlake.tools.generator.GeneratedObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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

/**
 * {@code source.kind=s3-events} on a MiniCluster: raw objects in an S3 API server (S3Proxy), their
 * object-created notifications on moto's Kinesis (S3 event notification records and EventBridge
 * events alternately, keys URL-encoded), fetched through Flink's s3a file system, with and without
 * an injected fetch failure. Every object has exactly one row or its dead letter; notifications of
 * other events, other buckets and other prefixes are skipped; a replayed notification of an object
 * already in the lake adds a {@code duplicate} dead letter, never a second row.
 */
class S3EventsSourceITCase {
    private static final int DOCUMENTS = 120;
    private static final int REPLAYS = 10;

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @RegisterExtension static final S3ProxyExtension S3 = new S3ProxyExtension("raw");
    @RegisterExtension static final MotoServerExtension MOTO = new MotoServerExtension();

    @TempDir Path dir;

    @ParameterizedTest(name = "injected failure: {0}")
    @ValueSource(booleans = {false, true})
    void everyNotifiedObjectLandsExactlyOnce(boolean injectFailure) throws Exception {
        String run = injectFailure ? "with-failover" : "no-failure";
        String stream = "events-" + run;
        KinesisClient kinesis = MOTO.kinesis();
        MOTO.createStream(stream, 2);

        List<GeneratedObject> objects = KinesisRuns.generate(DOCUMENTS, 11);
        // Through the S3 API: S3A checks the ETag of every read, which S3Proxy has only for
        // objects it stored itself.
        Map<String, List<String>> expected = new TreeMap<>();
        List<String> keys = new ArrayList<>();
        for (GeneratedObject o : objects) {
            S3.putObject("raw", run + "/" + o.key(), o.bytes());
            keys.add(o.key());
            expected.computeIfAbsent(uriOf(run, o.key()), k -> new ArrayList<>())
                    .add(LakeOutcomes.expectedOutcome(o));
        }
        // A key that needs URL-decoding: a space (sent as +) and a plus (sent as %2B).
        GeneratedObject valid = objects.stream().filter(GeneratedObject::isValid).findFirst().get();
        String spaced = "3A_CheckoutOrder/order one/id/doc+1.json";
        S3.putObject("raw", run + "/" + spaced, valid.bytes());
        keys.add(spaced);
        expected.put(uriOf(run, spaced), new ArrayList<>(List.of(LakeOutcomes.ROW)));

        int i = 0;
        for (String key : keys) {
            String notification =
                    i++ % 2 == 0
                            ? s3Notification("ObjectCreated:Put", "raw", run + "/" + key)
                            : eventBridge("Object Created", "raw", run + "/" + key);
            kinesis.putRecord(record(stream, key, notification));
        }
        // Skipped: a delete, another bucket, another prefix, a test event, not JSON.
        kinesis.putRecord(
                record(stream, "x", s3Notification("ObjectRemoved:Delete", "raw", run + "/a")));
        kinesis.putRecord(record(stream, "x", eventBridge("Object Created", "other", run + "/a")));
        kinesis.putRecord(
                record(stream, "x", s3Notification("ObjectCreated:Put", "raw", "elsewhere/a")));
        kinesis.putRecord(record(stream, "x", "{\"Event\":\"s3:TestEvent\",\"Bucket\":\"raw\"}"));
        kinesis.putRecord(record(stream, "x", "not json"));
        // Replayed notifications of objects that become rows.
        int replays = 0;
        for (GeneratedObject o : objects) {
            if (o.isValid() && replays++ < REPLAYS) {
                kinesis.putRecord(
                        record(
                                stream,
                                o.key(),
                                s3Notification("ObjectCreated:Put", "raw", run + "/" + o.key())));
                expected.get(uriOf(run, o.key())).add("duplicate");
            }
        }

        Path lake = dir.resolve("lake");
        Path deadLetters = dir.resolve("deadletter");
        LakeJobConfig config =
                LakeJobConfig.builder()
                        .set("source.kind", "s3-events")
                        .set("source.path", "s3a://raw/" + run)
                        .set("kinesis.stream", stream)
                        .set("aws.region", "us-east-1")
                        .set("aws.endpoint", MOTO.endpoint().toString())
                        .set("s3.endpoint", S3.endpoint().toString())
                        .set("s3.path-style-access", "true")
                        .set("lake.path", lake.toUri().toString())
                        .set("deadletter.path", deadLetters.toUri().toString())
                        .set("fetch.concurrency", "4")
                        .build();
        LakeEnvironments.initializeFileSystems(LakeEnvironments.flinkConfiguration(config));
        FailingFetcher.reset();
        CheckoutLakeJob job =
                new CheckoutLakeJob(
                        config,
                        KinesisSources.records(config),
                        new FailingFetcher(
                                new FlinkFileSystemFetcher(),
                                10,
                                injectFailure ? DOCUMENTS / 2 : 0),
                        CheckoutLakeJob.sinksOf(config));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(300);
        env.setRestartStrategy(RestartStrategies.fixedDelayRestart(3, 200));
        job.build(env);
        JobClient client = env.executeAsync("s3-events-it");
        try {
            long deadline = System.currentTimeMillis() + 180_000;
            int total = expected.values().stream().mapToInt(List::size).sum();
            while (LakeOutcomes.read(lake, deadLetters).outputs() < total
                    && System.currentTimeMillis() < deadline) {
                if (client.getJobStatus().get().isGloballyTerminalState()) {
                    client.getJobExecutionResult().get(); // throws with the job's failure
                }
                Thread.sleep(500);
            }
            Thread.sleep(1_500);
        } finally {
            if (!client.getJobStatus().get().isGloballyTerminalState()) {
                client.cancel().get();
            }
        }

        assertThat(FailingFetcher.failed()).isEqualTo(injectFailure);
        Map<String, List<String>> actual = new TreeMap<>();
        LakeOutcomes.read(lake, deadLetters).bySource().forEach((k, v) -> actual.put(k, sorted(v)));
        Map<String, List<String>> want = new TreeMap<>();
        expected.forEach((k, v) -> want.put(k, sorted(v)));
        assertThat(actual).isEqualTo(want);
    }

    private static List<String> sorted(List<String> v) {
        List<String> copy = new ArrayList<>(v);
        Collections.sort(copy);
        return copy;
    }

    private static String uriOf(String run, String key) {
        return "s3a://raw/" + run + "/" + key;
    }
}
