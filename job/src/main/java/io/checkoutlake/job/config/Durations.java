package io.checkoutlake.job.config;

import java.time.Duration;
import java.util.Locale;
import org.apache.flink.util.TimeUtils;

/**
 * Durations as people type them in configuration: a whole number and a unit ({@code 500ms}, {@code
 * 30s}, {@code 5m}, {@code 1h}, {@code 2d}), or a bare {@code 0}.
 *
 * <p>A unit is required for anything but zero because a bare {@code 30} is ambiguous (Flink reads
 * it as milliseconds, people mean seconds); Flink's {@link TimeUtils} reads what passes, but Flink
 * alone would also take {@code 30} and {@code 2 minutes}.
 */
public final class Durations {
    static final String EXAMPLES = "e.g. 30s, 5m, 1h";

    // Largest first, so that format() picks the largest unit that is exact.
    private static final String[] UNITS = {"d", "h", "m", "s"};
    private static final long[] UNIT_SECONDS = {86_400, 3_600, 60, 1};

    private Durations() {}

    /**
     * Parses {@code <whole number><unit>} with unit {@code ms}, {@code s}, {@code m}, {@code h} or
     * {@code d} (case-insensitive), or {@code 0}.
     *
     * @throws IllegalArgumentException naming the text, without a key (the caller knows the key)
     */
    public static Duration parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        if (trimmed.equals("0")) {
            return Duration.ZERO;
        }
        if (trimmed.matches("\\d+")) {
            throw new IllegalArgumentException(
                    "'" + trimmed + "' has no unit (ms, s, m, h or d; " + EXAMPLES + ")");
        }
        if (!trimmed.toLowerCase(Locale.ROOT).matches("\\d+\\s*(ms|s|m|h|d)")) {
            throw new IllegalArgumentException(
                    "'" + trimmed + "' is not a duration (" + EXAMPLES + ")");
        }
        try {
            return TimeUtils.parseDuration(trimmed);
        } catch (ArithmeticException | IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + trimmed + "' is too long a duration");
        }
    }

    /**
     * The shortest text that {@link #parse} reads back as the same duration, e.g. {@code 90s} for
     * 90 seconds; ISO-8601 ({@code PT0.0005S}) for what no unit expresses exactly.
     */
    public static String format(Duration duration) {
        if (duration.isZero()) {
            return "0";
        }
        if (duration.isNegative() || duration.getNano() % 1_000_000 != 0) {
            return duration.toString();
        }
        for (int i = 0; i < UNITS.length && duration.getNano() == 0; i++) {
            if (duration.getSeconds() % UNIT_SECONDS[i] == 0) {
                return duration.getSeconds() / UNIT_SECONDS[i] + UNITS[i];
            }
        }
        try {
            return duration.toMillis() + "ms";
        } catch (ArithmeticException tooLong) {
            return duration.toString();
        }
    }
}
