package io.checkoutlake.tools.generator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A raw document as it is stored: PascalCase keys, every value a string (JSON-encoded where it
 * holds an object, array, number or boolean, {@code "null"} for null), in insertion order.
 */
final class TopLevelDocument {
    static final String NULL = "null";

    private final LinkedHashMap<String, EncodedValue> values = new LinkedHashMap<>();

    void put(String key, String value) {
        values.put(key, EncodedValue.of(value));
    }

    void put(String key, EncodedValue value) {
        values.put(key, value);
    }

    /** The value's text, or null when the key is absent. */
    String get(String key) {
        EncodedValue value = values.get(key);
        return value == null ? null : value.text();
    }

    void remove(String key) {
        values.remove(key);
    }

    /** Exactly {@code toBytes().length}, computed without writing the document. */
    int size() {
        int size = 2 + Math.max(0, values.size() - 1);
        for (Map.Entry<String, EncodedValue> e : values.entrySet()) {
            // "key":"value"
            size += 5 + JsonText.escapedLength(e.getKey()) + e.getValue().escapedLength();
        }
        return size;
    }

    /**
     * Compact UTF-8 JSON, without a byte-order mark: what Jackson writes for this object of strings
     * (the test compares the two byte for byte). Written here because the size is known in advance
     * and the values are mostly escaped JSON, the slow path of Jackson's generator.
     */
    byte[] toBytes() {
        byte[] out = new byte[size()];
        int at = 0;
        out[at++] = '{';
        boolean first = true;
        for (Map.Entry<String, EncodedValue> e : values.entrySet()) {
            if (!first) {
                out[at++] = ',';
            }
            first = false;
            out[at++] = '"';
            at = JsonText.writeEscaped(e.getKey(), out, at);
            out[at++] = '"';
            out[at++] = ':';
            out[at++] = '"';
            at = JsonText.writeEscaped(e.getValue().text(), out, at);
            out[at++] = '"';
        }
        out[at++] = '}';
        if (at != out.length) {
            throw new IllegalStateException(
                    "document sized " + out.length + " bytes but wrote " + at);
        }
        return out;
    }
}
