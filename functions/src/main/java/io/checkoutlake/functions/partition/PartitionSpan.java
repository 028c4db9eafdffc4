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

    /** The span of {@code pattern}'s partitions, e.g. {@link ChronoUnit#DAYS} for the default. */
    public static PartitionSpan of(String pattern) {
        EventTimeBucketAssigner.compile(pattern);
        ChronoUnit finest = null;
        boolean quoted = false;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
                continue;
            }
            if (quoted) {
                continue;
            }
            ChronoUnit u = unitOf(c);
            if (u != null && (finest == null || u.compareTo(finest) < 0)) {
                finest = u;
            }
        }
        if (finest == null) {
            throw new IllegalArgumentException(
                    "partition pattern '" + pattern + "' prints no date or time field");
        }
        return new PartitionSpan(pattern, finest);
    }

    private static ChronoUnit unitOf(char letter) {
        switch (letter) {
            case 's':
                return ChronoUnit.SECONDS;
            case 'm':
                return ChronoUnit.MINUTES;
            case 'H':
            case 'k':
            case 'h':
            case 'K':
                return ChronoUnit.HOURS;
            case 'd':
            case 'D':
            case 'E':
            case 'e':
                return ChronoUnit.DAYS;
            case 'M':
            case 'L':
            case 'Q':
            case 'q':
                return ChronoUnit.MONTHS;
            case 'y':
            case 'u':
                return ChronoUnit.YEARS;
            default:
                return null;
        }
    }

    public ChronoUnit unit() {
        return unit;
    }

    /** The first instant after the partition holding {@code eventTimeMillis}, in epoch millis. */
    public long endMillis(long eventTimeMillis) {
        ZonedDateTime t = Instant.ofEpochMilli(eventTimeMillis).atZone(ZoneOffset.UTC);
        ZonedDateTime start;
        switch (unit) {
            case YEARS:
                start = t.withDayOfYear(1).truncatedTo(ChronoUnit.DAYS);
                break;
            case MONTHS:
                start = t.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS);
                break;
            default:
                start = t.truncatedTo(unit);
        }
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
