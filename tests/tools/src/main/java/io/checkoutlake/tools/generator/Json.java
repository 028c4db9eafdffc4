package io.checkoutlake.tools.generator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/** Jackson does the writing and the escaping: the decoder reads what Jackson writes. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {}

    static ObjectNode object() {
        return NODES.objectNode();
    }

    static ArrayNode array() {
        return NODES.arrayNode();
    }

    static JsonNode text(String value) {
        return value == null ? NODES.nullNode() : NODES.textNode(value);
    }

    /**
     * Parses a JSON template written with single quotes, each {@code %s} replaced by the next value
     * as JSON (a string quoted and escaped, a number, a boolean, null): constant parts of a section
     * stay readable on a line or two.
     */
    static ObjectNode parse(String template, Object... values) {
        Object[] json = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            json[i] = write(values[i]);
        }
        try {
            return (ObjectNode) MAPPER.readTree(String.format(template.replace('\'', '"'), json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("bad JSON template " + template, e);
        }
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write generated JSON", e);
        }
    }

    static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write generated JSON", e);
        }
    }
}
