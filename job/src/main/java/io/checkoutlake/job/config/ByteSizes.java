package io.checkoutlake.job.config;

import java.util.Locale;
import org.apache.flink.configuration.MemorySize;

/**
 * Sizes as people type them in configuration: a whole number and a unit ({@code 512kb}, {@code
 * 64mb}, {@code 1gb}), or a bare {@code 0}.
 *
 * <p>Units are binary ({@code 1kb} = 1024 bytes) because that is what Parquet and Flink mean by
 * their own sizes. A unit is required for anything but zero so that {@code 128} is not silently 128
 * bytes when 128mb was meant; Flink's {@link MemorySize} reads what passes.
 */
public final class ByteSizes {
    static final String EXAMPLES = "e.g. 512kb, 64mb, 1gb";

    // Largest first, so that format() picks the largest unit that is exact.
    private static final String[] UNITS = {"tb", "gb", "mb", "kb"};

    private ByteSizes() {}

    /**
     * Parses {@code <whole number><unit>} with unit {@code b}, {@code kb}, {@code mb}, {@code gb}
     * or {@code tb} (case-insensitive), or {@code 0}, into bytes.
     *
     * @throws IllegalArgumentException naming the text, without a key (the caller knows the key)
     */
    public static long parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        if (trimmed.equals("0")) {
            return 0;
        }
        if (trimmed.matches("\\d+")) {
            throw new IllegalArgumentException(
                    "'" + trimmed + "' has no unit (b, kb, mb, gb or tb; " + EXAMPLES + ")");
        }
        if (!trimmed.toLowerCase(Locale.ROOT).matches("\\d+\\s*(b|kb|mb|gb|tb)")) {
            throw new IllegalArgumentException(
                    "'" + trimmed + "' is not a size (" + EXAMPLES + ")");
        }
        try {
            return MemorySize.parse(trimmed).getBytes();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + trimmed + "' is too large a size");
        }
    }

    /** The shortest text that {@link #parse} reads back as the same size, e.g. {@code 128mb}. */
    public static String format(long bytes) {
        if (bytes == 0) {
            return "0";
        }
        for (int i = 0; i < UNITS.length; i++) {
            long unit = 1L << (10 * (UNITS.length - i));
            if (bytes % unit == 0) {
                return bytes / unit + UNITS[i];
            }
        }
        return bytes + "b";
    }
}
