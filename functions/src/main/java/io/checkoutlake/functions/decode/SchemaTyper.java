package io.checkoutlake.functions.decode;

import static io.checkoutlake.functions.time.Timestamps.parseInstant;
import static io.checkoutlake.functions.time.Timestamps.parseLocal;
import static io.checkoutlake.functions.time.Timestamps.toEpochMicros;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.checkoutlake.functions.model.DeadLetterReason;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/**
 * Types decoded JSON by the output schema instead of guessing: {@code "1290"} becomes a long where
 * the schema says long, {@code 1} stays the string {@code "1"} where it says string. Source keys
 * match a field by their snake_case form or by one of the field's aliases; keys the schema does not
 * know are collected, with their path, for the {@code _extra} column.
 *
 * <p>Not thread-safe: one instance per operator subtask (it caches field lookups).
 */
public final class SchemaTyper {
    private final Map<Schema, Map<String, Schema.Field>> fieldsBySchema = new IdentityHashMap<>();
    private final Map<String, String> snakeCache = new HashMap<>();

    /** Fields that a document carried but the schema does not know, keyed by source path. */
    public static final class Unknowns {
        private final ObjectNode fields;

        public Unknowns(ObjectNode empty) {
            this.fields = empty;
        }

        void add(String path, JsonNode value) {
            // A null carries no data (a known field that is null or absent looks the same in a
            // row).
            if (value == null || value.isNull()) {
                return;
            }
            fields.set(path, value);
        }

        public boolean isEmpty() {
            return fields.isEmpty();
        }

        public ObjectNode fields() {
            return fields;
        }
    }

    /** The field of {@code recordSchema} that source key {@code key} maps to, or null. */
    public Schema.Field fieldFor(Schema recordSchema, String key) {
        Map<String, Schema.Field> byName =
                fieldsBySchema.computeIfAbsent(recordSchema, SchemaTyper::indexFields);
        Schema.Field f = byName.get(key);
        if (f != null) {
            return f;
        }
        // Bounded: keys come from documents, and distinct keys must not grow the cache forever.
        String snake =
                snakeCache.size() < 100_000
                        ? snakeCache.computeIfAbsent(key, FieldNames::toSnakeCase)
                        : FieldNames.toSnakeCase(key);
        return byName.get(snake);
    }

    public GenericData.Record toRecord(
            JsonNode node, Schema recordSchema, String path, Unknowns unknowns)
            throws DecodeException {
        if (!node.isObject()) {
            throw mismatch(path, "object", node);
        }
        GenericData.Record record = new GenericData.Record(recordSchema);
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String childPath = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            Schema.Field field = fieldFor(recordSchema, e.getKey());
            if (field == null || record.get(field.pos()) != null) {
                unknowns.add(childPath, e.getValue());
                continue;
            }
            record.put(field.pos(), toValue(e.getValue(), field.schema(), childPath, unknowns));
        }
        return record;
    }

    /** Converts one value to what Avro's generic model holds for {@code schema}. */
    public Object toValue(JsonNode node, Schema schema, String path, Unknowns unknowns)
            throws DecodeException {
        if (node == null || node.isNull()) {
            if (isNullable(schema)) {
                return null;
            }
            throw new DecodeException(
                    DeadLetterReason.TYPE_MISMATCH,
                    path + ": null where the schema requires a value");
        }
        Schema type = nonNull(schema);
        if (node.isTextual()
                && node.textValue().isEmpty()
                && type.getType() != Schema.Type.STRING
                && isNullable(schema)) {
            // An empty string in a number, boolean or timestamp field means "no value".
            return null;
        }
        switch (type.getType()) {
            case STRING:
                if (node.isValueNode()) {
                    return node.asText();
                }
                throw mismatch(path, "string", node);
            case LONG:
                LogicalType logical = type.getLogicalType();
                if (logical instanceof LogicalTypes.TimestampMicros) {
                    return timestampMicros(node, path, t -> toEpochMicros(parseInstant(t)));
                }
                if (logical instanceof LogicalTypes.LocalTimestampMicros) {
                    return timestampMicros(node, path, t -> toEpochMicros(parseLocal(t)));
                }
                return toLong(node, path);
            case INT:
                return Math.toIntExact(toLong(node, path));
            case DOUBLE:
                return toDouble(node, path);
            case FLOAT:
                return (float) toDouble(node, path);
            case BOOLEAN:
                return toBoolean(node, path);
            case RECORD:
                return toRecord(node, type, path, unknowns);
            case ARRAY:
                return toArray(node, type, path, unknowns);
            case MAP:
                return toMap(node, type, path, unknowns);
            default:
                throw new IllegalStateException(
                        "schema type " + type.getType() + " at " + path + " is not supported");
        }
    }

    private List<Object> toArray(JsonNode node, Schema type, String path, Unknowns unknowns)
            throws DecodeException {
        if (!node.isArray()) {
            throw mismatch(path, "array", node);
        }
        List<Object> out = new ArrayList<>(node.size());
        String elementPath = path + "[]";
        for (JsonNode child : node) {
            out.add(toValue(child, type.getElementType(), elementPath, unknowns));
        }
        return out;
    }

    private Map<String, Object> toMap(JsonNode node, Schema type, String path, Unknowns unknowns)
            throws DecodeException {
        if (!node.isObject()) {
            throw mismatch(path, "object (map)", node);
        }
        Map<String, Object> out = new HashMap<>(node.size() * 2);
        Schema valueSchema = type.getValueType();
        boolean stringValues = nonNull(valueSchema).getType() == Schema.Type.STRING;
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            JsonNode v = e.getValue();
            // A free-form map keeps nested values as their JSON text rather than failing.
            if (stringValues && v.isContainerNode()) {
                out.put(e.getKey(), v.toString());
            } else {
                out.put(e.getKey(), toValue(v, valueSchema, path + "{}", unknowns));
            }
        }
        return out;
    }

    private static long toLong(JsonNode node, String path) throws DecodeException {
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            BigDecimal decimal;
            try {
                decimal = node.decimalValue();
            } catch (NumberFormatException e) {
                // NaN or an infinity (a JSON number beyond double's range, such as 1e400)
                throw mismatch(path, "long", node);
            }
            return integral(decimal, path, node);
        }
        if (node.isTextual()) {
            String text = node.textValue().trim();
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                try {
                    return integral(new BigDecimal(text), path, node);
                } catch (NumberFormatException e2) {
                    throw mismatch(path, "long", node);
                }
            }
        }
        throw mismatch(path, "long", node);
    }

    private static long integral(BigDecimal d, String path, JsonNode node) throws DecodeException {
        try {
            return d.stripTrailingZeros().longValueExact();
        } catch (ArithmeticException e) {
            throw mismatch(path, "long", node);
        }
    }

    private static double toDouble(JsonNode node, String path) throws DecodeException {
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isTextual()) {
            try {
                return Double.parseDouble(node.textValue().trim());
            } catch (NumberFormatException e) {
                throw mismatch(path, "double", node);
            }
        }
        throw mismatch(path, "double", node);
    }

    private static boolean toBoolean(JsonNode node, String path) throws DecodeException {
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual()) {
            String t = node.textValue().trim();
            if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(t);
            }
        }
        throw mismatch(path, "boolean", node);
    }

    private static long timestampMicros(JsonNode node, String path, ToLongFunction<String> micros)
            throws DecodeException {
        if (!node.isTextual()) {
            throw mismatch(path, "timestamp text", node);
        }
        try {
            return micros.applyAsLong(node.textValue());
        } catch (DateTimeException | ArithmeticException e) {
            throw new DecodeException(
                    DeadLetterReason.INVALID_TIMESTAMP,
                    path + ": not a timestamp in an accepted form");
        }
    }

    static DecodeException mismatch(String path, String expected, JsonNode actual) {
        return new DecodeException(
                DeadLetterReason.TYPE_MISMATCH,
                path + ": expected " + expected + ", got " + describe(actual.getNodeType()));
    }

    /** The JSON type as a dead letter names it; JSON's string is "text". */
    private static String describe(JsonNodeType type) {
        if (type == JsonNodeType.STRING) {
            return "text";
        }
        return type == JsonNodeType.POJO ? "object" : type.name().toLowerCase(Locale.ROOT);
    }

    public static boolean isNullable(Schema schema) {
        return schema.getType() == Schema.Type.NULL
                || (schema.getType() == Schema.Type.UNION
                        && schema.getTypes().stream()
                                .anyMatch(s -> s.getType() == Schema.Type.NULL));
    }

    /** The non-null branch of an optional field's {@code ["null", T]} union. */
    public static Schema nonNull(Schema schema) {
        if (schema.getType() != Schema.Type.UNION) {
            return schema;
        }
        return schema.getTypes().stream()
                .filter(s -> s.getType() != Schema.Type.NULL)
                .findFirst()
                .orElse(schema);
    }

    /** Whether values of this schema arrive JSON-encoded inside a top-level string. */
    public static boolean isContainer(Schema schema) {
        Schema.Type t = nonNull(schema).getType();
        return t == Schema.Type.RECORD || t == Schema.Type.ARRAY || t == Schema.Type.MAP;
    }

    private static Map<String, Schema.Field> indexFields(Schema recordSchema) {
        Map<String, Schema.Field> byName = new HashMap<>();
        for (Schema.Field f : recordSchema.getFields()) {
            byName.put(f.name(), f);
            for (String alias : f.aliases()) {
                byName.put(alias, f);
            }
        }
        return byName;
    }
}
