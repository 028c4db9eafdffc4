package io.checkoutlake.tests.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.checkoutlake.functions.model.Entity;
import io.checkoutlake.job.config.LakeOptions;
import io.checkoutlake.tests.ChildProcess;
import io.checkoutlake.tests.LakeContents;
import io.checkoutlake.tests.kinesis.MotoServerExtension;
import io.checkoutlake.tests.kinesis.S3Notifications;
import io.checkoutlake.tests.s3.FaultInjectingS3Proxy;
import io.checkoutlake.tests.s3.FaultInjectingS3Proxy.Exchange;
import io.checkoutlake.tests.s3.FaultInjectingS3Proxy.Operation;
import io.checkoutlake.tests.s3.S3ProxyExtension;
import io.checkoutlake.tools.generator.GeneratedObject;
import io.checkoutlake.tools.generator.GeneratorSettings;
import io.checkoutlake.tools.generator.RawDocumentGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;

/**
 * Throughput on the raw bucket's small objects (one 5–20 KB object per order version) from a real
 * S3 API server with a latency on every request: S3Proxy as its own process, behind {@link
 * FaultInjectingS3Proxy} adding {@code bench.s3.latency-ms} (20) to each request the job makes. The
 * job runs as {@code java -jar checkout-lake.jar} ({@link ChildProcess}), once per source kind:
 *
 * <ul>
 *   <li>{@code files}: {@code --mode backfill} over the raw folders present, until it exits;
 *   <li>{@code s3-events}: {@code --mode stream} reading one object-created notification per object
 *       from moto's Kinesis (all put before the start), until every row is committed in the lake.
 * </ul>
 *
 * <p>Reports documents per second of wall time and per CPU-second of the job process (user and
 * system time of all its threads, from process start, so JVM start-up and the MiniCluster count),
 * and the S3 requests the proxy saw, to {@link BenchResults} under {@code s3-small-objects}; also
 * the steady state apart from start-up and JIT ({@code startup_cpu_s}: the process's CPU before the
 * first GET; {@code jit_cpu_s} and {@code gc_cpu_s}: its compiler and collector threads' CPU after
 * it; {@code docs_per_cpu_s_steady}: documents per CPU-second less start-up and JIT), and the raw
 * objects' {@code gets} and {@code heads}. The lake ({@code s3a://lake/...}, through the same
 * proxy) is read back from S3Proxy's folder with DuckDB and must hold every document once. Not a
 * test; failsafe runs it only when named:
 *
 * <pre>
 * mvn -B -pl tests -am verify -Dit.test=S3SmallObjectsBenchmark -Dtest=NONE \
 *     -Dsurefire.failIfNoSpecifiedTests=false [-Dbench.s3.documents=50000] \
 *     [-Dbench.s3.latency-ms=20] [-Dbench.s3.fetch-concurrency=64] [-Dbench.s3.parallelism=2]
 * </pre>
 *
 * ({@code -Dit.test=S3SmallObjectsBenchmark#files} runs one kind.) Documents are uploaded straight
 * to S3Proxy, without the latency; their folders are spread over {@link BenchData#FOLDERS} raw
 * folders per entity as in the benchmarks' data set, with event times within one UTC day.
 */
class S3SmallObjectsBenchmark {
    private static final int DOCUMENTS = Integer.getInteger("bench.s3.documents", 50_000);
    private static final int LATENCY_MS = Integer.getInteger("bench.s3.latency-ms", 20);
    private static final int PARALLELISM = Integer.getInteger("bench.s3.parallelism", 2);

    /** Unset: the job's default, which the job is then left to pick. */
    private static final String FETCH_CONCURRENCY =
            System.getProperty("bench.s3.fetch-concurrency");

    private static final String CHECKPOINT_INTERVAL =
            System.getProperty("bench.s3.checkpoint-interval", "5s");
    private static final int TARGET_DOCS_PER_CPU_S = 2000;

    private static final String RAW = "raw";
    private static final String LAKE = "lake";
    private static final String PREFIX = "orders";
    private static final String STREAM = "raw-object-events";

    @RegisterExtension static final S3ProxyExtension S3 = new S3ProxyExtension(RAW, LAKE);
    @RegisterExtension static final MotoServerExtension MOTO = new MotoServerExtension();

    private static FaultInjectingS3Proxy proxy;
    private static List<String> keys;

    /** Each key's size, which the notifications carry as S3's do. */
    private static Map<String, Long> sizes;

    private static Map<Entity, Long> expectedRows;
    private static long rawBytes;

    @BeforeAll
    static void uploadDocuments() throws Exception {
        proxy = FaultInjectingS3Proxy.start(S3.endpoint());
        GeneratorSettings settings =
                GeneratorSettings.builder()
                        .seed(BenchData.SEED)
                        .badShare(0)
                        .gzipShare(0)
                        .eventTimeStart(BenchData.START)
                        .eventTimeEnd(BenchData.START.plus(Duration.ofDays(1)))
                        .build();
        List<GeneratedObject> objects = new RawDocumentGenerator(settings).next(DOCUMENTS);
        keys = new ArrayList<>();
        sizes = new HashMap<>();
        expectedRows = new EnumMap<>(Entity.class);
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        for (GeneratedObject o : objects) {
            String key = PREFIX + "/" + BenchData.folderOf(o.key());
            keys.add(key);
            sizes.put(key, (long) o.bytes().length);
            expectedRows.merge(o.entity(), 1L, Long::sum);
            rawBytes += o.size();
            bodies.put(key, o.bytes());
        }
        // Through the S3 API (S3A checks ETags), straight to S3Proxy: no latency.
        S3.putObjects(RAW, bodies);
        assertThat(new TreeSet<>(keys)).as("distinct raw keys").hasSize(DOCUMENTS);
    }

    @AfterAll
    static void stopProxy() throws IOException {
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void files() throws Exception {
        String folders =
                keys.stream()
                        .map(k -> k.split("/")[1])
                        .distinct()
                        .sorted()
                        .collect(Collectors.joining(","));
        Run run = new Run("files");
        List<String> args = run.commonArgs();
        args.addAll(List.of("--mode", "backfill", "--backfill.folders", folders));
        run.start(args);
        try (ChildProcess job = run.job;
                CpuSampler cpu = new CpuSampler(job)) {
            int exit = job.awaitExit(Duration.ofMinutes(10 + DOCUMENTS / 100));
            cpu.sample();
            run.finished(cpu);
            assertThat(exit).as("exit code of the backfill; see %s", run.log()).isZero();
        }
        run.assertLakeHoldsEveryDocument();
        run.record(Map.of());
    }

    @Test
    void s3Events() throws Exception {
        KinesisClient kinesis = MOTO.kinesis();
        MOTO.createStream(STREAM, PARALLELISM);
        List<PutRecordsRequestEntry> batch = new ArrayList<>();
        for (String key : keys) {
            batch.add(
                    PutRecordsRequestEntry.builder()
                            .partitionKey(key)
                            .data(
                                    SdkBytes.fromUtf8String(
                                            S3Notifications.s3Notification(
                                                    "ObjectCreated:Put", RAW, key, sizes.get(key))))
                            .build());
            if (batch.size() == 500) {
                putRecords(kinesis, batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            putRecords(kinesis, batch);
        }

        Run run = new Run("s3-events");
        List<String> args = run.commonArgs();
        args.addAll(
                List.of(
                        "--mode",
                        "stream",
                        "--source.kind",
                        "s3-events",
                        "--kinesis.stream",
                        STREAM,
                        "--aws.region",
                        "us-east-1",
                        "--aws.endpoint",
                        MOTO.endpoint().toString(),
                        "--checkpoint.interval",
                        CHECKPOINT_INTERVAL));
        run.start(args);
        try (ChildProcess job = run.job;
                CpuSampler cpu = new CpuSampler(job)) {
            Map<Path, Long> rowsByFile = new HashMap<>();
            BooleanSupplier allCommitted =
                    () -> {
                        try {
                            return committedRows(run.lake(), rowsByFile) >= DOCUMENTS;
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    };
            assertThat(
                            job.awaitWhileRunning(
                                    allCommitted,
                                    Duration.ofMinutes(10 + DOCUMENTS / 100),
                                    Duration.ofMillis(250)))
                    .as(
                            "%d of %d rows committed in time; see %s",
                            rowsByFile.values().stream().mapToLong(Long::longValue).sum(),
                            DOCUMENTS,
                            run.log())
                    .isTrue();
            cpu.sample();
            run.finished(cpu);
        }
        run.assertLakeHoldsEveryDocument();
        run.record(Map.of("checkpoint_interval", CHECKPOINT_INTERVAL));
    }

    /** One run of the job jar against the delayed S3, and what it measured. */
    private static final class Run {
        final String kind;
        final Path dir;
        int firstExchange;
        long startNanos;
        ChildProcess job;
        double wallSeconds;
        double cpuSeconds;
        CpuSampler cpu;

        Run(String kind) throws IOException {
            this.kind = kind;
            this.dir = Paths.get("target", "bench", "s3-small-objects", kind).toAbsolutePath();
            BenchData.deleteTree(dir);
            Files.createDirectories(dir);
        }

        List<String> commonArgs() {
            List<String> args =
                    new ArrayList<>(
                            List.of(
                                    "--source.path",
                                    "s3a://" + RAW + "/" + PREFIX,
                                    "--lake.path",
                                    "s3a://" + LAKE + "/" + kind + "/lake",
                                    "--deadletter.path",
                                    "s3a://" + LAKE + "/" + kind + "/deadletter",
                                    "--s3.endpoint",
                                    proxy.endpoint().toString(),
                                    "--s3.path-style-access",
                                    "true",
                                    "--checkpoint.dir",
                                    dir.resolve("checkpoints").toUri().toString(),
                                    "--parallelism",
                                    Integer.toString(PARALLELISM),
                                    "--rest.port",
                                    "0"));
            if (FETCH_CONCURRENCY != null) {
                args.addAll(List.of("--fetch.concurrency", FETCH_CONCURRENCY));
            }
            return args;
        }

        void start(List<String> args) throws IOException {
            firstExchange = proxy.exchanges().size();
            proxy.delayEach(Duration.ofMillis(LATENCY_MS));
            startNanos = System.nanoTime();
            job =
                    ChildProcess.startJobJar(
                            dir, S3ProxyExtension.jobEnvironment(), args.toArray(new String[0]));
        }

        void finished(CpuSampler cpu) {
            this.cpu = cpu;
            wallSeconds = (System.nanoTime() - startNanos) / 1e9;
            cpuSeconds = cpu.last().toNanos() / 1e9;
            proxy.delayEach(Duration.ZERO);
        }

        Path log() {
            return dir.resolve("job.log");
        }

        Path lake() {
            return S3.bucketDir(LAKE).resolve(kind).resolve("lake");
        }

        /**
         * DuckDB over the committed Parquet files: every document once as a row, no dead letter.
         */
        void assertLakeHoldsEveryDocument() throws Exception {
            LakeContents.assertHolds(lake(), expectedRows);
            assertThat(
                            LakeContents.deadLetters(
                                    S3.bucketDir(LAKE).resolve(kind).resolve("deadletter")))
                    .as("dead letters")
                    .isEmpty();
        }

        void record(Map<String, ?> extra) {
            List<Exchange> all = proxy.exchanges();
            List<Exchange> exchanges = all.subList(firstExchange, all.size());
            List<Exchange> gets =
                    exchanges.stream()
                            .filter(
                                    e ->
                                            e.operation == Operation.GET_OBJECT
                                                    && RAW.equals(e.bucket))
                            .collect(Collectors.toList());
            List<Exchange> reads =
                    exchanges.stream()
                            .filter(
                                    e ->
                                            RAW.equals(e.bucket)
                                                    && (e.operation == Operation.GET_OBJECT
                                                            || e.operation
                                                                    == Operation.HEAD_OBJECT))
                            .collect(Collectors.toList());
            long heads = reads.size() - gets.size();
            List<Long> getMillis =
                    gets.stream().map(e -> e.millis).sorted().collect(Collectors.toList());
            List<Long> listMillis =
                    exchanges.stream()
                            .filter(e -> e.operation == Operation.LIST_OBJECTS)
                            .map(e -> e.millis)
                            .sorted()
                            .collect(Collectors.toList());
            long firstGet = gets.stream().mapToLong(e -> e.startNanos).min().orElse(0);
            long lastGet =
                    gets.stream()
                            .mapToLong(e -> e.startNanos + e.millis * 1_000_000)
                            .max()
                            .orElse(0);
            double fetchSeconds = (lastGet - firstGet) / 1e9;
            int concurrency =
                    FETCH_CONCURRENCY != null
                            ? Integer.parseInt(FETCH_CONCURRENCY)
                            : LakeOptions.FETCH_CONCURRENCY.defaultValue();

            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("source_kind", kind);
            fields.put("latency_ms", LATENCY_MS);
            fields.put("documents", DOCUMENTS);
            fields.put("raw_mb", BenchResults.round(rawBytes / 1e6, 1));
            fields.put("fetch_concurrency", concurrency);
            fields.put("parallelism", PARALLELISM);
            fields.put("wall_s", BenchResults.round(wallSeconds, 1));
            fields.put("cpu_s", BenchResults.round(cpuSeconds, 1));
            fields.put("docs_per_s_wall", BenchResults.round(DOCUMENTS / wallSeconds, 0));
            fields.put("docs_per_cpu_s", BenchResults.round(DOCUMENTS / cpuSeconds, 0));
            fields.put("target_docs_per_cpu_s", TARGET_DOCS_PER_CPU_S);
            // What the fetch stage's concurrency allows at one GET per document.
            fields.put("fetch_cap_docs_per_s", PARALLELISM * concurrency * 1000 / LATENCY_MS);
            fields.put("s3_get_requests", gets.size());
            fields.put("s3_head_requests", heads);
            fields.put("s3_list_requests", listMillis.size());
            fields.put("s3_requests", exchanges.size());
            fields.put(
                    "peak_gets_in_flight",
                    FaultInjectingS3Proxy.peakInFlight(gets, EnumSet.of(Operation.GET_OBJECT)));
            // GETs and HEADs together: S3A opens an object of unknown size with a HEAD first.
            fields.put(
                    "peak_reads_in_flight",
                    FaultInjectingS3Proxy.peakInFlight(
                            reads, EnumSet.of(Operation.GET_OBJECT, Operation.HEAD_OBJECT)));
            // Head to end of answer as the proxy saw it, the added latency included.
            fields.put("get_ms_p50", BenchResults.percentile(getMillis, 50));
            fields.put("get_ms_p90", BenchResults.percentile(getMillis, 90));
            fields.put("list_ms_p50", BenchResults.percentile(listMillis, 50));
            fields.put("fetch_window_s", BenchResults.round(fetchSeconds, 1));
            // The job's CPU between its first and last GET: past start-up, not past the JIT.
            double fetchCpu = cpu.between(firstGet, lastGet).toNanos() / 1e9;
            fields.put("cpu_s_fetching", BenchResults.round(fetchCpu, 1));
            fields.put(
                    "docs_per_cpu_s_fetching",
                    BenchResults.round(fetchCpu > 0 ? gets.size() / fetchCpu : 0, 0));
            fields.put(
                    "docs_per_s_fetching",
                    BenchResults.round(fetchSeconds > 0 ? gets.size() / fetchSeconds : 0, 0));
            // The steady state: the process's CPU less its start-up (everything before the first
            // GET: JVM, MiniCluster, job graph, first listing) and less the JIT compiler threads'
            // CPU after that, which a long-running job pays once.
            double startupCpu = cpu.before(firstGet).toNanos() / 1e9;
            fields.put("startup_cpu_s", BenchResults.round(startupCpu, 1));
            Optional<Duration> jit = cpu.jitSince(firstGet);
            Optional<Duration> gc = cpu.gcSince(firstGet);
            if (jit.isPresent() && gc.isPresent()) {
                double jitCpu = jit.get().toNanos() / 1e9;
                double steadyCpu = cpuSeconds - startupCpu - jitCpu;
                fields.put("jit_cpu_s", BenchResults.round(jitCpu, 1));
                // Part of the steady state (a long run collects too), shown to say how much.
                fields.put("gc_cpu_s", BenchResults.round(gc.get().toNanos() / 1e9, 1));
                fields.put(
                        "docs_per_cpu_s_steady",
                        BenchResults.round(steadyCpu > 0 ? DOCUMENTS / steadyCpu : 0, 0));
            }
            // Of the raw objects, as report.py reads them: one GET and no HEAD per document when
            // the size comes with the listing or the notification.
            fields.put("gets", gets.size());
            fields.put("heads", heads);
            fields.putAll(extra);
            BenchResults.record("s3-small-objects", fields);
        }
    }

    /**
     * Rows in the lake's committed Parquet files, from their footers; a file that cannot be read
     * yet is counted on a later call.
     */
    private static long committedRows(Path lake, Map<Path, Long> rowsByFile) throws IOException {
        for (Entity e : Entity.values()) {
            for (Path file : LakeContents.committedFiles(lake.resolve(e.table()), ".parquet")) {
                if (rowsByFile.containsKey(file)) {
                    continue;
                }
                try {
                    rowsByFile.put(file, LakeContents.footerRows(file));
                } catch (IOException | RuntimeException notYet) {
                    // Being written by S3Proxy: read it next time.
                }
            }
        }
        return rowsByFile.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * The job process's CPU time, read every 100 ms while it runs: the operating system forgets it
     * when the process ends, so the last reading stands for the whole run. On Linux also the CPU of
     * its JIT compiler threads ({@code C1/C2 CompilerThread*}) and garbage collector threads
     * ({@code GC Thread*}, {@code G1 *}), from {@code /proc/<pid>/task/<tid>/stat}: the job is a
     * process of its own, so no MXBean of this JVM sees them. A thread's CPU counts up to its last
     * reading, so a compiler thread that HotSpot stops (it starts and stops them as the queue grows
     * and shrinks) loses at most the 100 ms since.
     */
    private static final class CpuSampler implements AutoCloseable {
        /** USER_HZ: the unit of utime and stime in /proc, 100 on every Linux of note. */
        private static final long NANOS_PER_TICK = 10_000_000L;

        private static final int JIT = 0;
        private static final int GC = 1;

        private final ChildProcess job;
        private final AtomicLong lastNanos = new AtomicLong();

        /** System.nanoTime() of each reading to the CPU time read. */
        private final ConcurrentSkipListMap<Long, Long> readings = new ConcurrentSkipListMap<>();

        /** System.nanoTime() of each reading to the JIT and GC threads' CPU nanoseconds then. */
        private final ConcurrentSkipListMap<Long, long[]> threadReadings =
                new ConcurrentSkipListMap<>();

        /** Thread id and name to its latest CPU ticks, for the JIT and GC threads. */
        private final Map<String, long[]> threadTicks = new HashMap<>();

        private final Thread thread;

        CpuSampler(ChildProcess job) {
            this.job = job;
            this.thread =
                    new Thread(
                            () -> {
                                while (true) {
                                    sample();
                                    try {
                                        Thread.sleep(100);
                                    } catch (InterruptedException e) {
                                        return;
                                    }
                                }
                            },
                            "job-cpu-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        /** Reads the CPU time now (if the process runs); the latest reading. */
        synchronized Duration sample() {
            long now = System.nanoTime();
            job.cpuTime()
                    .ifPresent(
                            d -> {
                                long cpu = lastNanos.accumulateAndGet(d.toNanos(), Math::max);
                                readings.put(now, cpu);
                                long[] jitAndGc = jitAndGcNanos();
                                if (jitAndGc != null) {
                                    threadReadings.put(now, jitAndGc);
                                }
                            });
            return last();
        }

        /** The JIT and GC threads' CPU so far, or null without a readable /proc. */
        private long[] jitAndGcNanos() {
            Path tasks = Paths.get("/proc", Long.toString(job.pid()), "task");
            try (DirectoryStream<Path> dir = Files.newDirectoryStream(tasks)) {
                for (Path task : dir) {
                    String stat;
                    try {
                        stat = Files.readString(task.resolve("stat"));
                    } catch (IOException ended) {
                        continue;
                    }
                    // pid (comm) state ppid ... : comm may hold spaces, so split after its ')'.
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    int kind =
                            comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")
                                    ? JIT
                                    : comm.startsWith("GC Thread") || comm.startsWith("G1 ")
                                            ? GC
                                            : -1;
                    if (kind < 0) {
                        continue;
                    }
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    // utime and stime: fields 14 and 15 of stat, 12 and 13 after the comm.
                    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    long[] seen =
                            threadTicks.computeIfAbsent(
                                    task.getFileName() + " " + comm, k -> new long[] {kind, 0});
                    seen[1] = Math.max(seen[1], ticks);
                }
            } catch (IOException | RuntimeException e) {
                return null;
            }
            long[] nanos = new long[2];
            for (long[] seen : threadTicks.values()) {
                nanos[(int) seen[0]] += seen[1] * NANOS_PER_TICK;
            }
            return nanos;
        }

        /** CPU time used between two System.nanoTime() instants, from the nearest readings. */
        Duration between(long fromNanos, long toNanos) {
            Map.Entry<Long, Long> from = readings.floorEntry(fromNanos);
            Map.Entry<Long, Long> to = readings.ceilingEntry(toNanos);
            if (to == null) {
                to = readings.lastEntry();
            }
            long start = from == null ? 0 : from.getValue();
            return Duration.ofNanos(to == null ? 0 : Math.max(0, to.getValue() - start));
        }

        /** The process's CPU time at its last reading before {@code nanos}. */
        Duration before(long nanos) {
            Map.Entry<Long, Long> at = readings.floorEntry(nanos);
            return Duration.ofNanos(at == null ? 0 : at.getValue());
        }

        /** JIT compiler threads' CPU from {@code fromNanos} to the end; empty without /proc. */
        Optional<Duration> jitSince(long fromNanos) {
            return threadsSince(fromNanos, JIT);
        }

        /**
         * Garbage collector threads' CPU from {@code fromNanos} to the end; empty without /proc.
         */
        Optional<Duration> gcSince(long fromNanos) {
            return threadsSince(fromNanos, GC);
        }

        private Optional<Duration> threadsSince(long fromNanos, int kind) {
            Map.Entry<Long, long[]> last = threadReadings.lastEntry();
            if (last == null) {
                return Optional.empty();
            }
            Map.Entry<Long, long[]> from = threadReadings.floorEntry(fromNanos);
            long start = from == null ? 0 : from.getValue()[kind];
            return Optional.of(Duration.ofNanos(Math.max(0, last.getValue()[kind] - start)));
        }

        Duration last() {
            return Duration.ofNanos(lastNanos.get());
        }

        @Override
        public void close() {
            thread.interrupt();
        }
    }

    /** One PutRecords call (at most 500 records); fails if any record was not put. */
    private static void putRecords(KinesisClient kinesis, List<PutRecordsRequestEntry> batch)
            throws IOException {
        PutRecordsResponse result = kinesis.putRecords(r -> r.streamName(STREAM).records(batch));
        if (result.failedRecordCount() != null && result.failedRecordCount() != 0) {
            throw new IOException("PutRecords: " + result);
        }
    }
}
