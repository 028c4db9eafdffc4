package io.checkoutlake.tests.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.checkoutlake.functions.decode.DecodeOutcome;
import io.checkoutlake.functions.decode.DocumentDecoder;
import io.checkoutlake.functions.decode.SchemaTyper;
import io.checkoutlake.functions.model.Entity;
import io.checkoutlake.functions.schema.LakeSchemas;
import io.checkoutlake.tests.ChildProcess;
import io.checkoutlake.tests.LakeContents;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * What the job's conversion costs when DuckDB does it on one thread: the raw documents of {@link
 * BenchData#standard()} to zstd Parquet partitioned by table and UTC day, with wall and CPU time.
 * DuckDB runs in a child JVM, so the process CPU time measured there is DuckDB's alone (plus an
 * idle JVM), not the build's or the data generator's. Then the same over {@link BenchData#sparse()}
 * (one document per raw folder and day) unless {@code -Dbench.sparse=false}; {@code density} tells
 * the rows apart. Not a test:
 *
 * <pre>
 * mvn -B -ntp -pl tests -am verify -Dit.test=DuckDbConversionBenchmark -Dtest=NONE \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dspotless.check.skip=true -Dbench.data-mb=100 \
 *     [-Dbench.duckdb.threads=1] [-Dbench.duckdb.sample-docs=500]
 * </pre>
 *
 * <p>What DuckDB does, per entity (one {@code COPY} each, the table chosen by the raw folder's
 * name, {@code <HH>_CheckoutOrder} or {@code <HH>_FulfillmentOrder}):
 *
 * <ul>
 *   <li>reads every object at {@code <HH>_<Entity>/<id>/id/<object>} with {@code read_blob} (so
 *       objects outside the layout, the job's {@code not_an_order}, are never read), decodes UTF-8
 *       under {@code TRY} and drops a leading byte-order mark;
 *   <li>parses the document once with {@code json_transform} into a struct of the top-level
 *       strings;
 *   <li>casts scalars to the schema's types: {@code TRY_CAST} to {@code BIGINT}/{@code BOOLEAN},
 *       {@code TIMESTAMPTZ} for instants (offsets converted to UTC) and {@code TIMESTAMP} for the
 *       zone-less {@code TimeZone*} values;
 *   <li>parses every JSON-encoded value the schema has as a record, array or map ({@code Items},
 *       {@code ShippingData}, {@code PaymentData}, ...) with {@code from_json} into nested
 *       STRUCT/LIST/MAP values typed by our Avro schema (numbers, booleans and timestamps at any
 *       depth), so the Parquet holds the same typed structure as the job's, not JSON text;
 *   <li>computes the event time as the job does ({@code LastChange}, or {@code CreationDate} when
 *       LastChange is absent or {@code "null"}), keeps it within the job's accepted range, and
 *       writes {@code <table>/YEAR=yyyy/MONTH=MM/DAY=dd/} from its UTC day with {@code COPY ...
 *       (FORMAT PARQUET, PARTITION_BY (YEAR, MONTH, DAY), COMPRESSION zstd)}, with the provenance
 *       columns {@code _event_time}, {@code _source_file} and {@code _processed_at}.
 * </ul>
 *
 * <p>The JSON keys that {@code from_json} needs (it matches keys exactly, and our schema has
 * snake_case names) are learnt from the first {@code bench.duckdb.sample-docs} documents of each
 * entity ({@code json_keys}, {@code json_group_structure}) and matched to the schema's fields the
 * way the job matches them (snake_case or alias); a key that no sampled document has is not read.
 * On this data set 100 documents find the same structure as all of them. That step stands in for
 * the schema compiled into the job: a fixed cost (the sample, plus listing the files), reported
 * apart as {@code infer_wall_s}/{@code infer_cpu_s}, not in {@code wall_s}/{@code cpu_s}, which
 * time the two {@code COPY} statements only. The statements are written beside the lake ({@code
 * target/bench/duckdb-lake-<table>.sql}) to read or re-run by hand.
 *
 * <p>Small data sets understate the rate: besides work in proportion to the documents, DuckDB's
 * Parquet writer costs about 10 ms of CPU per output file (some 200 nested leaf columns each), and
 * the data set always has 2 tables x 16 days = 32 files.
 *
 * <p>For comparison, {@code job_rows_*} are the rows (and dead letters) that the job's own {@link
 * DocumentDecoder} makes of the same objects (not timed; {@code -Dbench.duckdb.compare-job=false}
 * skips it).
 *
 * <p>What it does not do, compared with the job: no restructuring rules beyond dropping what the
 * schema does not have (keys containing {@code attachment}, {@code assemblyOptions}, {@code
 * CustomData} and the like are simply not in the struct types; {@code productCategories} stays a
 * {@code MAP} instead of becoming a list of {@code {id, name}}); nested column names stay camelCase
 * (only top-level columns are renamed to snake_case); no {@code _extra} column for unknown keys
 * (they are dropped); no gzip handling (the data set has none); no exactly-once commit, checkpoints
 * or sorted part files. Errors: there are no per-document dead letters. A document that does not
 * decode as UTF-8, does not parse, is not a JSON object or has no valid event time is silently
 * skipped ({@code TRY}, then filtered out) and only counted ({@code rejected}); a malformed
 * JSON-encoded value or a value that does not fit its type becomes NULL and the row is kept, where
 * the job sends the whole document to the dead letters.
 */
class DuckDbConversionBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RESULT_PREFIX = "{\"duckdb_result\"";

    @Test
    void run() throws Exception {
        Path out =
                Paths.get(System.getProperty("bench.duckdb.out", "target/bench/duckdb-lake"))
                        .toAbsolutePath();
        convert(BenchData.standard(), out);
        // The same sparse set as BackfillThroughputBenchmark's: issue 14's target compares both.
        if (Boolean.parseBoolean(System.getProperty("bench.sparse", "true"))) {
            convert(BenchData.sparse(), out.resolveSibling(out.getFileName() + "-sparse"));
        }
    }

    private static void convert(BenchData data, Path out) throws Exception {
        int threads = Integer.getInteger("bench.duckdb.threads", 1);
        int sampleDocs = Integer.getInteger("bench.duckdb.sample-docs", 500);
        BenchData.deleteTree(out);
        Files.createDirectories(out);

        JsonNode child = runChild(data.raw(), out, threads, sampleDocs);

        List<Path> parquet = LakeContents.committedFiles(out, ".parquet");
        long files = parquet.size();
        long outBytes = 0;
        for (Path p : parquet) {
            outBytes += Files.size(p);
        }
        double rawMb = data.bytes() / 1e6;
        double wall = child.get("wall_s").asDouble();
        double cpu = child.get("cpu_s").asDouble();
        long checkoutRows = child.get("rows_checkout").asLong();
        long fulfillmentRows = child.get("rows_fulfillment").asLong();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("density", data.density());
        fields.put("threads", threads);
        fields.put("documents", data.documents());
        fields.put("raw_bytes", data.bytes());
        fields.put("raw_mb", BenchResults.round(rawMb, 1));
        fields.put("wall_s", BenchResults.round(wall, 2));
        fields.put("cpu_s", BenchResults.round(cpu, 2));
        fields.put("raw_mb_per_cpu_s", BenchResults.round(rawMb / cpu, 2));
        fields.put("docs_per_cpu_s", BenchResults.round(data.documents() / cpu, 0));
        fields.put("us_per_doc", BenchResults.round(cpu * 1e6 / data.documents(), 0));
        fields.put("output_files", files);
        fields.put("output_bytes", outBytes);
        fields.put("compression_ratio", BenchResults.round((double) data.bytes() / outBytes, 2));
        BackfillThroughputBenchmark.LakeFiles shape = BackfillThroughputBenchmark.LakeFiles.of(out);
        Map<String, Object> described = shape.describe(data.bytes());
        for (String key :
                List.of(
                        "partitions",
                        "max_files_per_partition",
                        "partitions_shaped_well",
                        "partition_mb_p50")) {
            fields.put(key, described.get(key));
        }
        fields.put("duckdb_version", child.get("duckdb_version").asText());
        fields.put("rows_checkout", checkoutRows);
        fields.put("rows_fulfillment", fulfillmentRows);
        fields.put("documents_read", child.get("documents_read").asLong());
        fields.put(
                "rejected", child.get("documents_read").asLong() - checkoutRows - fulfillmentRows);
        fields.put("infer_sample_docs", sampleDocs);
        fields.put("infer_wall_s", BenchResults.round(child.get("infer_wall_s").asDouble(), 2));
        fields.put("infer_cpu_s", BenchResults.round(child.get("infer_cpu_s").asDouble(), 2));
        if (Boolean.parseBoolean(System.getProperty("bench.duckdb.compare-job", "true"))) {
            Map<String, Long> job = jobRows(data.raw());
            job.forEach((table, rows) -> fields.put("job_rows_" + table, rows));
        }
        BenchResults.record("duckdb-conversion", fields);

        // 1% of the set is broken on purpose, a few of those in ways DuckDB only nulls a field.
        long read = child.get("documents_read").asLong();
        assertThat(checkoutRows).isPositive();
        assertThat(fulfillmentRows).isPositive();
        assertThat(checkoutRows + fulfillmentRows).isBetween(read * 97 / 100, read);
        assertThat(files).isPositive();
    }

    /**
     * Rows per table that the job's own decoder makes of the same objects (dead letters under
     * {@code dead_letters}), for comparison with DuckDB's; not measured.
     */
    private static Map<String, Long> jobRows(Path raw) throws Exception {
        DocumentDecoder decoder = DocumentDecoder.withLegacyRules(64L << 20);
        Map<String, Long> rows = new TreeMap<>();
        for (Entity e : Entity.values()) {
            rows.put(e.table(), 0L);
        }
        rows.put("dead_letters", 0L);
        long now = System.currentTimeMillis();
        try (Stream<Path> s = Files.walk(raw)) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                DecodeOutcome o = decoder.decode(p.toUri().toString(), Files.readAllBytes(p), now);
                rows.merge(o.isRow() ? o.entity().table() : "dead_letters", 1L, Long::sum);
            }
        }
        return rows;
    }

    private static JsonNode runChild(Path raw, Path out, int threads, int sampleDocs)
            throws Exception {
        // DuckDB's memory is native; the heap only holds the JDBC driver and a few strings.
        ChildProcess.Result outcome =
                ChildProcess.runJava(
                        List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
                        Child.class,
                        raw.toString(),
                        out.toString(),
                        Integer.toString(threads),
                        Integer.toString(sampleDocs));
        Optional<String> result = outcome.lastLineStartingWith(RESULT_PREFIX);
        if (outcome.exitCode != 0 || result.isEmpty()) {
            throw new IllegalStateException(
                    "DuckDB child failed (exit " + outcome.exitCode + "):\n" + outcome.tail(40));
        }
        return JSON.readTree(result.get());
    }

    /** The measured conversion in its own JVM; prints one JSON line. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            Path raw = Paths.get(args[0]);
            Path out = Paths.get(args[1]);
            int threads = Integer.parseInt(args[2]);
            int sampleDocs = Integer.parseInt(args[3]);
            ObjectNode result = JSON.createObjectNode();
            result.put("duckdb_result", true);
            // Opening the database loads the native library: not part of the conversion.
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                    Statement s = c.createStatement()) {
                s.execute("SET threads = " + threads);
                s.execute("SET TimeZone = 'UTC'");
                s.execute("SET preserve_insertion_order = false");
                s.execute("SET memory_limit = '2GB'");
                result.put("duckdb_version", scalar(s, "SELECT version()"));
                long inferCpu = 0;
                long inferWall = 0;
                long copyCpu = 0;
                long copyWall = 0;
                for (Entity e : Entity.values()) {
                    long c0 = cpuNanos();
                    long t0 = System.nanoTime();
                    Conversion conversion = Conversion.infer(s, e, raw, sampleDocs);
                    String copy = conversion.copySql(out.resolve(e.table()));
                    // Beside the lake, for reading and re-running by hand (duckdb CLI).
                    Files.write(
                            out.resolveSibling(out.getFileName() + "-" + e.table() + ".sql"),
                            (copy + ";\n").getBytes(StandardCharsets.UTF_8));
                    long c1 = cpuNanos();
                    long t1 = System.nanoTime();
                    inferCpu += c1 - c0;
                    inferWall += t1 - t0;
                    result.put("rows_" + e.table(), count(s, copy));
                    copyCpu += cpuNanos() - c1;
                    copyWall += System.nanoTime() - t1;
                }
                result.put("wall_s", copyWall / 1e9);
                result.put("cpu_s", copyCpu / 1e9);
                result.put("infer_wall_s", inferWall / 1e9);
                result.put("infer_cpu_s", inferCpu / 1e9);
                long read = 0;
                for (Entity e : Entity.values()) {
                    read +=
                            Long.parseLong(
                                    scalar(
                                            s,
                                            "SELECT count(*) FROM glob("
                                                    + literal(Conversion.glob(raw, e))
                                                    + ")"));
                }
                result.put("documents_read", read);
            }
            System.out.println(JSON.writeValueAsString(result));
            System.exit(0);
        }

        private static long cpuNanos() {
            return ((com.sun.management.OperatingSystemMXBean)
                            ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }
    }

    /** One entity's COPY statement, its struct types learnt from a sample of documents. */
    static final class Conversion {
        private final Entity entity;
        private final Path raw;

        /** Source key to its field, in the order of the schema's fields. */
        private final Map<String, Schema.Field> topLevel;

        /** Source key to the from_json structure of a container field. */
        private final Map<String, String> structures;

        private Conversion(
                Entity entity,
                Path raw,
                Map<String, Schema.Field> topLevel,
                Map<String, String> structures) {
            this.entity = entity;
            this.raw = raw;
            this.topLevel = topLevel;
            this.structures = structures;
        }

        static Conversion infer(Statement s, Entity entity, Path raw, int sampleDocs)
                throws Exception {
            Schema schema = LakeSchemas.of(entity);
            SchemaTyper typer = new SchemaTyper();
            String sample = "(" + documents(raw, entity) + " LIMIT " + sampleDocs + ")";
            // The top-level keys, mapped to the schema's fields the way the job maps them.
            Map<Schema.Field, String> keyOf = new LinkedHashMap<>();
            try (ResultSet rs =
                    s.executeQuery(
                            "SELECT DISTINCT unnest(json_keys(j)) FROM (SELECT TRY(json(txt)) AS j"
                                    + " FROM "
                                    + sample
                                    + ") WHERE CASE WHEN j IS NOT NULL"
                                    + " THEN json_type(j) = 'OBJECT' END ORDER BY 1")) {
                while (rs.next()) {
                    String key = rs.getString(1);
                    Schema.Field f = typer.fieldFor(schema, key);
                    if (f != null && !f.name().startsWith("_")) {
                        keyOf.putIfAbsent(f, key);
                    }
                }
            }
            Map<String, Schema.Field> topLevel = new LinkedHashMap<>();
            for (Schema.Field f : schema.getFields()) {
                if (keyOf.containsKey(f)) {
                    topLevel.put(keyOf.get(f), f);
                }
            }
            Conversion conversion = new Conversion(entity, raw, topLevel, new LinkedHashMap<>());
            // The containers' structures, from the decoded values of the same sample.
            List<String> containers = new ArrayList<>();
            StringBuilder q = new StringBuilder("SELECT ");
            for (Map.Entry<String, Schema.Field> e : topLevel.entrySet()) {
                if (SchemaTyper.isContainer(e.getValue().schema())) {
                    q.append(containers.isEmpty() ? "" : ", ")
                            .append("json_group_structure(TRY(json(d.")
                            .append(ident(e.getKey()))
                            .append(")))");
                    containers.add(e.getKey());
                }
            }
            q.append(" FROM (SELECT TRY(json_transform(txt, ")
                    .append(literal(conversion.topLevelStructure()))
                    .append(")) AS d FROM ")
                    .append(sample)
                    .append(") WHERE d IS NOT NULL");
            try (ResultSet rs = s.executeQuery(q.toString())) {
                rs.next();
                for (int i = 0; i < containers.size(); i++) {
                    String key = containers.get(i);
                    String text = rs.getString(i + 1);
                    JsonNode inferred = text == null ? null : JSON.readTree(text);
                    conversion.structures.put(
                            key, structure(topLevel.get(key).schema(), inferred, typer).toString());
                }
            }
            return conversion;
        }

        /** All documents of the entity: file name and UTF-8 text without byte-order mark. */
        private static String documents(Path raw, Entity entity) {
            return "SELECT filename, ltrim(TRY(decode(content)), chr(65279)) AS txt"
                    + " FROM read_blob("
                    + literal(glob(raw, entity))
                    + ")";
        }

        /** The entity's order documents: {@code <HH>_<Entity>/<id>/id/<object>}. */
        static String glob(Path raw, Entity entity) {
            return raw.resolve("*_" + entity.rawFolderSuffix()) + "/*/id/*";
        }

        /** Every known top-level key as text: json_transform's struct of the raw strings. */
        private String topLevelStructure() {
            ObjectNode o = JSON.createObjectNode();
            topLevel.keySet().forEach(k -> o.put(k, "VARCHAR"));
            return o.toString();
        }

        String copySql(Path table) {
            StringBuilder cols = new StringBuilder();
            for (Map.Entry<String, Schema.Field> e : topLevel.entrySet()) {
                String v = "nullif(d." + ident(e.getKey()) + ", 'null')";
                cols.append(",\n    ")
                        .append(typed(v, e.getKey(), e.getValue().schema()))
                        .append(" AS ")
                        .append(ident(e.getValue().name()));
            }
            // LastChange, or CreationDate when LastChange is absent, empty or "null".
            String lastChange = key("last_change");
            String lastChangeSet =
                    lastChange == null
                            ? "false"
                            : "coalesce(d." + ident(lastChange) + " NOT IN ('', 'null'), false)";
            String creationDate = key("creation_date") == null ? "NULL" : "creation_date";
            String eventTime =
                    "CASE WHEN __last_change_set THEN "
                            + (lastChange == null ? "NULL" : "last_change")
                            + " ELSE "
                            + creationDate
                            + " END";
            return "COPY (\n"
                    + "  WITH docs AS (SELECT filename, TRY(json_transform(txt, "
                    + literal(topLevelStructure())
                    + ")) AS d FROM ("
                    + documents(raw, entity)
                    + ")),\n"
                    + "  typed AS (SELECT filename, "
                    + lastChangeSet
                    + " AS __last_change_set"
                    + cols
                    + "\n    FROM docs WHERE d IS NOT NULL),\n"
                    + "  timed AS (SELECT *, "
                    + eventTime
                    + " AS _event_time FROM typed)\n"
                    + "  SELECT * EXCLUDE (filename, __last_change_set), filename AS _source_file,"
                    + " now() AS _processed_at,"
                    + " strftime(_event_time, '%Y') AS \"YEAR\","
                    + " strftime(_event_time, '%m') AS \"MONTH\","
                    + " strftime(_event_time, '%d') AS \"DAY\"\n"
                    + "  FROM timed WHERE _event_time >= TIMESTAMPTZ '2000-01-01 00:00:00+00'"
                    + " AND _event_time < TIMESTAMPTZ '2100-01-01 00:00:00+00'\n"
                    + ") TO "
                    + literal(table.toString())
                    + " (FORMAT PARQUET, PARTITION_BY (\"YEAR\", \"MONTH\", \"DAY\"),"
                    + " COMPRESSION zstd, OVERWRITE_OR_IGNORE true)";
        }

        private String key(String fieldName) {
            for (Map.Entry<String, Schema.Field> e : topLevel.entrySet()) {
                if (e.getValue().name().equals(fieldName)) {
                    return e.getKey();
                }
            }
            return null;
        }

        /** A top-level string as the schema's type. */
        private String typed(String v, String key, Schema fieldSchema) {
            if (SchemaTyper.isContainer(fieldSchema)) {
                return "TRY(from_json(" + v + ", " + literal(structures.get(key)) + "))";
            }
            String type = scalarType(SchemaTyper.nonNull(fieldSchema));
            return type.equals("VARCHAR") ? v : "TRY_CAST(" + v + " AS " + type + ")";
        }
    }

    /**
     * The from_json structure of {@code avro} for the JSON that a sample showed ({@code inferred},
     * from json_group_structure): the sample's keys that the schema knows, with the schema's types.
     */
    static JsonNode structure(Schema avro, JsonNode inferred, SchemaTyper typer) {
        Schema t = SchemaTyper.nonNull(avro);
        switch (t.getType()) {
            case RECORD:
                {
                    ObjectNode o = JSON.createObjectNode();
                    if (inferred != null && inferred.isObject()) {
                        Iterator<Map.Entry<String, JsonNode>> it = inferred.fields();
                        while (it.hasNext()) {
                            Map.Entry<String, JsonNode> e = it.next();
                            Schema.Field f = typer.fieldFor(t, e.getKey());
                            if (f != null) {
                                o.set(e.getKey(), structure(f.schema(), e.getValue(), typer));
                            }
                        }
                    }
                    // A record the sample never filled: keep its JSON text rather than nothing.
                    return o.isEmpty() ? JSON.getNodeFactory().textNode("JSON") : o;
                }
            case ARRAY:
                if (inferred != null && inferred.isObject()) {
                    // productCategories: a map in the source, a list after the job's rules.
                    return JSON.getNodeFactory().textNode("MAP(VARCHAR, VARCHAR)");
                }
                return JSON.createArrayNode()
                        .add(
                                structure(
                                        t.getElementType(),
                                        inferred != null
                                                        && inferred.isArray()
                                                        && !inferred.isEmpty()
                                                ? inferred.get(0)
                                                : null,
                                        typer));
            case MAP:
                {
                    Schema value = SchemaTyper.nonNull(t.getValueType());
                    String v =
                            value.getType() == Schema.Type.RECORD
                                            || value.getType() == Schema.Type.ARRAY
                                            || value.getType() == Schema.Type.MAP
                                    ? "JSON"
                                    : scalarType(value);
                    return JSON.getNodeFactory().textNode("MAP(VARCHAR, " + v + ")");
                }
            default:
                return JSON.getNodeFactory().textNode(scalarType(t));
        }
    }

    static String scalarType(Schema t) {
        LogicalType logical = t.getLogicalType();
        if (logical instanceof LogicalTypes.TimestampMicros
                || logical instanceof LogicalTypes.TimestampMillis) {
            return "TIMESTAMPTZ";
        }
        if (logical instanceof LogicalTypes.LocalTimestampMicros
                || logical instanceof LogicalTypes.LocalTimestampMillis) {
            return "TIMESTAMP";
        }
        switch (t.getType()) {
            case LONG:
                return "BIGINT";
            case INT:
                return "INTEGER";
            case DOUBLE:
                return "DOUBLE";
            case FLOAT:
                return "FLOAT";
            case BOOLEAN:
                return "BOOLEAN";
            case STRING:
            case ENUM:
                return "VARCHAR";
            case BYTES:
                return "BLOB";
            default:
                return "JSON";
        }
    }

    private static String scalar(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Runs a COPY and returns the rows it wrote. */
    private static long count(Statement s, String sql) throws SQLException {
        if (s.execute(sql)) {
            try (ResultSet rs = s.getResultSet()) {
                rs.next();
                return rs.getLong(1);
            }
        }
        return s.getUpdateCount();
    }

    static String ident(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
