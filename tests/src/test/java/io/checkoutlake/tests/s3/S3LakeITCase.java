package io.checkoutlake.tests.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.checkoutlake.functions.path.RawObjectPath;
import io.checkoutlake.job.CheckoutLakeJob;
import io.checkoutlake.job.LakeEnvironments;
import io.checkoutlake.job.config.LakeJobConfig;
import io.checkoutlake.job.fetch.FlinkFileSystemFetcher;
import io.checkoutlake.job.source.FileDiscovery;
import io.checkoutlake.tests.FailingFetcher;
import io.checkoutlake.tests.backfill.MiniClusterBackfill;
import io.checkoutlake.tests.s3.FaultInjectingS3Proxy.Exchange;
import io.checkoutlake.tests.s3.FaultInjectingS3Proxy.Operation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.api.common.restartstrategy.RestartStrategies;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole job against a real S3 API (S3Proxy, its own process): raw objects read from {@code
 * s3a://raw/...}, lake and dead letters written to {@code s3a://lake/...} by Flink's S3 recoverable
 * writer (multipart uploads, committed by checkpoints), with and without a failover in the middle.
 * Every document lands exactly once, dead letters too, counts reconcile, no folder placeholder of
 * the raw bucket becomes an output, and a part file larger than the smallest upload part is
 * committed from several parts. A recording pass-through proxy between job and S3Proxy sees every
 * S3 call.
 */
class S3LakeITCase {
    private static final Logger LOG = LoggerFactory.getLogger(S3LakeITCase.class);
    private static final int DOCUMENTS = 240;

    @RegisterExtension static final S3ProxyExtension S3 = new S3ProxyExtension("raw", "lake");

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static FaultInjectingS3Proxy recorder;

    @BeforeAll
    static void startRecorder() throws Exception {
        recorder = FaultInjectingS3Proxy.start(S3.endpoint());
    }

    @AfterAll
    static void stopRecorder() throws Exception {
        recorder.close();
    }

    @BeforeEach
    void setUp() {
        FailingFetcher.reset();
    }

    @ParameterizedTest(name = "injected failure: {0}")
    @ValueSource(booleans = {false, true})
    void everyDocumentLandsExactlyOnceInAnS3Lake(boolean injectFailure) throws Exception {
        String run = injectFailure ? "with-failover" : "no-failure";
        S3Workload workload = S3Workload.write(S3, "raw", run, DOCUMENTS, 42);
        List<String> placeholders = workload.listPlaceholders(S3);
        assertThat(placeholders)
                .as("folder placeholders in the raw bucket")
                .contains(run + "/console-folder/", run + "/console-folder/86_CheckoutOrder/")
                .anyMatch(key -> key.startsWith(run + "/86_CheckoutOrder_$folder$"))
                .hasSizeGreaterThan(10);
        LakeJobConfig config =
                LakeJobConfig.builder()
                        .set("source.path", workload.sourcePath())
                        .set("lake.path", "s3a://lake/" + run + "/lake")
                        .set("deadletter.path", "s3a://lake/" + run + "/deadletter")
                        .set("s3.endpoint", recorder.endpoint().toString())
                        .set("s3.path-style-access", "true")
                        .set("fetch.concurrency", "4")
                        .build();
        // What LakeEnvironments.create does for `java -jar`; this test's MiniCluster is shared.
        LakeEnvironments.initializeFileSystems(LakeEnvironments.flinkConfiguration(config));
        int uploadsBefore = recorder.exchanges().size();

        CheckoutLakeJob job =
                new CheckoutLakeJob(
                        config,
                        FileDiscovery.bounded(config.sourcePath()),
                        // The latency spreads the run over several checkpoints.
                        new FailingFetcher(
                                new FlinkFileSystemFetcher(),
                                100,
                                injectFailure ? DOCUMENTS * 2 / 3 : 0),
                        CheckoutLakeJob.sinksOf(config));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(500);
        env.setRestartStrategy(RestartStrategies.fixedDelayRestart(3, 200));
        job.execute(env);

        LOG.info("S3 requests by operation: {}", recorder.countByOperation());
        assertThat(FailingFetcher.failed()).isEqualTo(injectFailure);
        Path bucket = S3.bucketDir("lake").resolve(run);
        workload.assertLakeHoldsExactlyOnce(
                bucket.resolve("lake"), bucket.resolve("deadletter"), placeholders);
        List<Exchange> exchanges =
                recorder.exchanges().subList(uploadsBefore, recorder.exchanges().size());
        // A failover fetches again what its checkpoint had not yet emitted: a GET more, no HEAD.
        assertRawObjectsReadWithoutHead(workload, exchanges, !injectFailure);
        assertAPartFileWasCommittedFromSeveralParts(exchanges);
    }

    /**
     * A backfill of an S3 prefix: every object exactly once, and each raw folder listed flat (one
     * LIST per 1,000 keys), not folder by folder, which takes two LISTs per order at ~20 ms each.
     */
    @Test
    void aBackfillListsEachRawFolderFlatAndReadsEveryObjectExactlyOnce() throws Exception {
        String run = "backfill";
        S3Workload workload = S3Workload.write(S3, "raw", run, DOCUMENTS, 43);
        List<String> placeholders = workload.listPlaceholders(S3);
        // Hidden names at any depth are never read, in a flat listing as folder by folder.
        String order = workload.objects.get(0).key();
        String orderFolder = order.substring(0, order.indexOf("/id/") + 4);
        byte[] document = workload.objects.get(0).bytes();
        S3.putObject("raw", run + "/" + orderFolder + ".in-flight.json", document);
        S3.putObject(
                "raw",
                run + "/" + order.substring(0, order.indexOf('/')) + "/_temporary/0/part.json",
                document);
        LakeJobConfig config =
                LakeJobConfig.builder()
                        .set("mode", "backfill")
                        .set("source.path", workload.sourcePath())
                        .set("lake.path", "s3a://lake/" + run + "/lake")
                        .set("deadletter.path", "s3a://lake/" + run + "/deadletter")
                        .set("s3.endpoint", recorder.endpoint().toString())
                        .set("s3.path-style-access", "true")
                        .build();
        LakeEnvironments.initializeFileSystems(LakeEnvironments.flinkConfiguration(config));
        int before = recorder.exchanges().size();

        MiniClusterBackfill.run(config, new FlinkFileSystemFetcher());

        Path bucket = S3.bucketDir("lake").resolve(run);
        workload.assertLakeHoldsExactlyOnce(
                bucket.resolve("lake"), bucket.resolve("deadletter"), placeholders);
        List<Exchange> exchanges =
                recorder.exchanges().subList(before, recorder.exchanges().size());
        assertRawObjectsReadWithoutHead(workload, exchanges, true);
        long rawLists =
                exchanges.stream()
                        .filter(e -> e.operation == Operation.LIST_OBJECTS)
                        .filter(e -> "raw".equals(e.bucket))
                        .count();
        long orders =
                workload.objects.stream()
                        .map(o -> o.key().substring(0, o.key().indexOf('/', 3)))
                        .distinct()
                        .count();
        long rawFolders =
                workload.objects.stream()
                        .map(o -> o.key().substring(0, o.key().indexOf('/')))
                        .distinct()
                        .count();
        // Folder by folder, one listing of the raw folders alone takes a LIST per raw folder and
        // two per order (<id>/ and <id>/id/); the backfill lists them twice (totals, then reads).
        assertThat(rawLists)
                .as("LISTs of the raw bucket for %d orders in %d raw folders", orders, rawFolders)
                .isLessThan(rawFolders + 2 * orders);
    }

    /**
     * The listing gives each raw object's size, so S3A opens it without a HEAD: one GET per object
     * ({@code onceEach}) or at least one, and no HEAD of any raw object.
     */
    private static void assertRawObjectsReadWithoutHead(
            S3Workload workload, List<Exchange> exchanges, boolean onceEach) {
        // Not fetched at all: a key that names no order (dead-lettered by its key alone), and an
        // empty object (S3A reads nothing of a size of 0).
        Set<String> keys =
                workload.objects.stream()
                        .filter(o -> RawObjectPath.entityOf(workload.uriOf(o.key())).isPresent())
                        .filter(o -> o.bytes().length > 0)
                        .map(o -> workload.prefix + "/" + o.key())
                        .collect(Collectors.toSet());
        Map<String, Long> getsByKey =
                exchanges.stream()
                        .filter(e -> e.operation == Operation.GET_OBJECT)
                        .filter(e -> workload.bucket.equals(e.bucket) && keys.contains(e.key))
                        .collect(Collectors.groupingBy(e -> e.key, Collectors.counting()));
        List<Exchange> heads =
                exchanges.stream()
                        .filter(e -> e.operation == Operation.HEAD_OBJECT)
                        .filter(e -> workload.bucket.equals(e.bucket) && keys.contains(e.key))
                        .collect(Collectors.toList());
        assertThat(heads).as("HEADs of raw objects").isEmpty();
        assertThat(getsByKey.keySet()).as("raw objects read").isEqualTo(keys);
        if (onceEach) {
            assertThat(getsByKey.values()).as("GETs per raw object").containsOnly(1L);
        }
    }

    private static void assertAPartFileWasCommittedFromSeveralParts(List<Exchange> exchanges) {
        Map<String, Set<String>> partsByUpload =
                exchanges.stream()
                        .filter(e -> e.operation == Operation.UPLOAD_PART && e.status == 200)
                        .collect(
                                Collectors.groupingBy(
                                        Exchange::uploadId,
                                        Collectors.mapping(
                                                e -> e.query.get("partNumber"),
                                                Collectors.toSet())));
        List<Exchange> completedFromSeveralParts =
                exchanges.stream()
                        .filter(
                                e ->
                                        e.operation == Operation.COMPLETE_MULTIPART_UPLOAD
                                                && e.status == 200
                                                && partsByUpload
                                                                .getOrDefault(
                                                                        e.uploadId(), Set.of())
                                                                .size()
                                                        > 1)
                        .collect(Collectors.toList());
        assertThat(completedFromSeveralParts)
                .as("multipart uploads of more than one part, completed")
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e.key).endsWith(".parquet"));
        for (Exchange e : completedFromSeveralParts) {
            assertThat(Files.exists(S3.bucketDir(e.bucket).resolve(e.key)))
                    .as("committed %s", e.key)
                    .isTrue();
        }
    }
}
