package io.checkoutlake.functions.time;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;

/**
 * Parses every timestamp form seen in the raw documents: 0 to 9 fraction digits, an offset ({@code
 * +00:00}, {@code -03:00}, {@code +0000}), {@code Z}, or no zone at all.
 *
 * <p>A zone-less value in an instant field is read as UTC: the raw format gives no other zone, and
 * the legacy pipeline treated it the same way. Offsets are converted, so a {@code -03:00} evening
 * lands in the next UTC day (the legacy pipeline cut the local date out of the string).
 */
public final class Timestamps {
    private static final DateTimeFormatter FORMAT =
            new DateTimeFormatterBuilder()
                    .parseCaseInsensitive()
                    .append(DateTimeFormatter.ISO_LOCAL_DATE)
                    .appendLiteral('T')
                    .appendValue(ChronoField.HOUR_OF_DAY, 2)
                    .appendLiteral(':')
                    .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
                    .optionalStart()
                    .appendLiteral(':')
                    .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
                    .optionalStart()
                    .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
                    .optionalEnd()
                    .optionalEnd()
                    .optionalStart()
                    .appendOffset("+HH:MM", "Z")
                    .optionalEnd()
                    .optionalStart()
                    .appendOffset("+HHMM", "Z")
                    .optionalEnd()
                    .toFormatter()
                    .withResolverStyle(ResolverStyle.STRICT)
                    .withChronology(java.time.chrono.IsoChronology.INSTANCE);

    private Timestamps() {}

    /** The instant a timestamp names; zone-less values are UTC. */
    public static Instant parseInstant(String text) throws DateTimeException {
        TemporalAccessor parsed = FORMAT.parse(text.trim());
        LocalDateTime local = LocalDateTime.from(parsed);
        ZoneOffset offset =
                parsed.isSupported(ChronoField.OFFSET_SECONDS)
                        ? ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS))
                        : ZoneOffset.UTC;
        return OffsetDateTime.of(local, offset).toInstant();
    }

    /** The wall-clock time as written, any offset ignored (for the store-local fields). */
    public static LocalDateTime parseLocal(String text) throws DateTimeException {
        return LocalDateTime.from(FORMAT.parse(text.trim()));
    }

    public static long toEpochMicros(Instant instant) {
        return Math.addExact(
                Math.multiplyExact(instant.getEpochSecond(), 1_000_000L),
                instant.getNano() / 1_000L);
    }

    public static long toEpochMicros(LocalDateTime local) {
        return toEpochMicros(local.toInstant(ZoneOffset.UTC));
    }

    public static Instant fromEpochMicros(long micros) {
        return Instant.ofEpochSecond(
                Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
}
