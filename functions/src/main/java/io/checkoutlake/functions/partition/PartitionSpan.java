package io.checkoutlake.functions.partition;

import java.io.Serializable;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;

/**
 * The time span of the partitions a {@link EventTimeBucketAssigner} pattern makes: the finest
 * calendar field the pattern prints (a day for {@code 'YEAR='yyyy/'MONTH='MM/'DAY='dd}, an hour
 * once {@code HH} is added). A partition is complete once event time has passed its end, which is
 * what the watermark-driven partition commit waits for.
 */
public final class PartitionSpan implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String pattern;
    private final ChronoUnit unit;
    private transient DateTimeFormatter parser;

    private PartitionSpan(String pattern, ChronoUnit unit) {
        this.pattern = pattern;
        this.unit = unit;
    }

    /** Pattern letters that print each calendar unit, finest unit first. */
    private static final String[] LETTERS = {"s", "m", "HkhK", "dDEe", "MLQq", "yu"};

    private static final ChronoUnit[] UNITS = {
        ChronoUnit.SECONDS,
        ChronoUnit.MINUTES,
        ChronoUnit.HOURS,
        ChronoUnit.DAYS,
        ChronoUnit.MONTHS,
        ChronoUnit.YEARS
    };

    /** The span of {@code pattern}'s partitions, e.g. {@link ChronoUnit#DAYS} for the default. */
    public static PartitionSpan of(String pattern) {
        EventTimeBucketAssigner.compile(pattern);
        // Quoted text ('YEAR=') prints no field; compile() rejected an unterminated quote.
        String fields = pattern.replaceAll("'[^']*'", "");
        for (int i = 0; i < UNITS.length; i++) {
            String letters = LETTERS[i];
            if (fields.chars().anyMatch(c -> letters.indexOf(c) >= 0)) {
                return new PartitionSpan(pattern, UNITS[i]);
            }
        }
        throw new IllegalArgumentException(
                "partition pattern '" + pattern + "' prints no date or time field");
    }

    public ChronoUnit unit() {
        return unit;
    }

    /** The first instant after the partition holding {@code eventTimeMillis}, in epoch millis. */
    public long endMillis(long eventTimeMillis) {
        ZonedDateTime t = Instant.ofEpochMilli(eventTimeMillis).atZone(ZoneOffset.UTC);
        ZonedDateTime start =
                unit == ChronoUnit.YEARS
                        ? t.withDayOfYear(1).truncatedTo(ChronoUnit.DAYS)
                        : unit == ChronoUnit.MONTHS
                                ? t.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS)
                                : t.truncatedTo(unit);
        return start.plus(1, unit).toInstant().toEpochMilli();
    }

    /**
     * The end of the partition named {@code partition} (a bucket id of this pattern, e.g. {@code
     * YEAR=2019/MONTH=08/DAY=23}), in epoch millis.
     *
     * @throws IllegalArgumentException if the pattern did not make that name
     */
    public long endMillisOf(String partition) {
        if (parser == null) {
            parser =
                    new DateTimeFormatterBuilder()
                            .appendPattern(pattern)
                            .parseDefaulting(ChronoField.MONTH_OF_YEAR, 1)
                            .parseDefaulting(ChronoField.DAY_OF_MONTH, 1)
                            .parseDefaulting(ChronoField.HOUR_OF_DAY, 0)
                            .parseDefaulting(ChronoField.MINUTE_OF_HOUR, 0)
                            .parseDefaulting(ChronoField.SECOND_OF_MINUTE, 0)
                            .toFormatter()
                            .withZone(ZoneOffset.UTC);
        }
        try {
            long start = ZonedDateTime.parse(partition, parser).toInstant().toEpochMilli();
            return endMillis(start);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "'" + partition + "' is not a partition of pattern '" + pattern + "'", e);
        }
    }

    @Override
    public String toString() {
        return "PartitionSpan{" + unit + "}";
    }
}
