package io.checkoutlake.tests.commit;

import static org.assertj.core.api.Assertions.assertThat;

import io.checkoutlake.functions.model.Entity;
import io.checkoutlake.functions.schema.LakeSchemas;
import io.checkoutlake.job.CheckoutLakeJob;
import io.checkoutlake.job.LakeEnvironments;
import io.checkoutlake.job.commit.ManifestEntry;
import io.checkoutlake.job.commit.PartitionManifest;
import io.checkoutlake.job.config.LakeJobConfig;
import io.checkoutlake.job.fetch.FlinkFileSystemFetcher;
import io.checkoutlake.job.metrics.LakeMetrics;
import io.checkoutlake.job.sink.LakeParquetWriters;
import io.checkoutlake.job.sink.ParquetCompression;
import io.checkoutlake.job.sink.ParquetSettings;
import io.checkoutlake.job.source.FileDiscovery;
import io.checkoutlake.tests.CapturedLogs;
import io.checkoutlake.tests.LakeContents;
import io.checkoutlake.tests.s3.FaultInjectingS3Proxy;
import io.checkoutlake.tests.s3.FaultInjectingS3Proxy.Operation;
import io.checkoutlake.tests.s3.S3ProxyExtension;
import io.checkoutlake.tools.generator.GeneratedObject;
import io.checkoutlake.tools.generator.GeneratorSettings;
import io.checkoutlake.tools.generator.RawDocumentGenerator;
import io.checkoutlake.tools.generator.RawFolderWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.restartstrategy.RestartStrategies;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first commit of a day that holds 3,000 files the job did not write (as after an upgrade or a
 * backfill), on S3 behind a proxy adding 20 ms to every request: reading their footers takes
 * minutes one by one. Checkpoints (60 s timeout, none may fail) keep completing while the commit
 * runs, and the commit's duration is logged and in {@code lastPartitionCommitDurationMs}.
 */
class SlowPartitionCommitITCase {
    private static final String DAY1 = "YEAR=2019/MONTH=08/DAY=01";
    private static final int FILES = 3_000;
    private static final Duration LATENCY = Duration.ofMillis(20);
    private static final String PRE_CREATED = "part-earlier-";
    private static final Duration TIMEOUT = Duration.ofSeconds(240);

    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension static final S3ProxyExtension S3 = new S3ProxyExtension("lake");

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .setConfiguration(METRICS.addToConfiguration(new Configuration()))
                            .build());

    @TempDir Path dir;

    @Test
    void checkpointsCompleteWhileADayOfThousandsOfFilesIsCommitted() throws Exception {
        String table = Entity.CHECKOUT.table();
        String prefix = "slow-commit/lake/" + table + "/" + DAY1 + "/";
        byte[] parquet = parquetFile(dir.resolve("one.parquet"));
        Map<String, byte[]> earlier = new LinkedHashMap<>();
        for (int i = 0; i < FILES; i++) {
            earlier.put(prefix + PRE_CREATED + i + ".zstd.parquet", parquet);
        }
        // Straight to S3Proxy, without the latency.
        S3.putObjects("lake", earlier);

        Path raw = Files.createDirectories(dir.resolve("raw"));
        Path partition = S3.bucketDir("lake").resolve(prefix);
        try (FaultInjectingS3Proxy proxy = FaultInjectingS3Proxy.start(S3.endpoint());
                CapturedLogs logs = CapturedLogs.atLeast(Level.INFO)) {
            proxy.delayEach(LATENCY);
            LakeJobConfig config =
                    LakeJobConfig.builder()
                            .set("source.path", raw.toUri().toString())
                            .set("lake.path", "s3a://lake/slow-commit/lake")
                            .set("deadletter.path", dir.resolve("deadletter").toUri().toString())
                            .set("s3.endpoint", proxy.endpoint().toString())
                            .set("s3.path-style-access", "true")
                            .set("watermark.out-of-orderness", "0s")
                            .set("watermark.idleness", "1s")
                            .set("lake.commit-delay", "1h")
                            .build();
            LakeEnvironments.initializeFileSystems(LakeEnvironments.flinkConfiguration(config));
            JobClient job = start(config, raw);
            String jobId = job.getJobID().toString();
            try {
                RawFolderWriter writer = new RawFolderWriter(raw);
                List<GeneratedObject> day1 =
                        write(writer, 1, 20, "2019-08-01T00:00:00Z", "2019-08-01T20:00:00Z");
                // Every day-1 row visible before day 3 moves the watermark: one commit of day 1.
                waitFor(job, () -> jobRows(DAY1) == day1.size(), "day 1 rows visible");
                write(writer, 2, 10, "2019-08-03T00:00:00Z", "2019-08-03T12:00:00Z");

                waitFor(job, () -> readsAnEarlierFile(proxy), "the commit of day 1 reading");
                int checkpointsAtStart = completedCheckpoints(logs, jobId);
                long started = System.nanoTime();
                // Logged once manifest, _SUCCESS and catalog are done.
                waitFor(
                        job,
                        () -> !logs.containing(commitLine(table)).isEmpty(),
                        "day 1 committed");
                long windowMillis = (System.nanoTime() - started) / 1_000_000;
                int checkpointsDuring = completedCheckpoints(logs, jobId) - checkpointsAtStart;

                assertThat(checkpointsDuring)
                        .as("checkpoints completed during the %d ms commit", windowMillis)
                        .isGreaterThanOrEqualTo(3);
                PartitionManifest manifest =
                        PartitionManifest.parse(
                                Files.readAllBytes(partition.resolve(PartitionManifest.FILE_NAME)));
                assertThat(manifest.files().stream().map(ManifestEntry::name))
                        .containsExactlyInAnyOrderElementsOf(
                                LakeContents.committedFiles(partition, ".parquet").stream()
                                        .map(f -> f.getFileName().toString())
                                        .collect(Collectors.toList()));
                assertThat(manifest.files()).hasSizeGreaterThan(FILES);

                long logged = loggedDurationMillis(logs, table, manifest.files().size());
                // At least one 20 ms request per footer, on at most a few readers at once.
                assertThat(logged).isGreaterThanOrEqualTo(FILES * LATENCY.toMillis() / 16);
                waitFor(job, () -> lastCommitMillis(job, table) >= logged, "the metric");
                assertThat(lastCommitMillis(job, table)).isLessThan(windowMillis + 10_000);
            } finally {
                if (!job.getJobStatus().get().isGloballyTerminalState()) {
                    job.cancel().get();
                }
            }
        }
    }

    private static JobClient start(LakeJobConfig config, Path raw) throws Exception {
        CheckoutLakeJob job =
                new CheckoutLakeJob(
                        config,
                        FileDiscovery.monitoring(raw.toUri(), Duration.ofMillis(200)),
                        new FlinkFileSystemFetcher(),
                        CheckoutLakeJob.sinksOf(config));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(1_000);
        env.getCheckpointConfig().setCheckpointTimeout(60_000);
        env.getCheckpointConfig().setTolerableCheckpointFailureNumber(0);
        env.setRestartStrategy(RestartStrategies.noRestart());
        job.build(env);
        return env.executeAsync(CheckoutLakeJob.JOB_NAME);
    }

    private static List<GeneratedObject> write(
            RawFolderWriter writer, long seed, int count, String start, String end)
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

    /** Rows of the files the job itself committed to {@code day}, over both tables. */
    private static long jobRows(String day) {
        long rows = 0;
        for (Entity e : Entity.values()) {
            Path folder = S3.bucketDir("lake").resolve("slow-commit/lake/" + e.table() + "/" + day);
            try {
                for (Path file : LakeContents.committedFiles(folder, ".parquet")) {
                    if (!file.getFileName().toString().startsWith(PRE_CREATED)) {
                        rows += LakeContents.records(file).size();
                    }
                }
            } catch (IOException | RuntimeException notYet) {
                return -1;
            }
        }
        return rows;
    }

    private static boolean readsAnEarlierFile(FaultInjectingS3Proxy proxy) {
        Set<Operation> reads = Set.of(Operation.GET_OBJECT, Operation.HEAD_OBJECT);
        return proxy.exchanges().stream()
                .anyMatch(
                        e ->
                                reads.contains(e.operation)
                                        && e.key != null
                                        && e.key.contains("/" + PRE_CREATED));
    }

    private static int completedCheckpoints(CapturedLogs logs, String jobId) {
        return (int)
                logs.containing("Completed checkpoint").stream()
                        .filter(l -> l.contains(jobId))
                        .count();
    }

    private static long loggedDurationMillis(CapturedLogs logs, String table, int files) {
        Pattern line =
                Pattern.compile(
                        "Committed partition "
                                + Pattern.quote(DAY1)
                                + " of "
                                + table
                                + ": "
                                + files
                                + " files, .* in (\\d+) ms");
        List<String> lines = logs.containing(commitLine(table));
        assertThat(lines).as("commit log lines").hasSize(1);
        Matcher m = line.matcher(lines.get(0));
        assertThat(m.find()).as("duration in %s", lines.get(0)).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static String commitLine(String table) {
        return "Committed partition " + DAY1 + " of " + table + ":";
    }

    private static long lastCommitMillis(JobClient job, String table) {
        for (Map.Entry<String, Metric> m :
                METRICS.findMetrics(job.getJobID(), LakeMetrics.LAST_PARTITION_COMMIT_DURATION_MS)
                        .entrySet()) {
            if (m.getKey().contains("." + table + ".")) {
                return ((Number) ((Gauge<?>) m.getValue()).getValue()).longValue();
            }
        }
        return -1;
    }

    private static void waitFor(JobClient job, BooleanSupplier condition, String what)
            throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (job.getJobStatus().get().isGloballyTerminalState()) {
                throw new AssertionError(
                        "job ended (" + job.getJobStatus().get() + ") while waiting for " + what);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    /** One small checkout Parquet file of two rows, as the job's writer writes them. */
    private static byte[] parquetFile(Path file) throws IOException {
        Schema schema = LakeSchemas.of(Entity.CHECKOUT);
        long micros = Instant.parse("2019-08-01T06:00:00Z").toEpochMilli() * 1_000;
        try (FSDataOutputStream out =
                FileSystem.getLocalFileSystem()
                        .create(
                                new org.apache.flink.core.fs.Path(file.toUri()),
                                FileSystem.WriteMode.OVERWRITE)) {
            BulkWriter<GenericRecord> writer =
                    LakeParquetWriters.forSchema(
                                    schema, new ParquetSettings(ParquetCompression.ZSTD, false))
                            .create(out);
            for (long t : new long[] {micros, micros + 1_000_000}) {
                GenericRecord row = new GenericData.Record(schema);
                row.put(LakeSchemas.EVENT_TIME, t);
                row.put(LakeSchemas.SOURCE_FILE, "s3a://raw/earlier/" + t);
                row.put(LakeSchemas.PROCESSED_AT, t);
                writer.addElement(row);
            }
            writer.finish();
        }
        return Files.readAllBytes(file);
    }
}
