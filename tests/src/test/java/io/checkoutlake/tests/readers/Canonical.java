package io.checkoutlake.tests.readers;

import com.fasterxml.jackson.databind.JsonNode;
import io.checkoutlake.tests.deploy.HiveType;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A value as the engines render it (JSON) brought to one form by its Glue type, so that Spark's,
 * Trino's and DuckDB's answers compare with {@code equals}: structs are maps by field name (Trino
 * sends them by position), maps are sorted maps, timestamps are epoch microseconds (Spark sends an
 * instant, Trino and DuckDB a date-time in UTC), numbers are longs or doubles.
 */
final class Canonical {
    private Canonical() {}

    /**
     * @param millis round timestamps to milliseconds, half up, as Trino (and Athena) read them
     */
    static Object of(JsonNode value, HiveType type, boolean millis) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        switch (type.kind) {
            case "struct":
                return struct(value, type, millis);
            case "array":
                {
                    List<Object> out = new ArrayList<>();
                    for (JsonNode element : value) {
                        out.add(of(element, type.children.get(0), millis));
                    }
                    return out;
                }
            case "map":
                {
                    Map<String, Object> out = new TreeMap<>();
                    Iterator<Map.Entry<String, JsonNode>> entries = value.fields();
                    while (entries.hasNext()) {
                        Map.Entry<String, JsonNode> e = entries.next();
                        out.put(e.getKey(), of(e.getValue(), type.children.get(1), millis));
                    }
                    return out;
                }
            case "timestamp":
                {
                    long micros = micros(value.asText());
                    return millis ? Math.floorDiv(micros + 500, 1000) * 1000 : micros;
                }
            case "bigint":
            case "int":
            case "smallint":
            case "tinyint":
                return value.isNumber() ? value.longValue() : Long.parseLong(value.asText());
            case "double":
            case "float":
                return value.isNumber() ? value.doubleValue() : Double.parseDouble(value.asText());
            case "boolean":
                return value.asBoolean();
            case "string":
                return value.asText();
            default:
                throw new IllegalArgumentException("no canonical form for " + type.kind);
        }
    }

    private static Map<String, Object> struct(JsonNode value, HiveType type, boolean millis) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < type.fieldNames.size(); i++) {
            String name = type.fieldNames.get(i);
            JsonNode field = value.isArray() ? value.get(i) : value.get(name);
            out.put(name, of(field, type.children.get(i), millis));
        }
        return out;
    }

    /**
     * Epoch microseconds of {@code 2021-07-13T15:33:25.302944Z} (Spark), {@code 2021-07-13
     * 15:33:25.303} (Trino) or {@code 2021-07-13 15:33:25.302944+00} (DuckDB); no offset is UTC.
     */
    static long micros(String text) {
        String t = text.trim().replace(' ', 'T');
        Instant instant;
        if (t.endsWith("Z")) {
            instant = Instant.parse(t);
        } else if (t.matches(".*T.*[+-]\\d\\d(:?\\d\\d)?$")) {
            if (t.matches(".*[+-]\\d\\d$")) {
                t = t + ":00";
            }
            instant = OffsetDateTime.parse(t).toInstant();
        } else {
            instant = LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
        }
        return Math.addExact(
                Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
    }
}
