package io.checkoutlake.tests.readers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.checkoutlake.functions.model.Entity;
import io.checkoutlake.functions.partition.PartitionValues;
import io.checkoutlake.functions.schema.LakeSchemas;
import io.checkoutlake.job.commit.PartitionFiles;
import io.checkoutlake.job.config.LakeJobConfig;
import io.checkoutlake.job.fetch.FlinkFileSystemFetcher;
import io.checkoutlake.tests.LakeContents;
import io.checkoutlake.tests.backfill.MiniClusterBackfill;
import io.checkoutlake.tests.commit.StreamingLake;
import io.checkoutlake.tests.deploy.HiveType;
import io.checkoutlake.tests.readers.GlueTables.Column;
import io.checkoutlake.tests.readers.GlueTables.Table;
import io.checkoutlake.tools.catalog.GlueColumn;
import io.checkoutlake.tools.catalog.GlueTableTemplate;
import io.checkoutlake.tools.generator.GeneratedObject;
import io.checkoutlake.tools.generator.GeneratorSettings;
import io.checkoutlake.tools.generator.RawDocumentGenerator;
import io.checkoutlake.tools.generator.RawFolderWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lake as Athena (Trino) and EMR Spark read it: through tables declared exactly as the
 * generated Glue template declares them (column types, partition keys, parameters), not through the
 * files' own types. Trino finds the partitions by the template's partition projection, Spark by the
 * partitions registered at the locations partition registration writes. Every column of every row
 * of a backfilled and of a streamed lake is compared with DuckDB's reading of the files.
 */
class LakeReadersITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DATABASE = "checkout_lake";
    private static final String ADDED_COLUMN = "added_in_v2";

    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @TempDir static Path root;

    private static SparkSql spark;
    private static TrinoServer trino;
    private static DuckDbSql duckDb;

    /** Lake name (a folder under root, the Glue template's LakePrefix) to its tables. */
    private static final Map<String, List<Table>> lakes = new HashMap<>();

    @BeforeAll
    static void startEnginesAndWriteLakes() throws Exception {
        // The engines start while the lakes are written (each takes tens of seconds).
        CompletableFuture<SparkSql> sparkStart =
                CompletableFuture.supplyAsync(
                        () -> unchecked(() -> SparkSql.start(root.resolve("spark"))));
        CompletableFuture<TrinoServer> trinoStart =
                CompletableFuture.supplyAsync(
                        () -> unchecked(() -> TrinoServer.start(root, root.resolve("trino"))));
        try {
            backfillLake();
            streamLake();
        } finally {
            spark = sparkStart.join();
            trino = trinoStart.join();
        }
        duckDb = new DuckDbSql();
        spark.query("CREATE DATABASE " + DATABASE);
        trino.query("CREATE SCHEMA " + TrinoServer.CATALOG + "." + DATABASE);
        for (String lake : List.of("backfilled", "streamed")) {
            List<Table> tables = GlueTables.generated(lake, root);
            lakes.put(lake, tables);
            for (Table table : tables) {
                declareInSpark(lake, table, table.columns);
                declareInTrino(lake, table, table.columns);
            }
        }
    }

    @AfterAll
    static void stopEngines() throws Exception {
        if (spark != null) {
            spark.close();
        }
        if (trino != null) {
            trino.close();
        }
        if (duckDb != null) {
            duckDb.close();
        }
    }

    @Test
    @Timeout(300)
    void sparkReadsEveryColumnOfEveryRowAsDuckDbDoes() throws Exception {
        for (String lake : List.of("backfilled", "streamed")) {
            for (Table table : lakes.get(lake)) {
                assertSameRows(spark, lake, table, false);
                assertSameAggregates(spark, lake, table);
            }
        }
    }

    @Test
    @Timeout(300)
    void trinoReadsEveryColumnOfEveryRowAsDuckDbDoes() throws Exception {
        for (String lake : List.of("backfilled", "streamed")) {
            for (Table table : lakes.get(lake)) {
                assertSameRows(trino, lake, table, true);
                assertSameAggregates(trino, lake, table);
            }
        }
    }

    @Test
    @Timeout(120)
    void bothFindEveryPartitionSparkByRegistrationTrinoByProjection() throws Exception {
        for (String lake : List.of("backfilled", "streamed")) {
            for (Table table : lakes.get(lake)) {
                Set<String> folders = new TreeSet<>();
                for (Path folder : partitionFolders(lakeDir(lake).resolve(table.name))) {
                    folders.add(
                            String.join(
                                    "/",
                                    PartitionValues.parse(relative(lake, table, folder))
                                            .catalogValues()));
                }
                assertThat(folders).as("%s %s partitions", lake, table.name).hasSizeGreaterThan(1);
                String sql = "SELECT DISTINCT year, month, day FROM " + name(lake, table);
                assertThat(partitionsRead(spark, sql))
                        .as("Spark, %s", table.name)
                        .isEqualTo(folders);
                assertThat(partitionsRead(trino, sql))
                        .as("Trino, %s", table.name)
                        .isEqualTo(folders);
            }
        }
    }

    @Test
    @Timeout(120)
    void aColumnAddedByALaterSchemaVersionReadsAsNullInOldFiles() throws Exception {
        String lake = "backfilled";
        Table table = lakes.get(lake).get(0);
        Entity entity = entityOf(table);
        // The next schema version: a field added at the end, as schema evolution allows.
        Schema v1 = LakeSchemas.of(entity);
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : v1.getFields()) {
            fields.add(new Schema.Field(f, f.schema()));
        }
        Schema added =
                SchemaBuilder.record("added")
                        .namespace(v1.getNamespace())
                        .fields()
                        .optionalLong("amount")
                        .optionalString("note")
                        .endRecord();
        fields.add(
                new Schema.Field(
                        ADDED_COLUMN,
                        Schema.createUnion(Schema.create(Schema.Type.NULL), added),
                        null,
                        Schema.Field.NULL_DEFAULT_VALUE));
        Schema v2 =
                Schema.createRecord(v1.getName(), v1.getDoc(), v1.getNamespace(), false, fields);
        List<Column> columns = new ArrayList<>();
        for (GlueColumn c : GlueTableTemplate.columnsOf(v2)) {
            columns.add(new Column(c.name(), c.type()));
        }
        assertThat(columns.get(columns.size() - 1).name).isEqualTo(ADDED_COLUMN);
        Table evolved =
                new Table(
                        table.name + "_v2",
                        columns,
                        table.partitionKeys,
                        table.parameters,
                        table.location);
        declareInSpark(lake, evolved, columns);
        declareInTrino(lake, evolved, columns);

        long rows = count(duckDb, "SELECT count(*) FROM " + duckDbSource(lake, table));
        assertThat(rows).isPositive();
        String sql =
                "SELECT count(*), count("
                        + ADDED_COLUMN
                        + "), count(_source_file) FROM "
                        + name(lake, evolved);
        for (SqlEngine engine : List.of(spark, trino)) {
            List<JsonNode> answer = engine.query(sql).get(0);
            assertThat(answer.get(0).asLong()).as("%s rows", engine.name()).isEqualTo(rows);
            assertThat(answer.get(1).asLong()).as("%s non-null added", engine.name()).isZero();
            assertThat(answer.get(2).asLong()).as("%s old column", engine.name()).isEqualTo(rows);
        }
    }

    // --- lakes ---------------------------------------------------------------------------

    private static void backfillLake() throws Exception {
        Path raw = Files.createDirectories(root.resolve("backfilled-raw"));
        GeneratorSettings settings =
                GeneratorSettings.builder()
                        .seed(16)
                        .badShare(0)
                        .gzipShare(0.1)
                        .unknownFieldShare(0.1)
                        .eventTimeStart(Instant.parse("2019-01-30T00:00:00Z"))
                        .eventTimeEnd(Instant.parse("2019-03-02T00:00:00Z"))
                        .build();
        RawFolderWriter writer = new RawFolderWriter(raw);
        for (GeneratedObject o : new RawDocumentGenerator(settings).next(240)) {
            writer.write(o);
        }
        MiniClusterBackfill.run(
                LakeJobConfig.builder()
                        .set("mode", "backfill")
                        .set("source.path", raw.toUri().toString())
                        .set("lake.path", lakeDir("backfilled").toUri().toString())
                        .set(
                                "deadletter.path",
                                root.resolve("backfilled-deadletter").toUri().toString())
                        .set("backfill.folders", "all")
                        .set("fetch.concurrency", "8")
                        .build(),
                new FlinkFileSystemFetcher());
    }

    private static void streamLake() throws Exception {
        try (StreamingLake stream =
                new StreamingLake(
                        Files.createDirectories(root.resolve("streamed-raw")),
                        lakeDir("streamed"),
                        root.resolve("streamed-deadletter"))) {
            stream.start(stream.config().build());
            int written =
                    stream.write(17, 80, "2019-08-30T00:00:00Z", "2019-09-02T12:00:00Z").size();
            written += stream.write(18, 40, "2019-09-02T12:00:00Z", "2019-09-04T00:00:00Z").size();
            int expected = written;
            stream.waitFor(() -> rowsOrZero(stream) == expected, "streamed rows visible");
        }
    }

    private static long rowsOrZero(StreamingLake stream) {
        try {
            return stream.rows();
        } catch (IOException e) {
            return 0;
        }
    }

    private static Path lakeDir(String lake) {
        return root.resolve(lake);
    }

    // --- declarations ----------------------------------------------------------------------

    /**
     * Spark: the Glue table as EMR's Spark reads it (a Hive Parquet table is read by Spark's own
     * Parquet reader with the catalog's schema), with a partition registered per folder at the
     * location the partition registration writes.
     */
    private static void declareInSpark(String lake, Table table, List<Column> columns)
            throws IOException {
        List<String> definitions = new ArrayList<>();
        for (Column c : columns) {
            definitions.add("`" + c.name + "` " + c.type);
        }
        List<String> keys = new ArrayList<>();
        for (Column k : table.partitionKeys) {
            definitions.add("`" + k.name + "` " + k.type);
            keys.add("`" + k.name + "`");
        }
        Path tableDir = localDir(table.location);
        spark.query(
                "CREATE TABLE "
                        + name(lake, table)
                        + " ("
                        + String.join(", ", definitions)
                        + ") USING parquet PARTITIONED BY ("
                        + String.join(", ", keys)
                        + ") LOCATION '"
                        + tableDir.toUri()
                        + "'");
        for (Path folder : partitionFolders(tableDir)) {
            PartitionValues values = PartitionValues.parse(tableDir.relativize(folder).toString());
            List<String> spec = new ArrayList<>();
            for (int i = 0; i < values.columns().size(); i++) {
                spec.add("`" + values.columns().get(i) + "` = " + values.catalogValues().get(i));
            }
            String location =
                    PartitionFiles.catalogLocation(
                            new org.apache.flink.core.fs.Path(folder.toUri()));
            spark.query(
                    "ALTER TABLE "
                            + name(lake, table)
                            + " ADD PARTITION ("
                            + String.join(", ", spec)
                            + ") LOCATION '"
                            + location
                            + "'");
        }
    }

    /**
     * Trino: the Glue table written into Trino's file metastore as it is (Hive column types and the
     * template's parameters, partition projection included), its {@code s3://bucket/} locations
     * pointing at {@code local:///}, i.e. at {@code root}.
     */
    private static void declareInTrino(String lake, Table table, List<Column> columns)
            throws IOException {
        ObjectNode metadata = JSON.createObjectNode();
        metadata.put("writerVersion", "476");
        metadata.put("owner", "checkout-lake-test");
        metadata.put("tableType", "EXTERNAL_TABLE");
        metadata.set("dataColumns", columnsJson(columns));
        metadata.set("partitionColumns", columnsJson(table.partitionKeys));
        ObjectNode parameters = metadata.putObject("parameters");
        table.parameters.forEach((k, v) -> parameters.put(k, local(v)));
        metadata.put("storageFormat", "PARQUET");
        metadata.putObject("serdeParameters");
        metadata.put("externalLocation", local(table.location));
        metadata.putObject("columnStatistics");
        Path file =
                Files.createDirectories(
                                root.resolve("metastore")
                                        .resolve(DATABASE)
                                        .resolve(lake + "_" + table.name))
                        .resolve(".trinoSchema");
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(metadata));
    }

    private static ArrayNode columnsJson(List<Column> columns) {
        ArrayNode out = JSON.createArrayNode();
        for (Column c : columns) {
            ObjectNode column = out.addObject();
            column.put("name", c.name);
            column.put("type", c.type);
            column.putObject("properties");
        }
        return out;
    }

    /** The folder under root of an {@code s3://lake-bucket/...} location. */
    private static Path localDir(String location) {
        return root.resolve(location.substring(("s3://" + GlueTables.BUCKET + "/").length()));
    }

    /** {@code s3://lake-bucket/...} as Trino's local file system names it under root. */
    private static String local(String value) {
        return value.replace("s3://" + GlueTables.BUCKET + "/", "local:///");
    }

    private static String name(String lake, Table table) {
        return DATABASE + "." + lake + "_" + table.name;
    }

    // --- comparisons -----------------------------------------------------------------------

    private static void assertSameRows(SqlEngine engine, String lake, Table table, boolean millis)
            throws IOException {
        List<Column> columns = new ArrayList<>(table.columns);
        columns.addAll(table.partitionKeys);
        List<HiveType> types =
                columns.stream().map(c -> HiveType.parse(c.type)).collect(Collectors.toList());
        int key = indexOf(columns, LakeSchemas.SOURCE_FILE);

        String list =
                columns.stream().map(c -> quoted(engine, c.name)).collect(Collectors.joining(", "));
        // The engine first: its own error, if any, is the finding.
        Map<Object, List<Object>> actual =
                canonicalRows(
                        engine.query("SELECT " + list + " FROM " + name(lake, table)),
                        types,
                        key,
                        false);
        Map<Object, List<Object>> expected =
                canonicalRows(
                        duckDb.query(
                                "SELECT "
                                        + duckDbColumns(columns)
                                        + " FROM "
                                        + duckDbSource(lake, table)),
                        types,
                        key,
                        millis);

        assertThat(expected).as("%s rows of %s", lake, table.name).hasSizeGreaterThan(10);
        assertThat(actual.keySet())
                .as("%s: the rows of %s %s", engine.name(), lake, table.name)
                .isEqualTo(expected.keySet());
        for (Map.Entry<Object, List<Object>> row : expected.entrySet()) {
            List<Object> got = actual.get(row.getKey());
            for (int i = 0; i < columns.size(); i++) {
                assertThat(got.get(i))
                        .as(
                                "%s: %s.%s of %s",
                                engine.name(), table.name, columns.get(i).name, row.getKey())
                        .isEqualTo(row.getValue().get(i));
            }
        }
    }

    /** Row count, the sum of each numeric column, min and max of each timestamp column. */
    private static void assertSameAggregates(SqlEngine engine, String lake, Table table)
            throws IOException {
        List<String> expressions = new ArrayList<>();
        List<HiveType> types = new ArrayList<>();
        expressions.add("count(*)");
        types.add(HiveType.parse("bigint"));
        for (Column c : table.columns) {
            if (List.of("bigint", "int", "double").contains(c.type)) {
                expressions.add("sum(" + quoted(engine, c.name) + ")");
                types.add(HiveType.parse(c.type));
            } else if (c.type.equals("timestamp")) {
                expressions.add("min(" + quoted(engine, c.name) + ")");
                expressions.add("max(" + quoted(engine, c.name) + ")");
                types.add(HiveType.parse("timestamp"));
                types.add(HiveType.parse("timestamp"));
            }
        }
        assertThat(types).as("a timestamp column in %s", table.name).hasSizeGreaterThan(5);
        boolean millis = engine instanceof TrinoServer;
        List<String> aliased = new ArrayList<>();
        for (int i = 0; i < expressions.size(); i++) {
            aliased.add(expressions.get(i) + " AS a" + i);
        }
        List<JsonNode> want =
                duckDb.query(
                                "SELECT "
                                        + String.join(", ", aliased).replace('`', '"')
                                        + " FROM "
                                        + duckDbSource(lake, table))
                        .get(0);
        List<JsonNode> got =
                engine.query("SELECT " + String.join(", ", aliased) + " FROM " + name(lake, table))
                        .get(0);
        for (int i = 0; i < expressions.size(); i++) {
            Object w = Canonical.of(want.get(i), types.get(i), millis);
            Object g = Canonical.of(got.get(i), types.get(i), false);
            String what =
                    engine.name() + ": " + expressions.get(i) + " of " + lake + " " + table.name;
            assertThat(w).as("DuckDB: %s", what).isNotNull();
            if (w instanceof Double) {
                assertThat((Double) g)
                        .as(what)
                        .isCloseTo((Double) w, within(1e-6 * Math.abs((Double) w)));
            } else {
                assertThat(g).as(what).isEqualTo(w);
            }
        }
    }

    private static Map<Object, List<Object>> canonicalRows(
            List<List<JsonNode>> rows, List<HiveType> types, int key, boolean millis) {
        Map<Object, List<Object>> out = new HashMap<>();
        for (List<JsonNode> row : rows) {
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < types.size(); i++) {
                values.add(Canonical.of(row.get(i), types.get(i), millis));
            }
            assertThat(out.put(values.get(key), values)).as("one row per source").isNull();
        }
        return out;
    }

    /** DuckDB reads the partition folders' own names ({@code YEAR=2019}). */
    private static String duckDbColumns(List<Column> columns) {
        return columns.stream()
                .map(
                        c ->
                                List.of("year", "month", "day").contains(c.name)
                                        ? "CAST(\"" + c.name.toUpperCase() + "\" AS INTEGER)"
                                        : "\"" + c.name + "\"")
                .collect(Collectors.joining(", "));
    }

    private static String duckDbSource(String lake, Table table) {
        return "read_parquet('"
                + lakeDir(lake).resolve(table.name)
                + "/**/*.parquet', hive_partitioning = true)";
    }

    private static String quoted(SqlEngine engine, String name) {
        return engine instanceof SparkSql ? "`" + name + "`" : "\"" + name + "\"";
    }

    private static int indexOf(List<Column> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name.equals(name)) {
                return i;
            }
        }
        throw new AssertionError("no column " + name);
    }

    private static Set<String> partitionsRead(SqlEngine engine, String sql) throws IOException {
        Set<String> out = new TreeSet<>();
        for (List<JsonNode> row : engine.query(sql)) {
            out.add(row.get(0).asText() + "/" + row.get(1).asText() + "/" + row.get(2).asText());
        }
        return out;
    }

    private static long count(SqlEngine engine, String sql) throws IOException {
        return engine.query(sql).get(0).get(0).asLong();
    }

    /** Partition folders holding committed Parquet files: YEAR=/MONTH=/DAY=. */
    private static List<Path> partitionFolders(Path tableDir) throws IOException {
        return LakeContents.committedFiles(tableDir, ".parquet").stream()
                .map(Path::getParent)
                .distinct()
                .sorted()
                .collect(Collectors.toList());
    }

    private static String relative(String lake, Table table, Path folder) {
        return lakeDir(lake).resolve(table.name).relativize(folder).toString();
    }

    private static Entity entityOf(Table table) {
        for (Entity e : Entity.values()) {
            if (e.table().equals(table.name)) {
                return e;
            }
        }
        throw new AssertionError("no entity for " + table.name);
    }

    private interface Start<T> {
        T get() throws Exception;
    }

    private static <T> T unchecked(Start<T> start) {
        try {
            return start.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
