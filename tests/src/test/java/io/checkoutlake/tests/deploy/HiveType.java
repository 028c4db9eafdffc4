package io.checkoutlake.tests.deploy;

import java.util.ArrayList;
import java.util.List;

/**
 * A Hive type read back from its text ({@code struct<a:bigint,b:array<string>>}), so that the
 * generated catalog can be compared with the Avro schema node by node.
 */
public final class HiveType {
    /** {@code struct}, {@code array}, {@code map} or a primitive such as {@code bigint}. */
    public final String kind;

    /** Field names of a struct; empty otherwise. */
    public final List<String> fieldNames = new ArrayList<>();

    /** Field types of a struct, the element of an array, key and value of a map. */
    public final List<HiveType> children = new ArrayList<>();

    private HiveType(String kind) {
        this.kind = kind;
    }

    public static HiveType parse(String text) {
        Parser parser = new Parser(text);
        HiveType type = parser.type();
        if (parser.at < text.length()) {
            throw new IllegalArgumentException("trailing text at " + parser.at + " in " + text);
        }
        return type;
    }

    private static final class Parser {
        private final String text;
        private int at;

        Parser(String text) {
            this.text = text;
        }

        HiveType type() {
            String name = identifier();
            HiveType type = new HiveType(name);
            if (name.equals("struct")) {
                expect('<');
                do {
                    type.fieldNames.add(identifier());
                    expect(':');
                    type.children.add(type());
                } while (accept(','));
                expect('>');
            } else if (name.equals("array")) {
                expect('<');
                type.children.add(type());
                expect('>');
            } else if (name.equals("map")) {
                expect('<');
                type.children.add(type());
                expect(',');
                type.children.add(type());
                expect('>');
            }
            return type;
        }

        private String identifier() {
            int start = at;
            while (at < text.length()
                    && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_')) {
                at++;
            }
            if (start == at) {
                throw new IllegalArgumentException("expected a name at " + at + " in " + text);
            }
            return text.substring(start, at);
        }

        private boolean accept(char c) {
            if (at < text.length() && text.charAt(at) == c) {
                at++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            if (!accept(c)) {
                throw new IllegalArgumentException("expected '" + c + "' at " + at + " in " + text);
            }
        }
    }
}
