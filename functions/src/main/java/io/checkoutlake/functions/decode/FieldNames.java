package io.checkoutlake.functions.decode;

import java.util.Locale;

/**
 * The lake's column naming convention: lower snake case ({@code LastChange -> last_change}, {@code
 * productCategories -> product_categories}, {@code baseURL -> base_url}). Lower case because Hive,
 * Glue and Athena fold names to lower case anyway, and underscores so that engines need no quoting;
 * two source keys that differ only in case map to the same column.
 */
public final class FieldNames {
    private FieldNames() {}

    public static String toSnakeCase(String key) {
        StringBuilder out = new StringBuilder(key.length() + 8);
        int n = key.length();
        for (int i = 0; i < n; i++) {
            char c = key.charAt(i);
            if (Character.isUpperCase(c)) {
                boolean prevLowerOrDigit =
                        i > 0
                                && (Character.isLowerCase(key.charAt(i - 1))
                                        || Character.isDigit(key.charAt(i - 1)));
                boolean acronymEnds =
                        i > 0
                                && Character.isUpperCase(key.charAt(i - 1))
                                && i + 1 < n
                                && Character.isLowerCase(key.charAt(i + 1));
                if ((prevLowerOrDigit || acronymEnds) && out.length() > 0) {
                    appendUnderscore(out);
                }
                out.append(Character.toLowerCase(c));
            } else if (Character.isLetterOrDigit(c) && c < 128) {
                out.append(c);
            } else {
                appendUnderscore(out);
            }
        }
        String s = out.toString();
        while (s.endsWith("_") && s.length() > 1) {
            s = s.substring(0, s.length() - 1);
        }
        return s.toLowerCase(Locale.ROOT);
    }

    private static void appendUnderscore(StringBuilder out) {
        if (out.length() > 0 && out.charAt(out.length() - 1) != '_') {
            out.append('_');
        }
    }
}
