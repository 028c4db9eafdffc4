package io.checkoutlake.readers.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Spark SQL in local mode behind a line protocol, so that one Spark session serves a whole test
 * class: each line on standard input is one SQL statement (a JSON string), each answer one JSON
 * line on standard output, {@code {"columns":[...],"types":[...],"rows":[[...]]}} or {@code
 * {"error":"..."}}. Arguments are Spark settings, {@code key=value}. Timestamps are answered as the
 * instant Spark holds ({@code ...Z}), whatever the session time zone; timestamps without time zone
 * as their local date-time; structs as objects, maps as objects, arrays as arrays.
 */
public final class SparkSqlRunner {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SparkSqlRunner() {}

    public static void main(String[] args) throws Exception {
        // Spark and its libraries print to standard output too; the protocol keeps it for itself.
        PrintStream answers = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        SparkSession.Builder builder =
                SparkSession.builder()
                        .appName("checkout-lake-reader")
                        .master("local[2]")
                        .config("spark.ui.enabled", "false")
                        .config("spark.sql.shuffle.partitions", "2")
                        .config("spark.sql.datetime.java8API.enabled", "true");
        for (String arg : args) {
            int eq = arg.indexOf('=');
            builder.config(arg.substring(0, eq), arg.substring(eq + 1));
        }
        SparkSession spark = builder.getOrCreate();
        answers.println("{\"ready\":true}");
        BufferedReader in =
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.isBlank()) {
                continue;
            }
            String sql = JSON.readValue(line, String.class);
            ObjectNode answer = NODES.objectNode();
            try {
                org.apache.spark.sql.Dataset<Row> result = spark.sql(sql);
                StructType schema = result.schema();
                ArrayNode columns = answer.putArray("columns");
                ArrayNode types = answer.putArray("types");
                for (StructField field : schema.fields()) {
                    columns.add(field.name());
                    types.add(field.dataType().simpleString());
                }
                ArrayNode rows = answer.putArray("rows");
                for (Row row : result.collectAsList()) {
                    rows.add(values(row, schema));
                }
            } catch (Exception e) {
                answer.removeAll();
                answer.put("error", String.valueOf(e));
            }
            answers.println(JSON.writeValueAsString(answer));
        }
        spark.stop();
    }

    private static ArrayNode values(Row row, StructType schema) {
        ArrayNode out = NODES.arrayNode();
        StructField[] fields = schema.fields();
        for (int i = 0; i < fields.length; i++) {
            out.add(value(row.isNullAt(i) ? null : row.get(i), fields[i].dataType()));
        }
        return out;
    }

    private static JsonNode value(Object value, DataType type) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (type instanceof StructType) {
            StructType struct = (StructType) type;
            Row row = (Row) value;
            ObjectNode out = NODES.objectNode();
            StructField[] fields = struct.fields();
            for (int i = 0; i < fields.length; i++) {
                out.set(
                        fields[i].name(),
                        value(row.isNullAt(i) ? null : row.get(i), fields[i].dataType()));
            }
            return out;
        }
        if (type instanceof ArrayType) {
            DataType element = ((ArrayType) type).elementType();
            ArrayNode out = NODES.arrayNode();
            List<?> list = CollectionConverters.asJava((scala.collection.Seq<?>) value);
            for (Object e : list) {
                out.add(value(e, element));
            }
            return out;
        }
        if (type instanceof MapType) {
            DataType valueType = ((MapType) type).valueType();
            ObjectNode out = NODES.objectNode();
            Map<?, ?> map = CollectionConverters.asJava((scala.collection.Map<?, ?>) value);
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.set(String.valueOf(e.getKey()), value(e.getValue(), valueType));
            }
            return out;
        }
        if (value instanceof byte[]) {
            return NODES.textNode(Base64.getEncoder().encodeToString((byte[]) value));
        }
        if (value instanceof BigDecimal) {
            return NODES.textNode(((BigDecimal) value).toPlainString());
        }
        if (value instanceof Number || value instanceof Boolean || value instanceof String) {
            return JSON.valueToTree(value);
        }
        // Instant (timestamp), LocalDateTime (timestamp_ntz), LocalDate (date).
        return NODES.textNode(value.toString());
    }
}
