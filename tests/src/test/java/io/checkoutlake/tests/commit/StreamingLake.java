package io.checkoutlake.tests.commit;

import io.checkoutlake.functions.model.Entity;
import io.checkoutlake.job.CheckoutLakeJob;
import io.checkoutlake.job.commit.PartitionCommitter;
import io.checkoutlake.job.commit.PartitionManifest;
import io.checkoutlake.job.config.LakeJobConfig;
import io.checkoutlake.job.config.LakeJobConfigBuilder;
import io.checkoutlake.job.fetch.FlinkFileSystemFetcher;
import io.checkoutlake.job.sink.LakeSinks;
import io.checkoutlake.job.source.FileDiscovery;
import io.checkoutlake.tests.LakeContents;
import io.checkoutlake.tools.generator.GeneratedObject;
import io.checkoutlake.tools.generator.GeneratorSettings;
import io.checkoutlake.tools.generator.RawDocumentGenerator;
import io.checkoutlake.tools.generator.RawFolderWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.flink.api.common.restartstrategy.RestartStrategies;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A stream-mode job over a raw folder that the test keeps adding generated documents to, so the
 * test steers event time (and so the watermark) by the days it generates.
 */
public final class StreamingLake implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(120);

    final Path raw;
    public final Path lake;
    final Path deadLetters;
    private final RawFolderWriter writer;
    private JobClient client;

    public StreamingLake(Path dir) throws IOException {
        this(
                Files.createDirectories(dir.resolve("raw")),
                dir.resolve("lake"),
                dir.resolve("deadletter"));
    }

    /** A lake of its own over a raw folder that may be shared with another run. */
    public StreamingLake(Path raw, Path lake, Path deadLetters) throws IOException {
        this.raw = raw;
        this.lake = lake;
        this.deadLetters = deadLetters;
        writer = new RawFolderWriter(raw);
    }

    public LakeJobConfigBuilder config() {
        return LakeJobConfig.builder()
                .set("source.path", raw.toUri().toString())
                .set("lake.path", lake.toUri().toString())
                .set("deadletter.path", deadLetters.toUri().toString())
                .set("fetch.concurrency", "4")
                .set("watermark.out-of-orderness", "0s")
                .set("watermark.idleness", "1s")
                .set("lake.commit-delay", "1h");
    }

    public JobClient start(LakeJobConfig config) throws Exception {
        return start(config, CheckoutLakeJob.sinksOf(config));
    }

    JobClient start(LakeJobConfig config, LakeSinks sinks) throws Exception {
        CheckoutLakeJob job =
                new CheckoutLakeJob(
                        config,
                        FileDiscovery.monitoring(raw.toUri(), Duration.ofMillis(200)),
                        new FlinkFileSystemFetcher(),
                        sinks);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(300);
        env.setRestartStrategy(RestartStrategies.fixedDelayRestart(3, 200));
        job.build(env);
        client = env.executeAsync(CheckoutLakeJob.JOB_NAME);
        return client;
    }

    /** Valid documents with event times in [start, end), written into the raw folder. */
    public List<GeneratedObject> write(long seed, int count, String start, String end)
            throws IOException {
        GeneratorSettings settings =
                GeneratorSettings.builder()
                        .seed(seed)
                        .badShare(0)
                        .eventTimeStart(Instant.parse(start))
                        .eventTimeEnd(Instant.parse(end))
                        .build();
        List<GeneratedObject> objects = new RawDocumentGenerator(settings).next(count);
        for (GeneratedObject o : objects) {
            writer.write(o);
        }
        return objects;
    }

    Path partition(Entity entity, String partition) {
        return lake.resolve(entity.table()).resolve(partition);
    }

    static boolean isCommitted(Path partition) {
        return Files.exists(partition.resolve(PartitionManifest.SUCCESS_FILE_NAME));
    }

    static PartitionManifest manifest(Path partition) throws IOException {
        return PartitionCommitter.readManifest(
                FileSystem.getLocalFileSystem(),
                new org.apache.flink.core.fs.Path(partition.toUri()));
    }

    /** Rows committed so far, counted as a reader sees them. */
    public long rows() throws IOException {
        return LakeContents.rows(lake).size();
    }

    public void waitFor(BooleanSupplier condition, String what) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (client != null && client.getJobStatus().get().isGloballyTerminalState()) {
                throw new AssertionError("job ended while waiting for " + what);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void close() throws Exception {
        if (client != null && !client.getJobStatus().get().isGloballyTerminalState()) {
            client.cancel().get();
        }
    }
}
