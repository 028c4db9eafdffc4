package io.checkoutlake.tools.generator;

import java.util.LinkedHashMap;

/**
 * A raw document as it is stored: PascalCase keys, every value a string (JSON-encoded where it
 * holds an object, array, number or boolean, {@code "null"} for null), in insertion order.
 */
final class TopLevelDocument {
    static final String NULL = "null";

    private final LinkedHashMap<String, String> values = new LinkedHashMap<>();

    void put(String key, String value) {
        values.put(key, value);
    }

    /** The value's text, or null when the key is absent. */
    String get(String key) {
        return values.get(key);
    }

    void remove(String key) {
        values.remove(key);
    }

    /** Compact UTF-8 JSON, without a byte-order mark. */
    byte[] toBytes() {
        return Json.bytes(values);
    }
}
