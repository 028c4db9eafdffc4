package io.checkoutlake.functions.decode;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What restructuring removes and reshapes before a document is typed, per entity. Paths use the
 * source's key names, dot-separated, with {@code []} after a key whose value is an array whose
 * elements the rest of the path applies to: {@code ItemMetadata.items[].assemblyOptions}.
 */
public final class RestructureRules implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<String> dropKeysContaining;
    private final List<List<String>> dropPaths;
    private final List<List<String>> mapToListPaths;
    private final List<String> dropPathTexts;
    private final List<String> mapToListPathTexts;

    private RestructureRules(Builder b) {
        this.dropKeysContaining =
                Collections.unmodifiableList(new ArrayList<>(b.dropKeysContaining));
        this.dropPathTexts = Collections.unmodifiableList(new ArrayList<>(b.dropPaths));
        this.mapToListPathTexts = Collections.unmodifiableList(new ArrayList<>(b.mapToListPaths));
        this.dropPaths = parseAll(dropPathTexts);
        this.mapToListPaths = parseAll(mapToListPathTexts);
    }

    /**
     * Today's rules (domain-notes.md): store-defined keys that break Hive, Athena and Glue are
     * removed, free text and per-store data are not carried, and category maps become lists.
     */
    public static RestructureRules legacyDefaults() {
        return builder()
                .dropKeysContaining("attachment")
                .dropPath("ItemMetadata.items[].assemblyOptions")
                .dropPath("RatesAndBenefitsData.rateAndBenefitsIdentifiers[].matchedParameters")
                .dropPath("RatesAndBenefitsData.rateAndBenefitsIdentifiers[].additionalInfo")
                .dropPath("CustomData.customApps[].fields.cart-extra-context")
                .dropPath("CustomData")
                .dropPath("CommercialConditionData")
                .dropPath("OpenTextField")
                .mapToList("Items[].productCategories")
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Lower-cased substrings; a key containing any of them is removed at every depth. */
    public List<String> dropKeysContaining() {
        return dropKeysContaining;
    }

    public List<List<String>> dropPaths() {
        return dropPaths;
    }

    public List<List<String>> mapToListPaths() {
        return mapToListPaths;
    }

    public boolean dropsKey(String key) {
        // Called for every key at every depth: compare in place instead of lower-casing a copy.
        for (String s : dropKeysContaining) {
            if (containsIgnoreCase(key, s)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code text} contains the lower-case {@code part}, ignoring case (ROOT locale). */
    static boolean containsIgnoreCase(String text, String part) {
        int last = text.length() - part.length();
        for (int i = 0; i <= last; i++) {
            if (text.regionMatches(true, i, part, 0, part.length())) {
                return true;
            }
        }
        return false;
    }

    /** Whether a whole top-level key is dropped (so its encoded value is never parsed). */
    public boolean dropsTopLevel(String key) {
        return dropsKey(key) || dropPaths.contains(List.of(key));
    }

    @Override
    public String toString() {
        return "RestructureRules{dropKeysContaining="
                + dropKeysContaining
                + ", dropPaths="
                + dropPathTexts
                + ", mapToList="
                + mapToListPathTexts
                + "}";
    }

    /** Splits {@code a.b[].c} into {@code [a, b, [], c]}. */
    static List<String> parse(String path) {
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("restructure path is empty");
        }
        List<String> out = new ArrayList<>();
        // Limit -1 keeps trailing empty segments, so that "a.b." is rejected like "a..b".
        for (String seg : path.split("\\.", -1)) {
            if (seg.isEmpty() || seg.equals("[]")) {
                throw new IllegalArgumentException("restructure path '" + path + "' is malformed");
            }
            if (seg.endsWith("[]")) {
                out.add(seg.substring(0, seg.length() - 2));
                out.add("[]");
            } else {
                out.add(seg);
            }
        }
        return Collections.unmodifiableList(out);
    }

    private static List<List<String>> parseAll(List<String> paths) {
        return paths.stream().map(RestructureRules::parse).collect(Collectors.toUnmodifiableList());
    }

    /** Builds rules; {@link #build()} rejects a malformed path, naming it. */
    public static final class Builder {
        private final List<String> dropKeysContaining = new ArrayList<>();
        private final List<String> dropPaths = new ArrayList<>();
        private final List<String> mapToListPaths = new ArrayList<>();

        public Builder dropKeysContaining(String... substrings) {
            for (String s : substrings) {
                dropKeysContaining.add(s.toLowerCase(Locale.ROOT));
            }
            return this;
        }

        public Builder dropPath(String path) {
            dropPaths.add(path);
            return this;
        }

        /** A map {@code {"1": "Toys"}} at this path becomes {@code [{"id":"1","name":"Toys"}]}. */
        public Builder mapToList(String path) {
            mapToListPaths.add(path);
            return this;
        }

        public RestructureRules build() {
            RestructureRules rules = new RestructureRules(this); // parses, so rejects bad paths
            if (dropKeysContaining.contains("")) {
                throw new IllegalArgumentException(
                        "dropKeysContaining '' would drop every key: " + dropKeysContaining);
            }
            return rules;
        }
    }
}
