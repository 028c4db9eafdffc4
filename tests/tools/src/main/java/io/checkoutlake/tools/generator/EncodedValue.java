package io.checkoutlake.tools.generator;

import java.util.List;

/**
 * A top-level string value and its size once escaped into the document. A value made of many
 * already-written parts (the items, the logistics lines) is sized from their known sizes and only
 * concatenated when the document is written: sizing a document many times must not mean scanning
 * its items many times.
 */
final class EncodedValue {
    private final String prefix;
    private final List<String> parts;
    private final String suffix;
    private final int escapedLength;
    private String text;

    private EncodedValue(
            String text, String prefix, List<String> parts, String suffix, int escapedLength) {
        this.text = text;
        this.prefix = prefix;
        this.parts = parts;
        this.suffix = suffix;
        this.escapedLength = escapedLength;
    }

    static EncodedValue of(String text) {
        return new EncodedValue(text, null, null, null, JsonText.escapedLength(text));
    }

    /**
     * {@code prefix + parts joined by commas + suffix}, where {@code partsEscapedLength} is the sum
     * of the parts' escaped lengths.
     */
    static EncodedValue joined(
            String prefix, List<String> parts, int partsEscapedLength, String suffix) {
        int length =
                JsonText.escapedLength(prefix)
                        + partsEscapedLength
                        + Math.max(0, parts.size() - 1)
                        + JsonText.escapedLength(suffix);
        return new EncodedValue(null, prefix, parts, suffix, length);
    }

    /** UTF-8 bytes of the value inside a JSON string, without the quotes. */
    int escapedLength() {
        return escapedLength;
    }

    String text() {
        if (text == null) {
            int length = prefix.length() + suffix.length() + Math.max(0, parts.size() - 1);
            for (String part : parts) {
                length += part.length();
            }
            StringBuilder out = new StringBuilder(length);
            out.append(prefix);
            for (int i = 0; i < parts.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(parts.get(i));
            }
            text = out.append(suffix).toString();
        }
        return text;
    }
}
