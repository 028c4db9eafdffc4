package io.checkoutlake.tests.kinesis;

import static io.checkoutlake.tests.kinesis.MotoServerExtension.record;
import static io.checkoutlake.tests.kinesis.S3Notifications.s3Notification;
import static org.assertj.core.api.Assertions.assertThat;

import io.checkoutlake.job.BackfillSummary;
import io.checkoutlake.job.CheckoutLakeJob;
import io.checkoutlake.job.LakeEnvironments;
import io.checkoutlake.job.config.LakeJobConfig;
import io.checkoutlake.job.fetch.FlinkFileSystemFetcher;
import io.checkoutlake.job.source.KinesisSources;
import io.checkoutlake.tests.LakeOutcomes;
import io.checkoutlake.tests.backfill.MiniClusterBackfill;
import io.checkoutlake.tests.s3.S3ProxyExtension;
import io.checkoutlake.tools.generator.GeneratedObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The hand-off from backfill to {@code source.kind=s3-events} on a MiniCluster: objects in S3Proxy
 * and their notifications on moto's Kinesis; a backfill of the prefix; then new objects, and a new
 * version of a backfilled one; then the stream from {@code TRIM_HORIZON}, which replays the
 * notifications of the backfilled objects too. Each object once; the new version a second row.
 */
class S3EventsAfterBackfillITCase {
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

    @Test
    void aStreamFromTrimHorizonDoesNotReadWhatTheBackfillRead() throws Exception {
        String prefix = "handoff";
        String stream = "events-handoff";
        KinesisClient kinesis = MOTO.kinesis();
        MOTO.createStream(stream, 2);
        Path lake = dir.resolve("lake");
        Path deadLetters = dir.resolve("deadletter");
        Map<String, List<String>> want = new TreeMap<>();

        List<GeneratedObject> history = KinesisRuns.generate(40, 21);
        for (GeneratedObject o : history) {
            put(S3, kinesis, stream, prefix, o.key(), o.bytes());
            want.put(uriOf(prefix, o.key()), List.of(LakeOutcomes.expectedOutcome(o)));
        }

        LakeJobConfig backfill =
                config(prefix, stream, lake, deadLetters).set("mode", "backfill").build();
        LakeEnvironments.initializeFileSystems(LakeEnvironments.flinkConfiguration(backfill));
        BackfillSummary summary = MiniClusterBackfill.run(backfill, new FlinkFileSystemFetcher());
        assertThat(summary.objects()).isEqualTo(history.size());

        List<GeneratedObject> live = KinesisRuns.generate(20, 22);
        for (GeneratedObject o : live) {
            put(S3, kinesis, stream, prefix, o.key(), o.bytes());
            want.put(uriOf(prefix, o.key()), List.of(LakeOutcomes.expectedOutcome(o)));
        }
        GeneratedObject changed =
                history.stream().filter(GeneratedObject::isValid).findFirst().get();
        GeneratedObject replacement =
                history.stream()
                        .filter(o -> o.isValid() && o != changed && o.entity() == changed.entity())
                        .findFirst()
                        .get();
        put(S3, kinesis, stream, prefix, changed.key(), replacement.bytes());
        want.put(uriOf(prefix, changed.key()), List.of(LakeOutcomes.ROW, LakeOutcomes.ROW));

        LakeJobConfig config =
                config(prefix, stream, lake, deadLetters)
                        .set("source.kind", "s3-events")
                        .set("kinesis.stream", stream)
                        .set("aws.endpoint", MOTO.endpoint().toString())
                        .build();
        CheckoutLakeJob job =
                new CheckoutLakeJob(
                        config,
                        KinesisSources.records(config),
                        new FlinkFileSystemFetcher(),
                        CheckoutLakeJob.sinksOf(config));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(300);
        job.build(env);
        JobClient client = env.executeAsync("s3-events-after-backfill");
        int total = want.values().stream().mapToInt(List::size).sum();
        try {
            long deadline = System.currentTimeMillis() + 120_000;
            while (LakeOutcomes.read(lake, deadLetters).outputs() < total
                    && System.currentTimeMillis() < deadline) {
                if (client.getJobStatus().get().isGloballyTerminalState()) {
                    client.getJobExecutionResult().get();
                }
                Thread.sleep(500);
            }
            // The replayed notifications come first: give extra rows time to show.
            Thread.sleep(3_000);
        } finally {
            if (!client.getJobStatus().get().isGloballyTerminalState()) {
                client.cancel().get();
            }
        }

        Map<String, List<String>> actual = new TreeMap<>();
        LakeOutcomes.read(lake, deadLetters).bySource().forEach((k, v) -> actual.put(k, sorted(v)));
        assertThat(actual).isEqualTo(want);
    }

    private static io.checkoutlake.job.config.LakeJobConfigBuilder config(
            String prefix, String stream, Path lake, Path deadLetters) {
        return LakeJobConfig.builder()
                .set("source.path", "s3a://raw/" + prefix)
                .set("aws.region", "us-east-1")
                .set("s3.endpoint", S3.endpoint().toString())
                .set("s3.path-style-access", "true")
                .set("lake.path", lake.toUri().toString())
                .set("deadletter.path", deadLetters.toUri().toString())
                .set("fetch.concurrency", "4");
    }

    /** Uploads an object, then sends its notification, timed as S3 would: after the upload. */
    private static void put(
            S3ProxyExtension s3,
            KinesisClient kinesis,
            String stream,
            String prefix,
            String key,
            byte[] bytes)
            throws Exception {
        s3.putObject("raw", prefix + "/" + key, bytes);
        kinesis.putRecord(
                record(
                        stream,
                        key,
                        s3Notification(
                                "ObjectCreated:Put", "raw", prefix + "/" + key, Instant.now())));
    }

    private static List<String> sorted(List<String> v) {
        List<String> copy = new ArrayList<>(v);
        Collections.sort(copy);
        return copy;
    }

    private static String uriOf(String prefix, String key) {
        return "s3a://raw/" + prefix + "/" + key;
    }
}
