package io.checkoutlake.tests.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.checkoutlake.job.CheckoutLakeJob;
import io.checkoutlake.job.LakeEnvironments;
import io.checkoutlake.job.config.LakeJobConfig;
import io.checkoutlake.job.fetch.FlinkFileSystemFetcher;
import io.checkoutlake.job.source.FileDiscovery;
import io.checkoutlake.tests.LakeContents;
import io.checkoutlake.tests.s3.FaultInjectingS3Proxy.Fault;
import io.checkoutlake.tests.s3.FaultInjectingS3Proxy.Operation;
import io.checkoutlake.tools.generator.GeneratedObject;
import io.checkoutlake.tools.generator.GeneratorSettings;
import io.checkoutlake.tools.generator.RawDocumentGenerator;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.restartstrategy.RestartStrategies;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Through the real S3A path: S3 answers one object with {@code 403 AccessDenied} (HEAD and GET) and
 * another, archived, with {@code 403 InvalidObjectState} (GET only, as for Glacier). Each is one
 * dead letter ({@code access_denied}, {@code not_readable}) after the retries; every other document
 * is a row, and the job ends without failing over.
 */
class S3PermanentFetchErrorITCase {
    private static final int DOCUMENTS = 20;

    @RegisterExtension static final S3ProxyExtension S3 = new S3ProxyExtension("raw", "lake");

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @Test
    @Timeout(180)
    void refusedAndArchivedObjectsAreDeadLettersAndTheRestIsCommitted() throws Exception {
        List<GeneratedObject> objects =
                new RawDocumentGenerator(
                                GeneratorSettings.builder()
                                        .seed(5)
                                        .badShare(0.0)
                                        .eventTimeStart(Instant.parse("2019-08-01T00:00:00Z"))
                                        .eventTimeEnd(Instant.parse("2019-08-01T20:00:00Z"))
                                        .build())
                        .next(DOCUMENTS);
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        Map<String, String> expected = new TreeMap<>();
        for (GeneratedObject o : objects) {
            bodies.put("denied/" + o.key(), o.bytes());
            expected.put("s3a://raw/denied/" + o.key(), "row");
        }
        S3.putObjects("raw", bodies);
        String refused = "denied/" + objects.get(3).key();
        String archived = "denied/" + objects.get(11).key();
        expected.put("s3a://raw/" + refused, "access_denied");
        expected.put("s3a://raw/" + archived, "not_readable");

        try (FaultInjectingS3Proxy proxy = FaultInjectingS3Proxy.start(S3.endpoint())) {
            proxy.injectForKey(
                    Fault.ACCESS_DENIED,
                    EnumSet.of(Operation.HEAD_OBJECT, Operation.GET_OBJECT),
                    refused);
            proxy.injectForKey(Fault.ARCHIVED, EnumSet.of(Operation.GET_OBJECT), archived);
            LakeJobConfig config =
                    LakeJobConfig.builder()
                            .set("source.path", "s3a://raw/denied")
                            .set("lake.path", "s3a://lake/denied/lake")
                            .set("deadletter.path", "s3a://lake/denied/deadletter")
                            .set("s3.endpoint", proxy.endpoint().toString())
                            .set("s3.path-style-access", "true")
                            .set("fetch.concurrency", "4")
                            .set("fetch.retries", "1")
                            .build();
            LakeEnvironments.initializeFileSystems(LakeEnvironments.flinkConfiguration(config));
            CheckoutLakeJob job =
                    new CheckoutLakeJob(
                            config,
                            FileDiscovery.bounded(config.sourcePath()),
                            new FlinkFileSystemFetcher(),
                            CheckoutLakeJob.sinksOf(config));
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            env.enableCheckpointing(500);
            // A failover is what must not happen: fail the run instead of looping.
            env.setRestartStrategy(RestartStrategies.noRestart());
            job.execute(env);
            assertThat(proxy.served(Fault.ACCESS_DENIED)).isPositive();
            assertThat(proxy.served(Fault.ARCHIVED)).isPositive();
        }

        Path bucket = S3.bucketDir("lake").resolve("denied");
        List<LakeContents.Row> rows = LakeContents.rows(bucket.resolve("lake"));
        List<JsonNode> dead = LakeContents.deadLetters(bucket.resolve("deadletter"));
        Map<String, List<String>> outcomes = new TreeMap<>();
        for (LakeContents.Row row : rows) {
            outcomes.computeIfAbsent(row.sourceFile(), k -> new ArrayList<>()).add("row");
        }
        for (JsonNode d : dead) {
            outcomes.computeIfAbsent(d.get("source_file").asText(), k -> new ArrayList<>())
                    .add(d.get("reason").asText());
            assertThat(d.get("detail").asText())
                    .as("detail of %s", d.get("source_file"))
                    .contains("HTTP 403")
                    .doesNotContain("Access Denied")
                    .doesNotContain("storage class");
            assertThat(d.hasNonNull("raw_text") || d.hasNonNull("raw_base64")).isFalse();
        }
        Map<String, String> actual = new TreeMap<>();
        outcomes.forEach(
                (uri, list) -> {
                    assertThat(list).as("outputs of %s", uri).hasSize(1);
                    actual.put(uri, list.get(0));
                });
        assertThat(actual).isEqualTo(expected);
    }
}
