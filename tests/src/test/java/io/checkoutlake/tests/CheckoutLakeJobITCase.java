package io.checkoutlake.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.checkoutlake.functions.model.DeadLetterReason;
import io.checkoutlake.functions.partition.EventTimeBucketAssigner;
import io.checkoutlake.job.CheckoutLakeJob;
import io.checkoutlake.job.config.LakeJobConfig;
import io.checkoutlake.job.fetch.FlinkFileSystemFetcher;
import io.checkoutlake.job.source.FileDiscovery;
import io.checkoutlake.tools.generator.GeneratedObject;
import io.checkoutlake.tools.generator.GeneratorSettings;
import io.checkoutlake.tools.generator.RawDocumentGenerator;
import io.checkoutlake.tools.generator.RawFolderWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.api.common.restartstrategy.RestartStrategies;
import org.apache.flink.connector.base.source.hybrid.HybridSource;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole job on a MiniCluster over generated valid and invalid documents of both entities, with
 * and without an injected failure: every valid document exactly once in its partition (read back
 * with parquet-avro and with DuckDB), every invalid one exactly once in the dead letters with its
 * reason, and documents in = rows out + dead letters.
 */
class CheckoutLakeJobITCase {
    private static final int DOCUMENTS = 400;

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @TempDir Path dir;

    private Path raw;
    private Path lake;
    private Path deadLetters;

    @BeforeEach
    void setUp() throws Exception {
        raw = Files.createDirectories(dir.resolve("raw"));
        lake = dir.resolve("lake");
        deadLetters = dir.resolve("deadletter");
        FailingFetcher.reset();
    }

    @ParameterizedTest(name = "injected failure: {0}")
    @ValueSource(booleans = {false, true})
    void everyDocumentLandsExactlyOnce(boolean injectFailure) throws Exception {
        List<GeneratedObject> objects = generate();
        LakeJobConfig config = config();
        CheckoutLakeJob job =
                new CheckoutLakeJob(
                        config,
                        FileDiscovery.bounded(raw.toUri()),
                        new FailingFetcher(
                                new FlinkFileSystemFetcher(),
                                10,
                                injectFailure ? DOCUMENTS / 2 : 0),
                        CheckoutLakeJob.sinksOf(config));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(100);
        env.setRestartStrategy(RestartStrategies.fixedDelayRestart(3, 100));
        job.execute(env);

        assertThat(FailingFetcher.failed()).isEqualTo(injectFailure);
        assertLakeHoldsExactly(objects);
    }

    /**
     * Every object delivered twice (a hybrid of two listings of the same folder stands in for
     * re-uploads and replayed notifications): each valid document is still one row, and each second
     * delivery of an order is one {@code duplicate} dead letter.
     */
    @org.junit.jupiter.api.Test
    void redeliveredObjectsBecomeDuplicatesNotSecondRows() throws Exception {
        List<GeneratedObject> objects = generate();
        LakeJobConfig config = config();
        CheckoutLakeJob job =
                new CheckoutLakeJob(
                        config,
                        HybridSource.builder(FileDiscovery.bounded(raw.toUri()))
                                .addSource(FileDiscovery.bounded(raw.toUri()))
                                .build(),
                        new FlinkFileSystemFetcher(),
                        CheckoutLakeJob.sinksOf(config));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(100);
        job.execute(env);

        Map<String, Long> rowsPerSource =
                LakeContents.rows(lake).stream()
                        .collect(
                                Collectors.groupingBy(
                                        LakeContents.Row::sourceFile, Collectors.counting()));
        assertThat(rowsPerSource.values()).containsOnly(1L);
        assertThat(rowsPerSource)
                .hasSize((int) objects.stream().filter(o -> o.expectedReason() == null).count());

        Map<String, List<String>> reasons =
                LakeContents.deadLetters(deadLetters).stream()
                        .collect(
                                Collectors.groupingBy(
                                        d -> d.get("source_file").asText(),
                                        Collectors.mapping(
                                                d -> d.get("reason").asText(),
                                                Collectors.toList())));
        for (GeneratedObject o : objects) {
            List<String> got = reasons.getOrDefault(uriOf(o), List.of());
            if (o.expectedReason() == null) {
                assertThat(got).as(o.key()).containsExactly("duplicate");
            } else if (o.expectedReason() == DeadLetterReason.NOT_AN_ORDER) {
                // Not read, so not deduplicated: each delivery is answered by its key alone.
                assertThat(got).as(o.key()).containsExactly("not_an_order", "not_an_order");
            } else {
                assertThat(got)
                        .as(o.key())
                        .containsExactlyInAnyOrder(o.expectedReason().code(), "duplicate");
            }
        }
    }

    private LakeJobConfig config() {
        return LakeJobConfig.builder()
                .set("source.path", raw.toUri().toString())
                .set("lake.path", lake.toUri().toString())
                .set("deadletter.path", deadLetters.toUri().toString())
                .set("fetch.concurrency", "4")
                .build();
    }

    private List<GeneratedObject> generate() throws Exception {
        GeneratorSettings settings =
                GeneratorSettings.builder()
                        .seed(42)
                        .badShare(0.2)
                        .gzipShare(0.1)
                        .bomShare(0.05)
                        .unknownFieldShare(0.05)
                        .eventTimeStart(Instant.parse("2019-08-01T00:00:00Z"))
                        .eventTimeEnd(Instant.parse("2019-08-15T00:00:00Z"))
                        .build();
        RawDocumentGenerator generator = new RawDocumentGenerator(settings);
        RawFolderWriter writer = new RawFolderWriter(raw);
        List<GeneratedObject> objects = generator.next(DOCUMENTS);
        for (GeneratedObject o : objects) {
            writer.write(o);
        }
        return objects;
    }

    private void assertLakeHoldsExactly(List<GeneratedObject> objects) throws Exception {
        Map<String, GeneratedObject> byUri =
                objects.stream().collect(Collectors.toMap(o -> uriOf(o), Function.identity()));
        List<GeneratedObject> valid =
                objects.stream()
                        .filter(o -> o.expectedReason() == null)
                        .collect(Collectors.toList());
        List<GeneratedObject> invalid =
                objects.stream()
                        .filter(o -> o.expectedReason() != null)
                        .collect(Collectors.toList());
        assertThat(valid).hasSizeGreaterThan(DOCUMENTS / 2);
        assertThat(invalid).isNotEmpty();

        EventTimeBucketAssigner partitions =
                new EventTimeBucketAssigner(EventTimeBucketAssigner.DEFAULT_PATTERN);
        List<LakeContents.Row> rows = LakeContents.rows(lake);
        Map<String, Long> rowsPerSource =
                rows.stream()
                        .collect(
                                Collectors.groupingBy(
                                        LakeContents.Row::sourceFile, Collectors.counting()));
        assertThat(rowsPerSource.values()).as("rows per source file").containsOnly(1L);
        assertThat(rowsPerSource.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        valid.stream()
                                .map(CheckoutLakeJobITCase.this::uriOf)
                                .collect(Collectors.toList()));
        for (LakeContents.Row row : rows) {
            GeneratedObject o = byUri.get(row.sourceFile());
            assertThat(row.entity).isEqualTo(o.entity());
            assertThat(row.partition)
                    .isEqualTo(
                            partitions.bucketOf(
                                    o.eventTime().getEpochSecond() * 1_000_000L
                                            + o.eventTime().getNano() / 1_000L));
        }

        List<JsonNode> dead = LakeContents.deadLetters(deadLetters);
        Map<String, String> reasonBySource = new HashMap<>();
        for (JsonNode d : dead) {
            String source = d.get("source_file").asText();
            assertThat(reasonBySource.put(source, d.get("reason").asText()))
                    .as("dead letters for %s", source)
                    .isNull();
        }
        Map<String, String> expectedReasons =
                invalid.stream()
                        .collect(Collectors.toMap(this::uriOf, o -> o.expectedReason().code()));
        assertThat(reasonBySource).isEqualTo(expectedReasons);
        assertThat(rows.size() + dead.size()).isEqualTo(objects.size());

        LakeContents.assertHolds(
                lake,
                valid.stream()
                        .collect(
                                Collectors.groupingBy(
                                        GeneratedObject::entity, Collectors.counting())));
    }

    private String uriOf(GeneratedObject o) {
        return "file://" + raw.resolve(o.key()).toAbsolutePath();
    }
}
