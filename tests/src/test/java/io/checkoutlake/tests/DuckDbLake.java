package io.checkoutlake.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.checkoutlake.functions.model.Entity;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * The lake as an independent reader sees it: DuckDB over each table's committed Parquet files with
 * hive partitioning, the way analysts query it.
 */
public final class DuckDbLake {
    private static final String EVENT_MILLIS =
            "epoch_ms(CAST(epoch_us(_event_time) / 1000 AS BIGINT))";

    private DuckDbLake() {}

    /**
     * Each table holds exactly {@code expectedRows} rows with distinct {@code _source_file}s, every
     * row in the partition of its event time's UTC day.
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
