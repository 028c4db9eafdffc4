package io.checkoutlake.job.config;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final Pattern BARE_NUMBER = Pattern.compile("\\d+");

    // Largest first, so that format() picks the largest unit that is exact.
    private static final Unit[] UNITS = {
        new Unit("d", ChronoUnit.DAYS),
        new Unit("h", ChronoUnit.HOURS),
        new Unit("m", ChronoUnit.MINUTES),
        new Unit("s", ChronoUnit.SECONDS),
        new Unit("ms", ChronoUnit.MILLIS),
    };

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
        if (BARE_NUMBER.matcher(trimmed).matches()) {
            throw new IllegalArgumentException(
                    "'" + trimmed + "' has no unit (ms, s, m, h or d; " + EXAMPLES + ")");
        }
        Matcher m = DURATION.matcher(trimmed.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
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
        if (duration.getNano() == 0) {
            for (Unit unit : UNITS) {
                long unitSeconds = unit.chronoUnit.getDuration().getSeconds();
                if (unitSeconds > 0 && duration.getSeconds() % unitSeconds == 0) {
                    return duration.getSeconds() / unitSeconds + unit.suffix;
                }
            }
        }
        try {
            return duration.toMillis() + "ms";
        } catch (ArithmeticException tooLong) {
            return duration.toString();
        }
    }

    private static final class Unit {
        final String suffix;
        final ChronoUnit chronoUnit;

        Unit(String suffix, ChronoUnit chronoUnit) {
            this.suffix = suffix;
            this.chronoUnit = chronoUnit;
        }
    }
}
