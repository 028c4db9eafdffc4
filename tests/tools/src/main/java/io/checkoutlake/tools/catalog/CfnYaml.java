package io.checkoutlake.tools.catalog;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Renders a CloudFormation template, held as nested maps, lists and scalars, as block YAML with
 * short-form intrinsic functions ({@code !Ref X}). Deterministic (map order is kept), so a
 * generated template can be compared byte for byte with the committed one.
 */
public final class CfnYaml {
    private static final int INDENT = 2;

    /** Plain scalars that YAML would not read back as the same string. */
    private static final Set<String> RESERVED =
            Set.of("true", "false", "yes", "no", "on", "off", "y", "n", "null", "~");

    /** Colons are fine inside a plain scalar as long as no space follows them; none can here. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_/][A-Za-z0-9_./:-]*(?<!:)");

    private CfnYaml() {}

    /** A short-form intrinsic function with one scalar argument, e.g. {@code !Ref Database}. */
    public static final class Intrinsic {
        private final String tag;
        private final String argument;

        private Intrinsic(String tag, String argument) {
            this.tag = tag;
            this.argument = Objects.requireNonNull(argument);
        }

        @Override
        public String toString() {
            return "!" + tag + " " + scalar(argument);
        }
    }

    public static Intrinsic ref(String name) {
        return new Intrinsic("Ref", name);
    }

    /**
     * {@code !Sub}: {@code ${Name}} is substituted, {@code ${!Name}} stays a literal {@code
     * ${Name}}.
     */
    public static Intrinsic sub(String text) {
        return new Intrinsic("Sub", text);
    }

    /** The document, after {@code comments} as {@code #} lines. */
    public static String render(List<String> comments, Map<String, ?> document) {
        StringBuilder out = new StringBuilder();
        for (String comment : comments) {
            out.append(comment.isEmpty() ? "#" : "# " + comment).append('\n');
        }
        writeMap(document, 0, out);
        return out.toString();
    }

    private static void writeMap(Map<?, ?> map, int indent, StringBuilder out) {
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            pad(indent, out).append(scalar(entry.getKey().toString())).append(':');
            writeAfterKey(entry.getValue(), indent, out);
        }
    }

    private static void writeAfterKey(Object value, int indent, StringBuilder out) {
        if (value instanceof Map && !((Map<?, ?>) value).isEmpty()) {
            out.append('\n');
            writeMap((Map<?, ?>) value, indent + INDENT, out);
        } else if (value instanceof List && !((List<?>) value).isEmpty()) {
            out.append('\n');
            writeList((List<?>) value, indent + INDENT, out);
        } else {
            out.append(' ').append(inline(value)).append('\n');
        }
    }

    private static void writeList(List<?> list, int indent, StringBuilder out) {
        for (Object item : list) {
            if (item instanceof Map && !((Map<?, ?>) item).isEmpty()) {
                // The map's first key goes on the dash's line, the others align with it.
                StringBuilder nested = new StringBuilder();
                writeMap((Map<?, ?>) item, indent + INDENT, nested);
                pad(indent, out).append("- ").append(nested, indent + INDENT, nested.length());
            } else if (item instanceof List && !((List<?>) item).isEmpty()) {
                pad(indent, out).append("-\n");
                writeList((List<?>) item, indent + INDENT, out);
            } else {
                pad(indent, out).append("- ").append(inline(item)).append('\n');
            }
        }
    }

    private static String inline(Object value) {
        if (value instanceof Map) {
            return "{}";
        }
        if (value instanceof List) {
            return "[]";
        }
        if (value instanceof Number || value instanceof Boolean || value instanceof Intrinsic) {
            return value.toString();
        }
        if (value instanceof String) {
            return scalar((String) value);
        }
        throw new IllegalArgumentException("cannot render " + value + " as YAML");
    }

    /** Plain when YAML reads it back as the same string, otherwise double-quoted. */
    static String scalar(String text) {
        if (PLAIN.matcher(text).matches() && !RESERVED.contains(text.toLowerCase(Locale.ROOT))) {
            return text;
        }
        StringBuilder quoted = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c == '\n') {
                quoted.append("\\n");
            } else if (c == '\t') {
                quoted.append("\\t");
            } else if (c < 0x20) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }

    private static StringBuilder pad(int indent, StringBuilder out) {
        for (int i = 0; i < indent; i++) {
            out.append(' ');
        }
        return out;
    }
}
