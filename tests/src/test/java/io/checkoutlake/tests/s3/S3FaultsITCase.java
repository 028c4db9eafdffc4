package io.checkoutlake.tests.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.checkoutlake.job.CheckoutLakeJob;
import io.checkoutlake.job.LakeEnvironments;
import io.checkoutlake.job.config.LakeJobConfig;
import io.checkoutlake.job.fetch.FlinkFileSystemFetcher;
import io.checkoutlake.job.source.FileDiscovery;
import io.checkoutlake.tests.FailingFetcher;
import io.checkoutlake.tests.s3.FaultInjectingS3Proxy.Fault;
import io.checkoutlake.tests.s3.FaultInjectingS3Proxy.Operation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.restartstrategy.RestartStrategies;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * S3 misbehaving while the job runs, through a fault-injecting proxy in front of S3Proxy: a spell
 * of {@code 503 SlowDown} on every request, then three {@code 500 InternalError} in a row, uploads
 * whose connection dies half-way through the body, and a multipart commit that S3 executes but
 * whose answer never arrives. The job retries or fails over and recovers; every document still
 * lands exactly once, dead letters too.
 */
class S3FaultsITCase {
    private static final Logger LOG = LoggerFactory.getLogger(S3FaultsITCase.class);
    private static final int DOCUMENTS = 200;

    /** Faults start once the job is fetching (discovery has listed everything by then). */
    private static final int FETCHES_BEFORE_FAULTS = 40;

    private static final int FETCHES_BEFORE_INTERNAL_ERRORS = DOCUMENTS / 2;

    @RegisterExtension static final S3ProxyExtension S3 = new S3ProxyExtension("raw", "lake");

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @Test
    void theLakeStaysExactlyOnceWhileS3Fails() throws Exception {
        FailingFetcher.reset();
        S3Workload workload = S3Workload.write(S3, "raw", "faults", DOCUMENTS, 7);
        List<String> placeholders = workload.listPlaceholders(S3);
        try (FaultInjectingS3Proxy proxy = FaultInjectingS3Proxy.start(S3.endpoint())) {
            LakeJobConfig config =
                    LakeJobConfig.builder()
                            .set("source.path", workload.sourcePath())
                            .set("lake.path", "s3a://lake/faults/lake")
                            .set("deadletter.path", "s3a://lake/faults/deadletter")
                            .set("s3.endpoint", proxy.endpoint().toString())
                            .set("s3.path-style-access", "true")
                            .set("fetch.concurrency", "4")
                            .build();
            LakeEnvironments.initializeFileSystems(LakeEnvironments.flinkConfiguration(config));
            CheckoutLakeJob job =
                    new CheckoutLakeJob(
                            config,
                            FileDiscovery.bounded(config.sourcePath()),
                            // No injected failure, only latency: the run spans the faults.
                            new FailingFetcher(new FlinkFileSystemFetcher(), 150, 0),
                            CheckoutLakeJob.sinksOf(config));
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            env.enableCheckpointing(500);
            env.setRestartStrategy(RestartStrategies.fixedDelayRestart(10, 500));

            CompletableFuture<Void> faults = CompletableFuture.runAsync(() -> injectFaults(proxy));
            job.execute(env);
            faults.get(10, TimeUnit.SECONDS);

            LOG.info("S3 requests by operation: {}", proxy.countByOperation());
            for (Fault fault : Fault.values()) {
                LOG.info("{} served to {}", fault, proxy.servedByOperation(fault));
            }
            assertThat(proxy.faultsSpent()).as("every injected fault was served").isTrue();
            assertThat(proxy.served(Fault.SLOW_DOWN)).isPositive();
            assertThat(proxy.served(Fault.INTERNAL_ERROR)).isPositive();
            assertThat(proxy.servedByOperation(Fault.CUT_MID_BODY))
                    .containsKey(Operation.UPLOAD_PART);
            assertThat(proxy.servedByOperation(Fault.LOSE_RESPONSE))
                    .containsKey(Operation.COMPLETE_MULTIPART_UPLOAD);
        }
        Path bucket = S3.bucketDir("lake").resolve("faults");
        workload.assertLakeHoldsExactlyOnce(
                bucket.resolve("lake"), bucket.resolve("deadletter"), placeholders);
    }

    /** Waits until the job fetches, then lets S3 misbehave in turn. */
    private static void injectFaults(FaultInjectingS3Proxy proxy) {
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            awaitFetches(proxy, FETCHES_BEFORE_FAULTS, deadline);
            // One cut on a multipart part for sure (which upload comes next is the job's timing),
            // and one on whatever upload follows.
            proxy.inject(Fault.CUT_MID_BODY, EnumSet.of(Operation.UPLOAD_PART), 1);
            proxy.inject(Fault.CUT_MID_BODY, Operation.UPLOADS, 1);
            proxy.inject(Fault.LOSE_RESPONSE, EnumSet.of(Operation.COMPLETE_MULTIPART_UPLOAD), 1);
            proxy.injectFor(Fault.SLOW_DOWN, Operation.ALL, Duration.ofMillis(1500));
            // By progress, not by the clock: half the objects are still to be fetched, so the
            // 500s are served however slowly a busy machine runs the job. Rules are taken in the
            // order injected, so they follow the SlowDown window even if injected during it.
            awaitFetches(proxy, FETCHES_BEFORE_INTERNAL_ERRORS, deadline);
            proxy.inject(Fault.INTERNAL_ERROR, Operation.ALL, 3);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitFetches(FaultInjectingS3Proxy proxy, long fetches, long deadline)
            throws InterruptedException {
        while (proxy.countByOperation().getOrDefault(Operation.GET_OBJECT, 0L) < fetches) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the job did not fetch " + fetches + " objects");
            }
            Thread.sleep(50);
        }
    }
}
