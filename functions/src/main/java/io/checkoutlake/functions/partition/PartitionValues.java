package io.checkoutlake.functions.partition;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The Hive-style {@code KEY=value} segments of a partition folder such as {@code
 * YEAR=2019/MONTH=08/DAY=23}, outermost first. Catalog columns are the lower-cased keys ({@code
 * year}), as in the Glue tables.
 */
public final class PartitionValues {
    private final Map<String, String> values;

    private PartitionValues(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /**
     * Parses a bucket id.
     *
     * @throws IllegalArgumentException if a segment is not {@code KEY=value}
     */
    public static PartitionValues parse(String partition) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String segment : partition.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            int eq = segment.indexOf('=');
            if (eq <= 0 || eq == segment.length() - 1) {
                throw new IllegalArgumentException(
                        "partition '" + partition + "' has a segment that is not KEY=value");
            }
            String column = segment.substring(0, eq).toLowerCase(Locale.ROOT);
            if (values.put(column, segment.substring(eq + 1)) != null) {
                throw new IllegalArgumentException(
                        "partition '" + partition + "' names " + column + " twice");
            }
        }
        if (values.isEmpty()) {
            throw new IllegalArgumentException("partition '" + partition + "' is empty");
        }
        return new PartitionValues(values);
    }

    /** Lower-case column names, outermost first. */
    public List<String> columns() {
        return new ArrayList<>(values.keySet());
    }

    /** The folder values as written, e.g. {@code 08}. */
    public List<String> folderValues() {
        return new ArrayList<>(values.values());
    }

    /**
     * The values as a catalog stores int partition columns: {@code 08} becomes {@code 8}, so that
     * engines comparing the text of values (Hive metastore filters) agree with those casting them.
     * Values that are not numbers stay as they are.
     */
    public List<String> catalogValues() {
        return values.values().stream()
                .map(v -> v.matches("[0-9]{1,9}") ? Integer.toString(Integer.parseInt(v)) : v)
                .collect(Collectors.toList());
    }
}
