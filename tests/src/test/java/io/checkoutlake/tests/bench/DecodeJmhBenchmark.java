package io.checkoutlake.tests.bench;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.checkoutlake.functions.decode.DecodeException;
import io.checkoutlake.functions.decode.DecodeOutcome;
import io.checkoutlake.functions.decode.DocumentDecoder;
import io.checkoutlake.functions.decode.RawText;
import io.checkoutlake.functions.model.Entity;
import io.checkoutlake.functions.path.RawObjectPath;
import io.checkoutlake.functions.schema.LakeSchemas;
import io.checkoutlake.tools.generator.GeneratedObject;
import io.checkoutlake.tools.generator.GeneratorSettings;
import io.checkoutlake.tools.generator.RawDocumentGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Decode throughput by document size (JMH): raw bytes and object URI to the typed Avro row, as
 * {@code DecodeDocuments} does it, split into its JSON parse and the rest, and the Avro binary
 * serialisation the job's shuffle adds. Each invocation handles a batch of {@link #BATCH} distinct
 * generated documents (valid, uncompressed, seed fixed), so scores are documents per second; MB/s
 * is documents per second times the batch's mean raw size (MB = 10^6 bytes). Not a test:
 *
 * <pre>
 * mvn -B -ntp -pl tests -am verify -Dit.test=DecodeJmhBenchmark -Dtest=NONE \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dspotless.check.skip=true \
 *     [-Dbench.jmh.quick=true] [-Dbench.jmh.forks=1] [-Dbench.jmh.warmup=6x1s] \
 *     [-Dbench.jmh.measurement=3x2s] [-Dbench.jmh.sizes=6k,64k] [-Dbench.jmh.methods=decode]
 * </pre>
 *
 * Results go to {@link BenchResults} as {@code decode-jmh}, one line per (method, size class).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DecodeJmhBenchmark {
    /** Documents per benchmark invocation (the operations of {@link OperationsPerInvocation}). */
    static final int BATCH = 64;

    static final long SEED = 20261204L;

    /** The job's default {@code document.max-bytes} (16mb). */
    static final long MAX_DOCUMENT_BYTES = 16L * 1024 * 1024;

    /** What the job's fetcher hands the decoder: the object's full URI. */
    static final String URI_PREFIX = "s3://raw-bucket/raw/";

    /**
     * Size classes: name → generator's {min, max} document bytes. The generator's smallest order
     * (one item, no optional sections) takes 5.5 to 7 KB, so the smallest class averages ~6.7 KB.
     */
    static final Map<String, int[]> SIZE_CLASSES = new LinkedHashMap<>();

    static {
        SIZE_CLASSES.put("6k", new int[] {0, GeneratorSettings.SMALLEST_MAX_DOCUMENT_BYTES});
        SIZE_CLASSES.put("12k", new int[] {11_000, 13_000});
        SIZE_CLASSES.put("20k", new int[] {19_000, 21_000});
        SIZE_CLASSES.put("64k", new int[] {60_000, 68_000});
    }

    @Param({"6k", "12k", "20k", "64k"})
    public String sizeClass;

    private String[] uris;
    private byte[][] stored;
    private DocumentDecoder decoder;
    private ObjectMapper mapper;
    private GenericRecord[] rows;
    private Entity[] entities;
    private Map<Entity, GenericDatumWriter<GenericRecord>> writers;
    private ByteArrayOutputStream buffer;
    private BinaryEncoder encoder;

    /** The {@link #BATCH} documents of a size class; the same bytes on every call. */
    static List<GeneratedObject> documents(String sizeClass) {
        int[] bounds = SIZE_CLASSES.get(sizeClass);
        if (bounds == null) {
            throw new IllegalArgumentException(
                    "unknown size class "
                            + sizeClass
                            + ", expected one of "
                            + SIZE_CLASSES.keySet());
        }
        GeneratorSettings settings =
                GeneratorSettings.builder()
                        .seed(SEED)
                        .badShare(0)
                        .gzipShare(0)
                        .minDocumentBytes(bounds[0])
                        .maxDocumentBytes(bounds[1])
                        .build();
        return new RawDocumentGenerator(settings).next(BATCH);
    }

    /** A mapper configured as DocumentDecoder's own, for the parse alone. */
    static ObjectMapper documentMapper() {
        ObjectMapper mapper = new ObjectMapper();
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.getFactory()
                .setStreamReadConstraints(
                        StreamReadConstraints.builder()
                                .maxNestingDepth(1000)
                                .maxStringLength((int) MAX_DOCUMENT_BYTES)
                                .build());
        return mapper;
    }

    static double meanBytes(List<GeneratedObject> documents) {
        return documents.stream().mapToInt(GeneratedObject::size).average().orElse(0);
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        List<GeneratedObject> docs = documents(sizeClass);
        uris = new String[BATCH];
        stored = new byte[BATCH][];
        for (int i = 0; i < BATCH; i++) {
            uris[i] = URI_PREFIX + docs.get(i).key();
            stored[i] = docs.get(i).bytes();
        }
        decoder = DocumentDecoder.withLegacyRules(MAX_DOCUMENT_BYTES);
        mapper = documentMapper();
        writers = new EnumMap<>(Entity.class);
        for (Entity e : Entity.values()) {
            writers.put(e, new GenericDatumWriter<>(LakeSchemas.of(e)));
        }
        buffer = new ByteArrayOutputStream(256 * 1024);
        rows = new GenericRecord[BATCH];
        entities = new Entity[BATCH];
        for (int i = 0; i < BATCH; i++) {
            DecodeOutcome outcome = decoder.decode(uris[i], stored[i], System.currentTimeMillis());
            if (!outcome.isRow()) {
                throw new IllegalStateException(
                        uris[i] + " became a dead letter: " + outcome.deadLetter().reason);
            }
            rows[i] = outcome.row();
            entities[i] = outcome.entity();
            encode(entities[i], rows[i]);
        }
    }

    /** The JSON parse alone: raw bytes to document bytes, then to Jackson's tree. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void parse(Blackhole bh) throws IOException, DecodeException {
        for (int i = 0; i < BATCH; i++) {
            byte[] document =
                    RawText.documentBytes(
                            stored[i], RawObjectPath.isGzipName(uris[i]), MAX_DOCUMENT_BYTES);
            bh.consume(mapper.readTree(document));
        }
    }

    /** As {@code DecodeDocuments} does it: URI + raw bytes to the typed row. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void decode(Blackhole bh) {
        for (int i = 0; i < BATCH; i++) {
            bh.consume(decoder.decode(uris[i], stored[i], System.currentTimeMillis()).row());
        }
    }

    /** Decode, then the row's Avro binary encoding, as the shuffle to the sinks needs it. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void decodeAndSerialize(Blackhole bh) throws IOException {
        for (int i = 0; i < BATCH; i++) {
            DecodeOutcome outcome = decoder.decode(uris[i], stored[i], System.currentTimeMillis());
            bh.consume(encode(outcome.entity(), outcome.row()));
        }
    }

    /** The Avro binary encoding of already decoded rows alone (MB/s still of their raw JSON). */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void serialize(Blackhole bh) throws IOException {
        for (int i = 0; i < BATCH; i++) {
            bh.consume(encode(entities[i], rows[i]));
        }
    }

    /** Encodes {@code row} into the reused buffer; returns its encoded size. */
    private int encode(Entity entity, GenericRecord row) throws IOException {
        buffer.reset();
        encoder = EncoderFactory.get().binaryEncoder(buffer, encoder);
        writers.get(entity).write(row, encoder);
        encoder.flush();
        return buffer.size();
    }

    /** JUnit entry point: runs the benchmarks above in forked JVMs and records the results. */
    @Test
    void run() throws Exception {
        boolean quick = Boolean.getBoolean("bench.jmh.quick");
        int forks = Integer.getInteger("bench.jmh.forks", 1);
        // Quick: enough for a smoke run; three measurements so that JMH computes an error.
        int[] warmup = iterations("bench.jmh.warmup", quick ? "2x1s" : "6x1s");
        int[] measurement = iterations("bench.jmh.measurement", quick ? "3x1s" : "3x2s");
        String[] sizes = System.getProperty("bench.jmh.sizes", "6k,12k,20k,64k").split(",");
        String methods =
                System.getProperty(
                        "bench.jmh.methods", "parse,decode,decodeAndSerialize,serialize");

        Map<String, Double> meanBytes = new LinkedHashMap<>();
        for (String size : sizes) {
            meanBytes.put(size, meanBytes(documents(size)));
        }
        ChainedOptionsBuilder options =
                new OptionsBuilder()
                        .include(
                                DecodeJmhBenchmark.class.getName()
                                        + "\\.("
                                        + methods.replace(',', '|')
                                        + ")$")
                        .param("sizeClass", sizes)
                        .forks(forks)
                        .warmupIterations(warmup[0])
                        .warmupTime(TimeValue.seconds(warmup[1]))
                        .measurementIterations(measurement[0])
                        .measurementTime(TimeValue.seconds(measurement[1]))
                        .threads(1)
                        .shouldFailOnError(true)
                        // Explicit, so that the forks do not inherit failsafe's -Xmx3g and opens.
                        .jvmArgs(
                                System.getProperty(
                                                "bench.jmh.jvmArgs",
                                                "-Xms1g -Xmx1g"
                                                        + " --add-opens=java.base/java.util=ALL-UNNAMED")
                                        .trim()
                                        .split("\\s+"));
        Collection<RunResult> results = new Runner(options.build()).run();
        if (results.isEmpty()) {
            throw new AssertionError("JMH ran no benchmark");
        }

        System.out.printf(
                "%n%-20s %-6s %10s %12s %10s %12s%n",
                "method", "size", "avg bytes", "docs/s", "MB/s", "± docs/s");
        for (RunResult r : results) {
            String benchmark = r.getParams().getBenchmark();
            String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            String size = r.getParams().getParam("sizeClass");
            Result<?> primary = r.getPrimaryResult();
            double docsPerSecond = primary.getScore();
            double error = primary.getScoreError();
            double avgBytes = meanBytes.get(size);
            double mbPerSecond = docsPerSecond * avgBytes / 1e6;
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("method", method);
            fields.put("size_class", size);
            fields.put("avg_doc_bytes", Math.round(avgBytes));
            fields.put("docs_per_s", BenchResults.round(docsPerSecond, 1));
            fields.put("mb_per_s", BenchResults.round(mbPerSecond, 2));
            // NaN with fewer than three measurements; JSON has no NaN.
            fields.put("error", Double.isNaN(error) ? null : BenchResults.round(error, 1));
            fields.put("unit", primary.getScoreUnit().replace("ops", "docs"));
            fields.put("forks", forks);
            fields.put("warmup", warmup[0] + "x" + warmup[1] + "s");
            fields.put("measurement", measurement[0] + "x" + measurement[1] + "s");
            BenchResults.record("decode-jmh", fields);
            System.out.printf(
                    Locale.ROOT,
                    "%-20s %-6s %10.0f %12.1f %10.2f %12.1f%n",
                    method,
                    size,
                    avgBytes,
                    docsPerSecond,
                    mbPerSecond,
                    error);
        }
    }

    /** {@code <iterations>x<seconds>s}, e.g. {@code 3x3s}. */
    private static int[] iterations(String property, String fallback) {
        String text = System.getProperty(property, fallback).trim();
        String[] parts = text.split("x");
        if (parts.length != 2 || !parts[1].endsWith("s")) {
            throw new IllegalArgumentException(
                    property + ": expected <iterations>x<seconds>s, e.g. 3x3s, got " + text);
        }
        return Arrays.stream(new String[] {parts[0], parts[1].substring(0, parts[1].length() - 1)})
                .mapToInt(Integer::parseInt)
                .toArray();
    }
}
