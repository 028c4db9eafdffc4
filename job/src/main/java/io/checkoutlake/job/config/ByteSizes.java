package io.checkoutlake.job.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kb|mb|gb|tb)");
    private static final Pattern BARE_NUMBER = Pattern.compile("\\d+");

    // Largest first, so that format() picks the largest unit that is exact.
    private static final String[] SUFFIXES = {"tb", "gb", "mb", "kb", "b"};
    private static final long[] MULTIPLIERS = {1L << 40, 1L << 30, 1L << 20, 1L << 10, 1L};

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
        if (BARE_NUMBER.matcher(trimmed).matches()) {
            throw new IllegalArgumentException(
                    "'" + trimmed + "' has no unit (b, kb, mb, gb or tb; " + EXAMPLES + ")");
        }
        Matcher m = SIZE.matcher(trimmed.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
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
        for (int i = 0; i < SUFFIXES.length; i++) {
            if (bytes % MULTIPLIERS[i] == 0) {
                return bytes / MULTIPLIERS[i] + SUFFIXES[i];
            }
        }
        throw new IllegalStateException("every whole number is a multiple of 1b");
    }
}
