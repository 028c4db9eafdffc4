package io.checkoutlake.tests.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.checkoutlake.job.BackfillRunner;
import io.checkoutlake.job.CheckoutLakeJob;
import io.checkoutlake.job.config.LakeJobConfig;
import io.checkoutlake.job.config.LakeOptions;
import io.checkoutlake.job.fetch.FlinkFileSystemFetcher;
import io.checkoutlake.job.sink.LakeSinks;
import io.checkoutlake.job.sink.ParquetSettings;
import io.checkoutlake.job.source.FolderListingSource;
import io.checkoutlake.tests.ChildProcess;
import io.checkoutlake.tests.LakeContents;
import io.checkoutlake.tools.generator.GeneratedObject;
import io.checkoutlake.tools.generator.GeneratorSettings;
import io.checkoutlake.tools.generator.RawDocumentGenerator;
import io.checkoutlake.tools.generator.RawFolderWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * Peak heap of a backfill against the number of partitions it writes (10, 100, 1,000 UTC days),
 * with the backfill's sorted writers and, for comparison, with FileSinks (one open Parquet writer
 * per partition and subtask), each in a fresh JVM. Reports the largest heap still in use after a
 * garbage collection (the live set: what the JVM cannot do without) and throughput. Not a test:
 *
 * <pre>
 * mvn -B -o install -pl .,functions,job -DskipTests
 * mvn -B -o -pl tests verify -Dit.test=BackfillHeapBenchmark -Dtest=NONE \
 *     -Dsurefire.failIfNoSpecifiedTests=false [-Dbench.heap-args="1,10,100,1000 20000 3g"]
 * </pre>
 *
 * (failsafe runs it only when named: its name does not end in ITCase.)
 */
class BackfillHeapBenchmark {
    private static final String[] VARIANTS = {"sorted-writers", "filesink"};

    @Test
    void run() throws Exception {
        main(System.getProperty("bench.heap-args", "1,10,100,1000 20000 3g").trim().split("\\s+"));
    }

    static void main(String[] args) throws Exception {
        String[] partitions = (args.length > 0 ? args[0] : "1,10,100,1000").split(",");
        int documents = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        String heap = args.length > 2 ? args[2] : "3g";
        Path work = Files.createTempDirectory("backfill-heap-bench");
        System.out.printf(
                Locale.ROOT,
                "%-15s %10s %10s %8s %16s %10s %14s%n",
                "variant",
                "partitions",
                "documents",
                "files",
                "live heap MiB",
                "wall s",
                "docs/CPU-s");
        for (String p : partitions) {
            int days = Integer.parseInt(p.trim());
            Path raw = work.resolve("raw-" + days);
            writeHistory(raw, documents, days);
            for (String variant : VARIANTS) {
                Path lake = work.resolve(variant + "-" + days);
                String result = runChild(heap, variant, raw, lake);
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("partitions", days);
                r.putAll(
                        new com.fasterxml.jackson.databind.ObjectMapper()
                                .readValue(result, Map.class));
                r.put("heap_limit", heap);
                BenchResults.record("backfill-heap", r);
                System.out.printf(
                        Locale.ROOT,
                        "%-15s %10d %10d %8s %16s %10s %14s%n",
                        variant,
                        days,
                        documents,
                        r.containsKey("failed") ? r.get("failed") : r.get("files"),
                        r.get("live_heap_mib"),
                        r.get("wall_s"),
                        r.get("docs_per_cpu_s"));
            }
        }
    }

    /** {@code documents} spread evenly over {@code days} UTC days, in two raw folders. */
    static void writeHistory(Path raw, int documents, int days) throws Exception {
        Instant start = Instant.parse("2016-01-01T00:00:00Z");
        GeneratorSettings settings =
                GeneratorSettings.builder()
                        .seed(7)
                        .badShare(0)
                        .gzipShare(0)
                        .eventTimeStart(start)
                        .eventTimeEnd(start.plus(Duration.ofDays(days)))
                        .build();
        RawFolderWriter writer = new RawFolderWriter(raw);
        for (GeneratedObject o : new RawDocumentGenerator(settings).next(documents)) {
            // One folder per entity, so files are (folder, day) = partitions x 2.
            writer.write("00" + o.key().substring(2), o.bytes());
        }
    }

    private static String runChild(String heap, String variant, Path raw, Path lake)
            throws Exception {
        ChildProcess.Result child =
                ChildProcess.runJava(
                        List.of("-Xmx" + heap),
                        Child.class,
                        variant,
                        raw.toString(),
                        lake.toString());
        Optional<String> result = child.lastLineStartingWith("{\"variant\"");
        if (child.exitCode != 0 || result.isEmpty()) {
            // A run that needs more than the heap is a result: the row says so.
            return String.format(
                    Locale.ROOT,
                    "{\"variant\":\"%s\",\"partitions_dir\":\"%s\",\"failed\":\"%s\"}",
                    variant,
                    raw.getFileName(),
                    child.stdout.contains("OutOfMemoryError")
                            ? "OutOfMemoryError at -Xmx" + heap
                            : "exit " + child.exitCode);
        }
        return result.get();
    }

    /** One measured run in its own JVM; prints one JSON line. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            String variant = args[0];
            Path raw = Paths.get(args[1]);
            Path lake = Paths.get(args[2]);
            AtomicLong liveAfterGc = watchLiveHeap();
            LakeJobConfig config =
                    LakeJobConfig.builder()
                            .set("mode", "backfill")
                            .set("source.path", raw.toUri().toString())
                            .set("lake.path", lake.toUri().toString())
                            .set(
                                    "deadletter.path",
                                    lake.resolveSibling(lake.getFileName() + "-dl")
                                            .toUri()
                                            .toString())
                            .set("backfill.folders", "00")
                            .set("parallelism", "2")
                            .build();
            long cpu0 = cpuNanos();
            long t0 = System.nanoTime();
            if (variant.equals("sorted-writers")) {
                BackfillRunner.fromConfig(config).run();
            } else {
                Configuration conf = new Configuration();
                conf.set(CoreOptions.DEFAULT_PARALLELISM, 2);
                StreamExecutionEnvironment env =
                        StreamExecutionEnvironment.getExecutionEnvironment(conf);
                new CheckoutLakeJob(
                                config,
                                FolderListingSource.ofChildren(raw.toUri()),
                                new FlinkFileSystemFetcher(),
                                LakeSinks.files(
                                        config.lakePath(),
                                        config.deadletterPath(),
                                        config.get(LakeOptions.LAKE_PARTITION_PATTERN),
                                        ParquetSettings.of(config),
                                        config.get(LakeOptions.LAKE_MAX_PART_SIZE).getBytes(),
                                        Map.of(),
                                        null))
                        .execute(env);
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpu = (cpuNanos() - cpu0) / 1e9;
            long documents;
            long files;
            try (java.util.stream.Stream<Path> s = Files.walk(raw)) {
                documents = s.filter(Files::isRegularFile).count();
            }
            files = LakeContents.committedFiles(lake, ".parquet").size();
            System.out.printf(
                    Locale.ROOT,
                    "{\"variant\":\"%s\",\"partitions_dir\":\"%s\",\"documents\":%d,\"files\":%d,"
                            + "\"live_heap_mib\":%d,\"wall_s\":%.1f,\"cpu_s\":%.1f,"
                            + "\"docs_per_cpu_s\":%.0f}%n",
                    variant,
                    raw.getFileName(),
                    documents,
                    files,
                    liveAfterGc.get() >> 20,
                    wall,
                    cpu,
                    documents / cpu);
            System.exit(0);
        }

        private static long cpuNanos() {
            return ((com.sun.management.OperatingSystemMXBean)
                            ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }

        /**
         * The largest heap in use right after a full collection, forced every second: the live set,
         * what the run cannot do without (young collections alone leave old garbage counted). Read
         * from the collection's own report of the heap pools after it, since a read of the heap's
         * use a moment later already counts what other threads allocated since. The forced
         * collections cost CPU time, so docs/CPU-s here is below the job's real rate.
         */
        private static AtomicLong watchLiveHeap() {
            AtomicLong max = new AtomicLong();
            Set<String> heapPools = new HashSet<>();
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    heapPools.add(pool.getName());
                }
            }
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) gc)
                        .addNotificationListener(
                                (notification, handback) -> {
                                    GarbageCollectionNotificationInfo info =
                                            GarbageCollectionNotificationInfo.from(
                                                    (CompositeData) notification.getUserData());
                                    if (!"System.gc()".equals(info.getGcCause())) {
                                        return;
                                    }
                                    long used = 0;
                                    for (Map.Entry<String, MemoryUsage> e :
                                            info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                                        if (heapPools.contains(e.getKey())) {
                                            used += e.getValue().getUsed();
                                        }
                                    }
                                    max.accumulateAndGet(used, Math::max);
                                },
                                n ->
                                        GarbageCollectionNotificationInfo
                                                .GARBAGE_COLLECTION_NOTIFICATION
                                                .equals(n.getType()),
                                null);
            }
            Thread t =
                    new Thread(
                            () -> {
                                while (true) {
                                    System.gc();
                                    try {
                                        Thread.sleep(1000);
                                    } catch (InterruptedException e) {
                                        return;
                                    }
                                }
                            },
                            "live-heap-sampler");
            t.setDaemon(true);
            t.start();
            return max;
        }
    }
}
