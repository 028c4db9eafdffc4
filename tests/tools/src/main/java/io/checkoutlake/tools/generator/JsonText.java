package io.checkoutlake.tools.generator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;

/**
 * Compact JSON writing, and the arithmetic that sizes documents without writing them: how many
 * UTF-8 bytes a text takes once Jackson has escaped it into a JSON string.
 */
final class JsonText {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final char[] HEX_UPPER = "0123456789ABCDEF".toCharArray();

    private JsonText() {}

    static ObjectNode object() {
        return NODES.objectNode();
    }

    /** An object node sized for its fields, so that its map is not grown field by field. */
    static ObjectNode object(int fields) {
        return new ObjectNode(NODES, new LinkedHashMap<>(fields * 4 / 3 + 1));
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write generated JSON", e);
        }
    }

    /**
     * UTF-8 bytes of {@code text} inside a JSON string as Jackson writes it by default, without the
     * quotes: {@code "} and {@code \} take two, control characters two or six, the rest their UTF-8
     * length. Escaping is per character, so the size of a concatenation is the sum.
     */
    static int escapedLength(CharSequence text) {
        int bytes = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                if (c == '"' || c == '\\') {
                    bytes += 2;
                } else if (c >= 0x20) {
                    bytes += 1;
                } else {
                    bytes += isShortEscape(c) ? 2 : 6;
                }
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < n
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /**
     * Writes {@code text} escaped as Jackson escapes it into {@code out} from {@code at}, which
     * must have room for {@link #escapedLength} bytes; returns the position after it.
     */
    static int writeEscaped(String text, byte[] out, int at) {
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                if (c == '"' || c == '\\') {
                    out[at++] = '\\';
                    out[at++] = (byte) c;
                } else if (c >= 0x20) {
                    out[at++] = (byte) c;
                } else {
                    at = writeControl(c, out, at);
                }
            } else if (c < 0x800) {
                out[at++] = (byte) (0xC0 | (c >> 6));
                out[at++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < n
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, text.charAt(++i));
                out[at++] = (byte) (0xF0 | (cp >> 18));
                out[at++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                out[at++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                out[at++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                out[at++] = (byte) (0xE0 | (c >> 12));
                out[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                out[at++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return at;
    }

    private static int writeControl(char c, byte[] out, int at) {
        out[at++] = '\\';
        switch (c) {
            case '\b':
                out[at++] = 'b';
                return at;
            case '\t':
                out[at++] = 't';
                return at;
            case '\n':
                out[at++] = 'n';
                return at;
            case '\f':
                out[at++] = 'f';
                return at;
            case '\r':
                out[at++] = 'r';
                return at;
            default:
                out[at++] = 'u';
                out[at++] = '0';
                out[at++] = '0';
                out[at++] = (byte) HEX_UPPER[(c >> 4) & 0xF];
                out[at++] = (byte) HEX_UPPER[c & 0xF];
                return at;
        }
    }

    private static boolean isShortEscape(char c) {
        return c == '\b' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
    }

    static JsonNode text(String value) {
        return value == null ? NODES.nullNode() : NODES.textNode(value);
    }
}
