package io.checkoutlake.tests.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.checkoutlake.job.BackfillRunner;
import io.checkoutlake.job.BackfillSummary;
import io.checkoutlake.job.config.LakeJobConfig;
import io.checkoutlake.job.config.LakeJobConfigBuilder;
import io.checkoutlake.tests.ChildProcess;
import io.checkoutlake.tests.LakeContents;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Whole-job throughput in backfill mode over the seeded data set ({@link BenchData}): with 1 and 2
 * slots (parallelism of the embedded cluster) and with zstd and snappy, each run in a fresh JVM.
 * Reports raw MB and documents per CPU-second of the process (the job's whole CPU: sources,
 * decoding, the sort, Parquet, the JIT and the garbage collector), wall time, and the lake it
 * wrote: file count, size distribution, compression ratio and the files per (table, day) partition
 * against issue 14's shape (files of at least 64 MB or one file, at most two). Then, unless {@code
 * -Dbench.sparse=false}, the same with 1 slot and zstd over {@link BenchData#sparse()}, one
 * document per raw folder and day ({@code density} tells the rows apart). Not a test:
 *
 * <pre>
 * mvn -B -pl tests verify -Dit.test=BackfillThroughputBenchmark -Dtest=NONE \
 *     -Dsurefire.failIfNoSpecifiedTests=false [-Dbench.slots=1,2] [-Dbench.codecs=zstd,snappy]
 *     [-Dbench.sparse=true] [-Dbench.sparse-folders=256] [-Dbench.sparse-days=8]
 * </pre>
 */
class BackfillThroughputBenchmark {
    private static final String RESULT = "{\"run\"";

    @Test
    void run() throws Exception {
        BenchData dense = BenchData.standard();
        Path work = Files.createTempDirectory("backfill-throughput");
        for (String slots : System.getProperty("bench.slots", "1,2").split(",")) {
            for (String codec : System.getProperty("bench.codecs", "zstd,snappy").split(",")) {
                backfill(dense, slots.trim(), codec.trim(), work);
            }
        }
        // One document per folder and day: what issue 14's sparse history cost. Only the
        // target's variant (1 slot, zstd): at ~45 ms of CPU per document it is the slow one.
        if (Boolean.parseBoolean(System.getProperty("bench.sparse", "true"))) {
            backfill(BenchData.sparse(), "1", "zstd", work);
        }
        BenchData.deleteTree(work);
    }

    private static void backfill(BenchData data, String slots, String codec, Path work)
            throws Exception {
        Path lake = work.resolve("lake-" + data.density() + "-" + slots + "-" + codec);
        ChildProcess.Result outcome =
                ChildProcess.runJava(
                        List.of("-Xmx" + System.getProperty("bench.heap", "2g")),
                        Child.class,
                        slots,
                        codec,
                        data.raw().toString(),
                        lake.toString(),
                        System.getProperty("bench.job-settings", ""),
                        System.getProperty("bench.warm-up-folders", "00-01"));
        Optional<String> result = outcome.lastLineStartingWith(RESULT);
        if (outcome.exitCode != 0 || result.isEmpty()) {
            throw new AssertionError(
                    "backfill of the "
                            + data.density()
                            + " set with "
                            + slots
                            + " slots, "
                            + codec
                            + ": exit "
                            + outcome.exitCode);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> child = new ObjectMapper().readValue(result.get(), Map.class);
        double cpu = ((Number) child.get("cpu_s")).doubleValue();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("density", data.density());
        r.put("slots", Integer.parseInt(slots));
        r.put("codec", codec);
        r.put("job_settings", System.getProperty("bench.job-settings", ""));
        r.put("documents", data.documents());
        r.put("raw_mb", BenchResults.round(data.bytes() / 1e6, 1));
        r.put("wall_s", child.get("wall_s"));
        r.put("cpu_s", cpu);
        r.put("warm_up_cpu_s", child.get("warm_up_cpu_s"));
        r.put("raw_mb_per_cpu_s", BenchResults.round(data.bytes() / 1e6 / cpu, 2));
        r.put("docs_per_cpu_s", Math.round(data.documents() / cpu));
        r.put("us_per_doc", BenchResults.round(cpu * 1e6 / data.documents(), 0));
        r.put(
                "raw_mb_per_wall_s",
                BenchResults.round(
                        data.bytes() / 1e6 / ((Number) child.get("wall_s")).doubleValue(), 2));
        r.put("rows", child.get("rows"));
        r.put("dead_letters", child.get("dead_letters"));
        r.putAll(LakeFiles.of(lake.resolve("lake")).describe(data.bytes()));
        r.put("target", "1.5x DuckDB raw_mb_per_cpu_s (same run, same data)");
        BenchResults.record("backfill-throughput", r);
        BenchData.deleteTree(lake);
    }

    /** The lake's Parquet files: count, sizes, and the ratio of raw JSON bytes to Parquet bytes. */
    static final class LakeFiles {
        /** Issue 14: a partition's files are at least 64 MB, or it is one file. */
        static final long MIN_FILE_BYTES = 64_000_000L;

        /** Issue 14: never more files than this in a (table, day) partition. */
        static final int MAX_FILES_PER_PARTITION = 2;

        final List<Long> sizes;

        /** File sizes per partition directory ({@code <table>/YEAR=…/MONTH=…/DAY=…}). */
        final Map<Path, List<Long>> partitions;

        private LakeFiles(List<Long> sizes, Map<Path, List<Long>> partitions) {
            this.sizes = sizes;
            this.partitions = partitions;
        }

        static LakeFiles of(Path lake) throws java.io.IOException {
            List<Path> files = LakeContents.committedFiles(lake, ".parquet");
            Map<Path, List<Long>> partitions = new TreeMap<>();
            for (Path f : files) {
                partitions
                        .computeIfAbsent(lake.relativize(f.getParent()), p -> new ArrayList<>())
                        .add(f.toFile().length());
            }
            return new LakeFiles(
                    files.stream()
                            .map(f -> f.toFile().length())
                            .sorted()
                            .collect(Collectors.toList()),
                    partitions);
        }

        /**
         * Whether a partition's files have issue 14's shape: at most two, and each at least 64 MB
         * unless the partition is a single file (which a partition under 64 MB must be).
         */
        static boolean shapedWell(List<Long> partition) {
            return partition.size() <= MAX_FILES_PER_PARTITION
                    && (partition.size() == 1
                            || partition.stream().allMatch(b -> b >= MIN_FILE_BYTES));
        }

        Map<String, Object> describe(long rawBytes) {
            long total = sizes.stream().mapToLong(Long::longValue).sum();
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("files", sizes.size());
            r.put("parquet_mb", BenchResults.round(total / 1e6, 1));
            r.put("file_mb_min", mb(BenchResults.percentile(sizes, 0)));
            r.put("file_mb_p50", mb(BenchResults.percentile(sizes, 50)));
            r.put("file_mb_p90", mb(BenchResults.percentile(sizes, 90)));
            r.put("file_mb_max", mb(BenchResults.percentile(sizes, 100)));
            r.put(
                    "compression_ratio",
                    total == 0 ? 0 : BenchResults.round((double) rawBytes / total, 1));
            r.put("partitions", partitions.size());
            r.put(
                    "max_files_per_partition",
                    partitions.values().stream().mapToInt(List::size).max().orElse(0));
            r.put(
                    "partitions_shaped_well",
                    partitions.values().stream().filter(LakeFiles::shapedWell).count());
            r.put(
                    "partition_mb_p50",
                    mb(
                            BenchResults.percentile(
                                    partitions.values().stream()
                                            .map(p -> p.stream().mapToLong(Long::longValue).sum())
                                            .sorted()
                                            .collect(Collectors.toList()),
                                    50)));
            return r;
        }

        private static double mb(long bytes) {
            return BenchResults.round(bytes / 1e6, 2);
        }
    }

    /** One backfill of the whole data set in its own JVM; prints one JSON line. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            String slots = args[0];
            String codec = args[1];
            Path raw = Paths.get(args[2]);
            Path out = Paths.get(args[3]);
            // More job settings, key=value,key=value, e.g. lake.dictionary-encoding=true.
            String settings = args.length > 4 ? args[4] : "";
            String warmUpFolders = args.length > 5 ? args[5] : "00-01";
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean)
                            ManagementFactory.getOperatingSystemMXBean();
            // A first, smaller backfill (2 of the 8 folders of each entity) compiles the hot
            // code: a real backfill runs for hours, and the JIT's CPU in the first minute (a
            // C2 compiler thread was the busiest thread in a profile of a cold 1-minute run)
            // is not what it costs per byte.
            long cpu0 = os.getProcessCpuTime();
            BackfillRunner.fromConfig(
                            config(
                                    raw,
                                    out.resolve("warm-up"),
                                    warmUpFolders,
                                    codec,
                                    slots,
                                    settings))
                    .run();
            double warmUpCpu = (os.getProcessCpuTime() - cpu0) / 1e9;
            BenchData.deleteTree(out.resolve("warm-up"));
            cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            BackfillSummary summary =
                    BackfillRunner.fromConfig(config(raw, out, "all", codec, slots, settings))
                            .run();
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("run", slots + "-" + codec);
            result.put("warm_up_cpu_s", BenchResults.round(warmUpCpu, 1));
            result.put("wall_s", BenchResults.round(wall, 1));
            result.put("cpu_s", BenchResults.round(cpu, 1));
            result.put("rows", summary.rows());
            result.put("dead_letters", summary.deadLetters());
            System.out.println(new ObjectMapper().writeValueAsString(result));
            System.exit(0);
        }

        private static LakeJobConfig config(
                Path raw, Path out, String folders, String codec, String slots, String settings) {
            LakeJobConfigBuilder b =
                    LakeJobConfig.builder()
                            .set("mode", "backfill")
                            .set("source.path", raw.toUri().toString())
                            .set("lake.path", out.resolve("lake").toUri().toString())
                            .set("deadletter.path", out.resolve("deadletter").toUri().toString())
                            .set("backfill.folders", folders)
                            .set("backfill.folders-per-job", "512")
                            .set("lake.compression", codec)
                            .set("parallelism", slots);
            for (String setting : settings.split(",")) {
                if (!setting.isBlank()) {
                    String[] kv = setting.split("=", 2);
                    b.set(kv[0].trim(), kv[1].trim());
                }
            }
            return b.build();
        }
    }
}
