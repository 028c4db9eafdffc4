package io.checkoutlake.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.checkoutlake.functions.model.Entity;
import io.checkoutlake.tools.LakeFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * The tests' one lake reader: what a lake holds, the way a consumer would read it. Only committed
 * files count (in-progress and pending files are hidden, their names start with a dot). Rows come
 * through parquet-avro; {@link #assertHolds} also reads the lake as an independent reader does,
 * DuckDB with hive partitioning, the way analysts query it.
 */
public final class LakeContents {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EVENT_MILLIS =
            "epoch_ms(CAST(epoch_us(_event_time) / 1000 AS BIGINT))";

    /** One row of a table with the partition folder it was found in. */
    public static final class Row {
        public final Entity entity;
        public final String partition;
        public final GenericRecord record;

        Row(Entity entity, String partition, GenericRecord record) {
            this.entity = entity;
            this.partition = partition;
            this.record = record;
        }

        public String sourceFile() {
            return record.get("_source_file").toString();
        }
    }

    private LakeContents() {}

    /**
     * The committed files under {@code root} ending in {@code suffix}: {@link LakeFiles#committed}.
     */
    public static List<Path> committedFiles(Path root, String suffix) throws IOException {
        return LakeFiles.committed(root, suffix);
    }

    public static List<Row> rows(Path lake) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (Entity e : Entity.values()) {
            Path table = lake.resolve(e.table());
            for (Path file : committedFiles(table, ".parquet")) {
                String partition = table.relativize(file.getParent()).toString();
                for (GenericRecord r : records(file)) {
                    rows.add(new Row(e, partition, r));
                }
            }
        }
        return rows;
    }

    /** The rows of one committed Parquet file, through parquet-avro. */
    public static List<GenericRecord> records(Path file) throws IOException {
        List<GenericRecord> records = new ArrayList<>();
        try (ParquetReader<GenericRecord> reader =
                AvroParquetReader.<GenericRecord>builder(
                                HadoopInputFile.fromPath(
                                        new org.apache.hadoop.fs.Path(file.toUri()),
                                        new Configuration()))
                        .build()) {
            GenericRecord r;
            while ((r = reader.read()) != null) {
                records.add(r);
            }
        }
        return records;
    }

    /** The rows of one Parquet file as its footer counts them. */
    public static long footerRows(Path file) throws IOException {
        try (ParquetFileReader reader =
                ParquetFileReader.open(
                        HadoopInputFile.fromPath(
                                new org.apache.hadoop.fs.Path(file.toUri()),
                                new Configuration()))) {
            return reader.getRecordCount();
        }
    }

    public static List<JsonNode> deadLetters(Path deadLetterRoot) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (Path file : committedFiles(deadLetterRoot, ".jsonl")) {
            try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                while ((line = r.readLine()) != null) {
                    out.add(JSON.readTree(line));
                }
            }
        }
        return out;
    }

    /**
     * Through DuckDB: each table holds exactly {@code expectedRows} rows with distinct {@code
     * _source_file}s, every row in the partition of its event time's UTC day.
     */
    public static void assertHolds(Path lake, Map<Entity, Long> expectedRows) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            for (Entity e : Entity.values()) {
                long expected = expectedRows.getOrDefault(e, 0L);
                String glob = lake.resolve(e.table()) + "/**/*.parquet";
                try (ResultSet rs =
                        s.executeQuery(
                                "SELECT count(*), count(DISTINCT _source_file),"
                                        + " count(*) FILTER (WHERE CAST(\"YEAR\" AS INT) <> year("
                                        + EVENT_MILLIS
                                        + ") OR CAST(\"MONTH\" AS INT) <> month("
                                        + EVENT_MILLIS
                                        + ") OR CAST(\"DAY\" AS INT) <> day("
                                        + EVENT_MILLIS
                                        + ")) FROM read_parquet('"
                                        + glob
                                        + "', hive_partitioning = true)")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getLong(1))
                            .as("DuckDB rows of %s", e.table())
                            .isEqualTo(expected);
                    assertThat(rs.getLong(2))
                            .as("DuckDB sources of %s", e.table())
                            .isEqualTo(expected);
                    assertThat(rs.getLong(3)).as("rows outside their UTC-day partition").isZero();
                }
            }
        }
    }
}
