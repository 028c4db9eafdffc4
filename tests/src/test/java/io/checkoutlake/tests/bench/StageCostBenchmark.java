package io.checkoutlake.tests.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.checkoutlake.functions.decode.DecodeException;
import io.checkoutlake.functions.decode.DecodeOutcome;
import io.checkoutlake.functions.decode.DocumentDecoder;
import io.checkoutlake.functions.decode.RawText;
import io.checkoutlake.functions.model.Entity;
import io.checkoutlake.functions.path.RawObjectPath;
import io.checkoutlake.functions.path.RawObjectUris;
import io.checkoutlake.functions.schema.LakeSchemas;
import io.checkoutlake.functions.time.EventTimePeek;
import io.checkoutlake.job.commit.PartitionCatalog;
import io.checkoutlake.job.commit.PartitionCommitter;
import io.checkoutlake.job.coverage.BackfillMarker;
import io.checkoutlake.job.coverage.BackfillMarkers;
import io.checkoutlake.job.fetch.FlinkFileSystemFetcher;
import io.checkoutlake.job.sink.BackfillFile;
import io.checkoutlake.job.sink.BufferedFsDataOutputStream;
import io.checkoutlake.job.sink.LakeParquetWriters;
import io.checkoutlake.job.sink.ParquetCompression;
import io.checkoutlake.job.sink.ParquetSettings;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.formats.avro.typeutils.GenericRecordAvroTypeInfo;
import org.apache.flink.formats.parquet.ParquetWriterFactory;
import org.junit.jupiter.api.Test;

/**
 * Where a backfill's CPU goes per document: each stage of the backfill path measured alone, in this
 * thread's CPU time ({@link ThreadMXBean#getCurrentThreadCpuTime}), on a sample of the seeded data
 * set ({@link BenchData#standard()}), spread over all its raw folders. Each stage is warmed up,
 * then measured over several rounds; the median round counts. The stages, in the order the rows are
 * recorded (benchmark {@code stage-costs}, fields {@code stage}, {@code us_per_doc}, {@code bound},
 * read by report.py's "Where the time goes per document"):
 *
 * <ol>
 *   <li>fetch: the raw object's bytes through the job's {@link FlinkFileSystemFetcher} (local);
 *   <li>parse: {@link RawText#documentBytes} and Jackson's tree of the document;
 *   <li>decode, restructure, type: {@link DocumentDecoder#decode} as {@code DecodeDocuments} calls
 *       it, less the parse above (which it repeats);
 *   <li>sort hand-off: the two Avro round trips (shuffle, then the sorter) a row makes through
 *       batch execution's sort, with the job's {@link GenericRecordAvroTypeInfo} serializer;
 *   <li>Parquet per row: rows through the job's Parquet writer into one large in-memory file, less
 *       the file's fixed cost;
 *   <li>Parquet per file: opening, finishing and renaming one local file as {@code
 *       SortedPartitionWriter} does, with the buffered stream, at the data set's rows per (table,
 *       day, raw folder) key; a second row gives the sparse case (one document per file), which is
 *       not in the sum;
 *   <li>commit: per file, the partition commit's footer read and manifest ({@link
 *       PartitionCommitter}) and the folder's backfill marker.
 * </ol>
 *
 * Only this thread's CPU counts: the garbage collector's and the JIT's threads are not in it (the
 * whole-job benchmark, {@link BackfillThroughputBenchmark}, has them). Row stages count per row: 1%
 * of the documents are dead letters and take no row. Not a test:
 *
 * <pre>
 * mvn -B -pl tests verify -Dit.test=StageCostBenchmark -Dtest=NONE \
 *     -Dsurefire.failIfNoSpecifiedTests=false [-Dbench.jmh.quick=true] \
 *     [-Dbench.stages.sample=2048] [-Dbench.stages.rounds=7]
 * </pre>
 */
class StageCostBenchmark {
    static final String BENCHMARK = "stage-costs";

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** The job's default {@code document.max-bytes}, and the fetch limit the job derives. */
    private static final long MAX_DOCUMENT_BYTES = DecodeJmhBenchmark.MAX_DOCUMENT_BYTES;

    private static final int FETCH_LIMIT = (int) MAX_DOCUMENT_BYTES + 1;

    private static final DateTimeFormatter PARTITION =
            DateTimeFormatter.ofPattern("'YEAR='yyyy/'MONTH='MM/'DAY='dd").withZone(ZoneOffset.UTC);

    private final boolean quick = Boolean.getBoolean("bench.jmh.quick");
    private final int warmUps = Integer.getInteger("bench.stages.warmup", quick ? 2 : 4);
    private final int rounds = Integer.getInteger("bench.stages.rounds", quick ? 3 : 7);
    private final ParquetSettings parquet =
            new ParquetSettings(ParquetCompression.parse("zstd"), false);

    /** Keeps results alive so that the JIT cannot drop the work that made them. */
    private long sink;

    /** One stage's work over the whole sample; returns something derived from its results. */
    private interface Work {
        long run() throws Exception;
    }

    @Test
    void run() throws Exception {
        BenchData data = BenchData.standard();
        int sampleSize = Integer.getInteger("bench.stages.sample", quick ? 512 : 2_048);
        List<Path> all;
        try (Stream<Path> files = Files.walk(data.raw())) {
            all = files.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
        Shape shape = Shape.of(all);
        // Every k-th object in key order: all folders, both entities, all days.
        List<String> uris = new ArrayList<>();
        double step = Math.max(1.0, (double) all.size() / sampleSize);
        for (double i = 0; i < all.size() && uris.size() < sampleSize; i += step) {
            uris.add(uriOf(all.get((int) i)));
        }
        int docs = uris.size();

        List<Map<String, Object>> rows = new ArrayList<>();

        FlinkFileSystemFetcher fetcher = new FlinkFileSystemFetcher();
        byte[][] stored = new byte[docs][];
        double fetch =
                cpuNanos(
                        () -> {
                            long n = 0;
                            for (int i = 0; i < docs; i++) {
                                stored[i] = fetcher.fetch(uris.get(i), FETCH_LIMIT);
                                n += stored[i].length;
                            }
                            return n;
                        });
        rows.add(
                row(
                        "fetch (local)",
                        fetch / docs,
                        "open, read and close of one local file per object (Flink's"
                                + " LocalDataInputStream) and the byte array of the document"));

        ObjectMapper mapper = DecodeJmhBenchmark.documentMapper();
        double parse =
                cpuNanos(
                        () -> {
                            long n = 0;
                            for (int i = 0; i < docs; i++) {
                                try {
                                    byte[] document =
                                            RawText.documentBytes(
                                                    stored[i],
                                                    RawObjectPath.isGzipName(uris.get(i)),
                                                    MAX_DOCUMENT_BYTES);
                                    n += mapper.readTree(document).size();
                                } catch (DecodeException | IOException e) {
                                    n--; // a bad document of the 1%: a dead letter
                                }
                            }
                            return n;
                        });
        rows.add(
                row(
                        "parse",
                        parse / docs,
                        "Jackson's tree: a node object per value and a String per field name"
                                + " and text value; UTF-8 check and BOM skip are a byte loop"));

        DocumentDecoder decoder = DocumentDecoder.withLegacyRules(MAX_DOCUMENT_BYTES);
        Map<Entity, List<GenericRecord>> decoded = new EnumMap<>(Entity.class);
        for (Entity e : Entity.values()) {
            decoded.put(e, new ArrayList<>());
        }
        for (int i = 0; i < docs; i++) {
            DecodeOutcome o = decoder.decode(uris.get(i), stored[i], System.currentTimeMillis());
            if (o.isRow()) {
                decoded.get(o.entity()).add(o.row());
            }
        }
        int rowCount = decoded.values().stream().mapToInt(List::size).sum();
        double decode =
                cpuNanos(
                        () -> {
                            long n = 0;
                            long now = System.currentTimeMillis();
                            for (int i = 0; i < docs; i++) {
                                n += decoder.decode(uris.get(i), stored[i], now).isRow() ? 1 : 0;
                            }
                            return n;
                        });
        Map<String, Object> decodeRow =
                row(
                        "decode + restructure + type",
                        Math.max(0, decode - parse) / docs,
                        "SchemaTyper's per-field conversions into Avro records and the"
                                + " restructured JsonNode trees (the parse above is taken out)");
        decodeRow.put("full_decode_us_per_doc", BenchResults.round(decode / docs / 1e3, 2));
        rows.add(decodeRow);

        Map<Entity, TypeSerializer<GenericRecord>> serializers = new EnumMap<>(Entity.class);
        for (Entity e : Entity.values()) {
            // As the job's streams declare it (DecodeDocuments.rowsOf, RowMetrics' returns).
            serializers.put(
                    e,
                    new GenericRecordAvroTypeInfo(LakeSchemas.of(e))
                            .createSerializer(new ExecutionConfig()));
        }
        DataOutputSerializer out = new DataOutputSerializer(64 * 1024);
        DataInputDeserializer in = new DataInputDeserializer();
        double handOff =
                cpuNanos(
                        () -> {
                            long n = 0;
                            for (Entity e : Entity.values()) {
                                TypeSerializer<GenericRecord> s = serializers.get(e);
                                for (GenericRecord r : decoded.get(e)) {
                                    // the shuffle to the writer, then the sorter's buffer
                                    for (int trip = 0; trip < 2; trip++) {
                                        out.clear();
                                        s.serialize(r, out);
                                        in.setBuffer(out.getSharedBuffer(), 0, out.length());
                                        r = s.deserialize(in);
                                    }
                                    n += out.length();
                                }
                            }
                            return n;
                        });
        rows.add(
                perRow(
                        row(
                                "sort hand-off (2 Avro round trips)",
                                handOff / rowCount,
                                "Avro's GenericDatumWriter/Reader per field, resolveUnion on every"
                                        + " nullable field, a new record and Utf8 per read")));

        rows.addAll(parquetStages(decoded, rowCount, shape));

        for (Map<String, Object> r : rows) {
            r.put("sample_docs", docs);
            r.put("sample_rows", rowCount);
            r.put("data_set_docs", data.documents());
            r.put("rounds", rounds);
            BenchResults.record(BENCHMARK, r);
        }
        System.out.println("(ignore) " + sink);
    }

    private List<Map<String, Object>> parquetStages(
            Map<Entity, List<GenericRecord>> decoded, int rowCount, Shape shape) throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        Map<Entity, ParquetWriterFactory<GenericRecord>> writers = new EnumMap<>(Entity.class);
        for (Entity e : Entity.values()) {
            writers.put(e, LakeParquetWriters.forSchema(LakeSchemas.of(e), parquet));
        }
        List<Entity> entities =
                Arrays.stream(Entity.values())
                        .filter(e -> !decoded.get(e).isEmpty())
                        .collect(Collectors.toList());

        // The fixed cost of a file in memory, to take out of the many-rows file below.
        int filesPerRound = quick ? 6 : 16;
        double inMemoryFile =
                cpuNanos(
                                () -> {
                                    long n = 0;
                                    for (int f = 0; f < filesPerRound; f++) {
                                        Entity e = entities.get(f % entities.size());
                                        n += writeInMemory(writers.get(e), decoded.get(e), 1, 1);
                                    }
                                    return n;
                                })
                        / filesPerRound;
        int passes = quick ? 1 : 2;
        double manyRows =
                cpuNanos(
                        () -> {
                            long n = 0;
                            for (Entity e : entities) {
                                List<GenericRecord> r = decoded.get(e);
                                n += writeInMemory(writers.get(e), r, r.size(), passes);
                            }
                            return n;
                        });
        double perRow =
                Math.max(0, manyRows - entities.size() * inMemoryFile) / (rowCount * passes);
        rows.add(
                perRow(
                        row(
                                "Parquet per row",
                                perRow,
                                "parquet-avro's walk of every value into ~230 column writers,"
                                        + " String to UTF-8 Binary, then zstd of the pages")));

        // One local file as SortedPartitionWriter writes it: hidden name, buffered stream, rename.
        Path dir = Files.createTempDirectory("stage-costs");
        int[] fileNumber = {0};
        double perFile =
                cpuNanos(
                                () -> {
                                    long n = 0;
                                    for (int f = 0; f < filesPerRound; f++) {
                                        Entity e = entities.get(f % entities.size());
                                        n +=
                                                writeLocalFile(
                                                        dir.resolve("f" + fileNumber[0]++),
                                                        writers.get(e),
                                                        decoded.get(e).subList(0, 1));
                                    }
                                    return n;
                                })
                        / filesPerRound;
        // The one row in each file belongs to the per-row stage.
        perFile = Math.max(0, perFile - perRow);
        BenchData.deleteTree(dir);
        Map<String, Object> dense =
                row(
                        "Parquet per file (dense: " + Math.round(shape.rowsPerFile) + " rows/file)",
                        perFile / shape.rowsPerFile,
                        "~230 column writers, their page buffers and zstd contexts set up per"
                                + " file, then the footer; create and rename of the file");
        dense.put("ms_per_file", BenchResults.round(perFile / 1e6, 3));
        dense.put("rows_per_file", BenchResults.round(shape.rowsPerFile, 1));
        dense.put("files", shape.keys);
        rows.add(dense);
        Map<String, Object> sparse =
                row(
                        "Parquet per file (sparse: 1 document/file; not in the sum)",
                        perFile,
                        "the same fixed cost, paid once per document");
        sparse.put("ms_per_file", BenchResults.round(perFile / 1e6, 3));
        sparse.put("rows_per_file", 1);
        sparse.put("in_sum", false);
        rows.add(sparse);

        rows.add(commitStage(writers, entities, decoded, shape));
        return rows;
    }

    /**
     * The backfill's work per written file once the job is done: the partition commit lists the
     * partition, reads each file's footer (row count, event time range) and writes {@code
     * _manifest.json} and {@code _SUCCESS}; the folder's marker lists its outputs.
     */
    private Map<String, Object> commitStage(
            Map<Entity, ParquetWriterFactory<GenericRecord>> writers,
            List<Entity> entities,
            Map<Entity, List<GenericRecord>> decoded,
            Shape shape)
            throws Exception {
        Path lake = Files.createTempDirectory("stage-costs-lake");
        Entity entity = entities.get(0);
        String table = entity.table();
        String partition = "YEAR=2023/MONTH=03/DAY=01";
        Path folder = lake.resolve(table).resolve(partition);
        Files.createDirectories(folder);
        // Files of the dense shape: as many as a partition has, with its rows per file.
        int filesPerPartition = Math.max(1, (int) Math.round(shape.filesPerPartition));
        List<GenericRecord> rowsOfFile = new ArrayList<>();
        List<GenericRecord> source = decoded.get(entity);
        for (int i = 0; i < Math.max(1, Math.round(shape.rowsPerFile)); i++) {
            rowsOfFile.add(source.get(i % source.size()));
        }
        Path first = folder.resolve(String.format("backfill-%02X_%s.zstd.parquet", 0, table));
        writeLocalFile(first, writers.get(entity), rowsOfFile);
        for (int f = 1; f < filesPerPartition; f++) {
            Files.copy(
                    first,
                    folder.resolve(String.format("backfill-%02X_%s.zstd.parquet", f, table)));
        }
        PartitionCommitter committer =
                new PartitionCommitter(
                        table,
                        new org.apache.flink.core.fs.Path(lake.resolve(table).toUri()),
                        PartitionCatalog.NONE,
                        Clock.systemUTC());
        BackfillMarkers markers = new BackfillMarkers(lake.toUri());
        BackfillMarker marker = new BackfillMarker();
        marker.folder = "00_CheckoutOrder";
        marker.source = lake.toUri() + "raw/00_CheckoutOrder/";
        marker.finishedAt = Instant.now().toString();
        int filesPerFolder = Math.max(1, (int) Math.round(shape.filesPerFolder));
        for (int f = 0; f < filesPerFolder; f++) {
            marker.outputs.add(
                    new BackfillMarker.Output(
                            "lake",
                            table + "/YEAR=2023/MONTH=03/DAY=" + (f + 1) + "/backfill-00.parquet",
                            Math.round(shape.rowsPerFile)));
        }
        Path manifest = folder.resolve("_manifest.json");
        double partitionCommit =
                cpuNanos(
                        () -> {
                            // A first commit reads every footer (a later one reuses the
                            // manifest's stats): start from none, as a backfill's first commit.
                            Files.deleteIfExists(manifest);
                            return committer.commit(partition).hashCode();
                        });
        double markerWrite =
                cpuNanos(
                        () -> {
                            markers.write(marker);
                            return marker.outputs.size();
                        });
        committer.close();
        BenchData.deleteTree(lake);
        double perFile = partitionCommit / filesPerPartition + markerWrite / filesPerFolder;
        Map<String, Object> r =
                row(
                        "commit (footers, manifest, marker)",
                        perFile / shape.rowsPerFile,
                        "one footer read per file (open, Thrift decode of ~230 column chunks),"
                                + " the manifest's JSON, the marker's JSON and rename");
        r.put("ms_per_file", BenchResults.round(perFile / 1e6, 3));
        r.put("files_per_partition", filesPerPartition);
        r.put("files_per_folder", filesPerFolder);
        return r;
    }

    /** Rows into one Parquet file in memory, as the job's writer writes them; the file's bytes. */
    private static long writeInMemory(
            ParquetWriterFactory<GenericRecord> factory,
            List<GenericRecord> rows,
            int count,
            int passes)
            throws IOException {
        CountingStream bytes = new CountingStream();
        BufferedFsDataOutputStream out = new BufferedFsDataOutputStream(bytes);
        BulkWriter<GenericRecord> writer = factory.create(out);
        for (int p = 0; p < passes; p++) {
            for (int i = 0; i < count; i++) {
                writer.addElement(rows.get(i));
            }
        }
        writer.finish();
        out.close();
        return bytes.getPos();
    }

    /** One local file as SortedPartitionWriter writes and commits it ({@link BackfillFile}). */
    private static long writeLocalFile(
            Path target, ParquetWriterFactory<GenericRecord> factory, List<GenericRecord> rows)
            throws IOException {
        BackfillFile<GenericRecord> file =
                new BackfillFile<>(new org.apache.flink.core.fs.Path(target.toUri()), factory);
        for (GenericRecord r : rows) {
            file.add(r);
        }
        file.commit();
        return file.records();
    }

    /** Median CPU time of this thread over {@link #rounds} runs of {@code work}, after warm-up. */
    private double cpuNanos(Work work) throws Exception {
        for (int i = 0; i < warmUps; i++) {
            sink += work.run();
        }
        long[] times = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            long start = THREADS.getCurrentThreadCpuTime();
            sink += work.run();
            times[i] = THREADS.getCurrentThreadCpuTime() - start;
        }
        Arrays.sort(times);
        return times[rounds / 2];
    }

    private static Map<String, Object> row(String stage, double nanosPerDoc, String bound) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("stage", stage);
        r.put("us_per_doc", BenchResults.round(nanosPerDoc / 1e3, 2));
        r.put("bound", bound);
        return r;
    }

    private static Map<String, Object> perRow(Map<String, Object> row) {
        row.put("per", "row");
        return row;
    }

    private static String uriOf(Path file) {
        return RawObjectUris.of(new org.apache.flink.core.fs.Path(file.toUri()));
    }

    /**
     * The data set's output shape, from every document's key: rows per (table, day, raw folder)
     * file, files per (table, day) partition and per raw folder. The day is the peeked event time
     * (the decoder's, for all but the few dead letters).
     */
    private static final class Shape {
        final int keys;
        final double rowsPerFile;
        final double filesPerPartition;
        final double filesPerFolder;

        private Shape(
                int keys, double rowsPerFile, double filesPerPartition, double filesPerFolder) {
            this.keys = keys;
            this.rowsPerFile = rowsPerFile;
            this.filesPerPartition = filesPerPartition;
            this.filesPerFolder = filesPerFolder;
        }

        static Shape of(List<Path> files) throws IOException {
            Map<String, Integer> perKey = new HashMap<>();
            Set<String> partitions = new HashSet<>();
            Set<String> folders = new HashSet<>();
            long documents = 0;
            for (Path file : files) {
                String uri = uriOf(file);
                Entity entity = RawObjectPath.entityOf(uri).orElse(null);
                String folder = RawObjectPath.folderOf(uri).orElse(null);
                OptionalLong time = EventTimePeek.epochMillis(Files.readAllBytes(file));
                if (entity == null || folder == null || time.isEmpty()) {
                    continue;
                }
                String partition =
                        entity.table()
                                + "/"
                                + PARTITION.format(Instant.ofEpochMilli(time.getAsLong()));
                perKey.merge(partition + "/" + folder, 1, Integer::sum);
                partitions.add(partition);
                folders.add(entity.table() + "/" + folder);
                documents++;
            }
            int keys = Math.max(1, perKey.size());
            return new Shape(
                    perKey.size(),
                    (double) documents / keys,
                    (double) keys / Math.max(1, partitions.size()),
                    (double) keys / Math.max(1, folders.size()));
        }
    }

    /** A Flink output stream that keeps only the count of bytes written. */
    private static final class CountingStream extends FSDataOutputStream {
        private long pos;

        @Override
        public long getPos() {
            return pos;
        }

        @Override
        public void write(int b) {
            pos++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            pos += len;
        }

        @Override
        public void flush() {}

        @Override
        public void sync() {}

        @Override
        public void close() {}
    }
}
