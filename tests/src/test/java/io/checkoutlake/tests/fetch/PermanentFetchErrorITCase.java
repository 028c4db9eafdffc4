package io.checkoutlake.tests.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.s3.model.AmazonS3Exception;
import com.fasterxml.jackson.databind.JsonNode;
import io.checkoutlake.job.CheckoutLakeJob;
import io.checkoutlake.job.config.LakeJobConfig;
import io.checkoutlake.job.fetch.FlinkFileSystemFetcher;
import io.checkoutlake.job.fetch.ObjectFetcher;
import io.checkoutlake.job.source.FileDiscovery;
import io.checkoutlake.tests.LakeOutcomes;
import io.checkoutlake.tools.generator.GeneratedObject;
import io.checkoutlake.tools.generator.GeneratorSettings;
import io.checkoutlake.tools.generator.RawDocumentGenerator;
import io.checkoutlake.tools.generator.RawFolderWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.hadoop.fs.s3a.S3AUtils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One object the store always refuses (403, as S3A reports it): after the fetch's retries it is one
 * {@code access_denied} dead letter, every other object is committed, and the job neither fails
 * over nor stops, in both modes. Before, the job failed, restored the same reference and failed
 * again for ever.
 */
class PermanentFetchErrorITCase {
    private static final int DOCUMENTS = 40;
    private static final int RETRIES = 2;

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @TempDir Path dir;

    @BeforeEach
    void reset() {
        DenyingFetcher.DENIALS.set(0);
    }

    @ParameterizedTest(name = "mode {0}")
    @ValueSource(strings = {"stream", "backfill"})
    @Timeout(120)
    void aDeniedObjectIsOneDeadLetterAndEveryOtherIsCommitted(String mode) throws Exception {
        Path raw = Files.createDirectories(dir.resolve("raw"));
        Path lake = dir.resolve("lake");
        Path deadLetters = dir.resolve("deadletter");
        RawFolderWriter writer = new RawFolderWriter(raw);
        Map<String, String> expected = new HashMap<>();
        List<GeneratedObject> objects =
                new RawDocumentGenerator(
                                GeneratorSettings.builder()
                                        .seed(13)
                                        .badShare(0.0)
                                        .eventTimeStart(Instant.parse("2019-08-01T02:00:00Z"))
                                        .eventTimeEnd(Instant.parse("2019-08-01T22:00:00Z"))
                                        .build())
                        .next(DOCUMENTS);
        for (GeneratedObject o : objects) {
            writer.write(o);
            expected.put(LakeOutcomes.uriOf(raw, o.key()), LakeOutcomes.expectedOutcome(o));
        }
        String denied = LakeOutcomes.uriOf(raw, objects.get(DOCUMENTS / 2).key());
        expected.put(denied, "access_denied");

        LakeJobConfig config =
                LakeJobConfig.builder()
                        .set("mode", mode)
                        .set("source.path", raw.toUri().toString())
                        .set("lake.path", lake.toUri().toString())
                        .set("deadletter.path", deadLetters.toUri().toString())
                        .set("fetch.concurrency", "4")
                        .set("fetch.retries", String.valueOf(RETRIES))
                        .build();
        CheckoutLakeJob job =
                new CheckoutLakeJob(
                        config,
                        mode.equals("stream")
                                ? FileDiscovery.bounded(raw.toUri())
                                : CheckoutLakeJob.discoveryOf(config),
                        new DenyingFetcher(new FlinkFileSystemFetcher(), denied),
                        CheckoutLakeJob.sinksOf(config));
        Configuration flink = new Configuration();
        flink.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(200));
        // A failover is what this test must not see: fail the run instead of looping.
        flink.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        env.setParallelism(2);
        job.execute(env);

        LakeOutcomes outcomes = LakeOutcomes.read(lake, deadLetters);
        outcomes.assertExactly(expected);
        JsonNode letter =
                outcomes.deadLetters().stream()
                        .filter(d -> d.get("source_file").asText().equals(denied))
                        .findFirst()
                        .orElseThrow();
        assertThat(letter.get("detail").asText())
                .contains("java.nio.file.AccessDeniedException")
                .contains("AccessDenied, HTTP 403")
                .doesNotContain("request-id-7");
        assertThat(letter.hasNonNull("raw_text") || letter.hasNonNull("raw_base64")).isFalse();
        assertThat(DenyingFetcher.DENIALS.get()).as("attempts").isEqualTo(RETRIES + 1);
    }

    /**
     * Answers one key as S3A answers an object the role may not read: {@link
     * java.nio.file.AccessDeniedException} caused by the SDK's 403 {@code AccessDenied}.
     */
    static final class DenyingFetcher implements ObjectFetcher {
        private static final long serialVersionUID = 1L;
        static final AtomicInteger DENIALS = new AtomicInteger();

        private final ObjectFetcher delegate;
        private final String denied;

        DenyingFetcher(ObjectFetcher delegate, String denied) {
            this.delegate = delegate;
            this.denied = denied;
        }

        @Override
        public byte[] fetch(String uri, long size, int limit) throws IOException {
            if (uri.equals(denied)) {
                DENIALS.incrementAndGet();
                AmazonS3Exception e = new AmazonS3Exception("Access Denied");
                e.setStatusCode(403);
                e.setErrorCode("AccessDenied");
                e.setRequestId("request-id-7");
                throw S3AUtils.translateException("open", uri, e);
            }
            return delegate.fetch(uri, size, limit);
        }
    }
}
