package io.checkoutlake.job.config;

import io.checkoutlake.functions.model.Entity;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The raw folders a backfill reads, from {@code backfill.folders}: comma-separated items, each a
 * hex prefix {@code 3A}, an inclusive range {@code 00-3F} (both entities' folders), or one folder
 * {@code E9_FulfillmentOrder}; {@code all} is {@code 00-FF}, the 512 folders of the raw layout.
 */
public final class BackfillFolders {
    public static final String ALL = "all";

    private static final Pattern PREFIX = Pattern.compile("[0-9A-Fa-f]{2}");
    private static final Pattern RANGE = Pattern.compile("([0-9A-Fa-f]{2})-([0-9A-Fa-f]{2})");
    private static final Pattern FOLDER = Pattern.compile("([0-9A-Fa-f]{2})_([A-Za-z]+)");

    private final String spec;
    private final List<String> names;

    private BackfillFolders(String spec, List<String> names) {
        this.spec = spec;
        this.names = Collections.unmodifiableList(names);
    }

    /**
     * Parses a {@code backfill.folders} value.
     *
     * @throws IllegalArgumentException naming the item that is not a prefix, range or folder
     */
    public static BackfillFolders parse(String spec) {
        Objects.requireNonNull(spec, "spec");
        String trimmed = spec.trim();
        if (trimmed.equalsIgnoreCase(ALL)) {
            return new BackfillFolders(ALL, foldersOf(0, 255));
        }
        // Sorted by prefix, then entity: the order in which the layout lists them.
        TreeSet<String> names = new TreeSet<>();
        for (String raw : trimmed.split(",", -1)) {
            String item = raw.trim();
            Matcher range = RANGE.matcher(item);
            Matcher folder = FOLDER.matcher(item);
            if (PREFIX.matcher(item).matches()) {
                int p = Integer.parseInt(item, 16);
                names.addAll(foldersOf(p, p));
            } else if (range.matches()) {
                int from = Integer.parseInt(range.group(1), 16);
                int to = Integer.parseInt(range.group(2), 16);
                if (from > to) {
                    throw new IllegalArgumentException(
                            "'"
                                    + item
                                    + "' is a range from high to low (write "
                                    + range.group(2)
                                    + "-"
                                    + range.group(1)
                                    + ")");
                }
                names.addAll(foldersOf(from, to));
            } else if (folder.matches()
                    && Entity.fromRawFolderSuffix(folder.group(2)).isPresent()) {
                Entity e = Entity.fromRawFolderSuffix(folder.group(2)).get();
                names.add(nameOf(Integer.parseInt(folder.group(1), 16), e));
            } else {
                throw new IllegalArgumentException(
                        "'"
                                + item
                                + "' is not a folder prefix (3A), a range (00-3F), a folder"
                                + " (E9_FulfillmentOrder) or 'all'");
            }
        }
        return new BackfillFolders(trimmed, new ArrayList<>(names));
    }

    /** Folder names such as {@code 3A_CheckoutOrder}, in layout order. */
    public List<String> names() {
        return names;
    }

    public String spec() {
        return spec;
    }

    private static List<String> foldersOf(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int p = from; p <= to; p++) {
            for (Entity e : Entity.values()) {
                out.add(nameOf(p, e));
            }
        }
        return out;
    }

    static String nameOf(int prefix, Entity entity) {
        return String.format(Locale.ROOT, "%02X_%s", prefix, entity.rawFolderSuffix());
    }
}
