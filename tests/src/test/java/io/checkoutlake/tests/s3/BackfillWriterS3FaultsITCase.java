package io.checkoutlake.tests.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.checkoutlake.job.LakeEnvironments;
import io.checkoutlake.job.commit.ParquetFileStats;
import io.checkoutlake.job.config.LakeJobConfig;
import io.checkoutlake.job.sink.LakeParquetWriters;
import io.checkoutlake.job.sink.ParquetCompression;
import io.checkoutlake.job.sink.ParquetSettings;
import io.checkoutlake.job.sink.SortedPartitionWriter;
import io.checkoutlake.tests.s3.FaultInjectingS3Proxy.Fault;
import io.checkoutlake.tests.s3.FaultInjectingS3Proxy.Operation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.restartstrategy.RestartStrategies;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The backfill's writer on S3 when its task fails with a file half written and S3 then refuses
 * DELETEs: no reader-visible {@code .parquet} ever lacks its footer, the file an earlier run wrote
 * under the same name stays, and a rerun completes every file.
 */
class BackfillWriterS3FaultsITCase {
    private static final List<String> KEYS =
            List.of(
                    "3A_CheckoutOrder/dt=2020-01-01",
                    "3A_CheckoutOrder/dt=2020-01-02",
                    "3A_CheckoutOrder/dt=2020-01-03");
    private static final int ROWS_PER_KEY = 400;
    private static final String PREFIX = "torn";

    /** The writer fails once this many rows are added in the run; negative: never. */
    private static final AtomicLong FAIL_AFTER = new AtomicLong(-1);

    private static final AtomicLong ADDED = new AtomicLong();

    @RegisterExtension static final S3ProxyExtension S3 = new S3ProxyExtension("lake");

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(1)
                            .build());

    @Test
    void aFailedWriterPublishesNoTornFileAndARerunCompletesTheFolder() throws Exception {
        try (FaultInjectingS3Proxy proxy = FaultInjectingS3Proxy.start(S3.endpoint())) {
            LakeJobConfig config =
                    LakeJobConfig.builder()
                            .set("source.path", "s3a://lake/raw")
                            .set("lake.path", "s3a://lake/" + PREFIX)
                            .set("deadletter.path", "s3a://lake/deadletter")
                            .set("s3.endpoint", proxy.endpoint().toString())
                            .set("s3.path-style-access", "true")
                            .build();
            LakeEnvironments.initializeFileSystems(LakeEnvironments.flinkConfiguration(config));

            write(-1);
            Map<String, Long> first = visibleFiles();
            assertThat(first)
                    .hasSize(KEYS.size())
                    .allSatisfy((f, rows) -> assertThat(rows).isEqualTo(ROWS_PER_KEY));

            // The second file fails half-way, and DELETE answers 503 meanwhile.
            proxy.injectFor(
                    Fault.SLOW_DOWN, EnumSet.of(Operation.DELETE_OBJECT), Duration.ofSeconds(20));
            Set<String> torn = new ConcurrentSkipListSet<>();
            AtomicBoolean watching = new AtomicBoolean(true);
            Thread watcher =
                    new Thread(
                            () -> {
                                while (watching.get()) {
                                    torn.addAll(tornFiles());
                                    try {
                                        Thread.sleep(5);
                                    } catch (InterruptedException e) {
                                        return;
                                    }
                                }
                            },
                            "torn-file-watcher");
            watcher.start();
            try {
                assertThatThrownBy(() -> write(ROWS_PER_KEY + ROWS_PER_KEY / 2))
                        .hasStackTraceContaining("injected writer failure");
                // Long enough for a DELETE retried through the 503s to have been answered.
                Thread.sleep(25_000);
            } finally {
                watching.set(false);
                watcher.join();
            }
            torn.addAll(tornFiles());
            assertThat(torn).as("visible .parquet files without a footer").isEmpty();
            assertThat(visibleFiles())
                    .as("the failed run left the earlier files in place")
                    .isEqualTo(first);

            write(-1);
            assertThat(visibleFiles()).isEqualTo(first);
            assertThat(tornFiles()).isEmpty();
        }
    }

    /** One batch job writing ROWS_PER_KEY rows per key through SortedPartitionWriter. */
    private static void write(long failAfter) throws Exception {
        FAIL_AFTER.set(failAfter);
        ADDED.set(0);
        List<String> rows = new ArrayList<>();
        for (String key : KEYS) {
            for (int i = 0; i < ROWS_PER_KEY; i++) {
                rows.add(key + "\t" + i);
            }
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.setParallelism(1);
        env.setRestartStrategy(RestartStrategies.noRestart());
        env.fromData(rows)
                .keyBy(r -> r.substring(0, r.indexOf('\t')), Types.STRING)
                .transform(
                        "writer",
                        Types.VOID,
                        new SortedPartitionWriter<>(
                                "lake", "s3a://lake/" + PREFIX, new FailingRows(), ".parquet"));
        env.execute("backfill writer " + failAfter);
    }

    /** Visible (no hidden path segment) {@code .parquet} files under the prefix, by rows. */
    private static Map<String, Long> visibleFiles() throws IOException {
        Map<String, Long> rows = new TreeMap<>();
        for (Path p : visibleParquet()) {
            rows.put(p.toString(), footerRows(p));
        }
        return rows;
    }

    private static List<String> tornFiles() {
        List<String> torn = new ArrayList<>();
        try {
            for (Path p : visibleParquet()) {
                try {
                    footerRows(p);
                } catch (IOException | RuntimeException e) {
                    if (Files.exists(p)) {
                        torn.add(p + " (" + Files.size(p) + " bytes)");
                    }
                }
            }
        } catch (IOException e) {
            // A file went away while listed: the next look sees the folder as it is.
        }
        return torn;
    }

    private static List<Path> visibleParquet() throws IOException {
        Path root = S3.bucketDir("lake").resolve(PREFIX);
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".parquet"))
                    .filter(
                            p -> {
                                for (Path segment : root.relativize(p)) {
                                    String s = segment.toString();
                                    if (s.startsWith(".") || s.startsWith("_")) {
                                        return false;
                                    }
                                }
                                return true;
                            })
                    .collect(Collectors.toList());
        }
    }

    private static long footerRows(Path file) throws IOException {
        org.apache.flink.core.fs.Path p = new org.apache.flink.core.fs.Path(file.toUri());
        FileSystem fs = p.getFileSystem();
        return ParquetFileStats.read(fs, p, Files.size(file)).rows();
    }

    /** Parquet rows {@code (key, n)}; fails once {@link #FAIL_AFTER} rows are added. */
    private static final class FailingRows implements BulkWriter.Factory<String> {
        private static final long serialVersionUID = 1L;
        private static final Schema SCHEMA =
                SchemaBuilder.record("Row")
                        .fields()
                        .requiredString("key")
                        .requiredLong("n")
                        .endRecord();

        private final BulkWriter.Factory<GenericRecord> parquet =
                LakeParquetWriters.forSchema(
                        SCHEMA, new ParquetSettings(ParquetCompression.parse("snappy"), true));

        @Override
        public BulkWriter<String> create(FSDataOutputStream out) throws IOException {
            BulkWriter<GenericRecord> writer = parquet.create(out);
            return new BulkWriter<String>() {
                @Override
                public void addElement(String row) throws IOException {
                    long limit = FAIL_AFTER.get();
                    if (limit >= 0 && ADDED.incrementAndGet() > limit) {
                        throw new IOException("injected writer failure");
                    }
                    GenericRecord r = new GenericData.Record(SCHEMA);
                    r.put("key", row.substring(0, row.indexOf('\t')));
                    r.put("n", Long.parseLong(row.substring(row.indexOf('\t') + 1)));
                    writer.addElement(r);
                }

                @Override
                public void flush() throws IOException {
                    writer.flush();
                }

                @Override
                public void finish() throws IOException {
                    writer.finish();
                }
            };
        }
    }
}
