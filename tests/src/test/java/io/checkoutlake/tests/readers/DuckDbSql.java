package io.checkoutlake.tests.readers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * DuckDB over the Parquet files themselves (their own types, not the catalog's), the reference the
 * other engines are compared with. Rows come back as DuckDB renders them in JSON, in UTC.
 */
final class DuckDbSql implements SqlEngine, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Connection connection;

    DuckDbSql() throws SQLException {
        connection = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement s = connection.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
        }
    }

    @Override
    public String name() {
        return "DuckDB";
    }

    @Override
    public List<List<JsonNode>> query(String sql) throws IOException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT to_json(q)::VARCHAR FROM (" + sql + ") q")) {
            List<List<JsonNode>> rows = new ArrayList<>();
            while (rs.next()) {
                List<JsonNode> values = new ArrayList<>();
                JSON.readTree(rs.getString(1)).forEach(values::add);
                rows.add(values);
            }
            return rows;
        } catch (SQLException e) {
            throw new IOException("DuckDB: " + e.getMessage() + "\nstatement: " + sql, e);
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
