package io.checkoutlake.tools.generator;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.SplittableRandom;

/** Writes instants in every form seen in the raw documents (domain-notes.md), one at random. */
final class RawTimestamps {
    private static final String SECONDS = "uuuu-MM-dd'T'HH:mm:ss";

    /**
     * {@code 2019-02-06T20:46:11.7010747+00:00}, {@code 2024-02-04T20:09:43.899958+00:00}, {@code
     * 2019-01-28T20:09:43+00:00}, {@code 2021-07-13T18:33:25.3029443Z}, {@code
     * 2024-02-16T23:42:47.62285Z} (trailing zeros trimmed), {@code 2022-07-13T18:30:46Z}.
     */
    private static final DateTimeFormatter[] FORMS = {
        DateTimeFormatter.ofPattern(SECONDS + ".SSSSSSSxxx"),
        DateTimeFormatter.ofPattern(SECONDS + ".SSSSSSxxx"),
        DateTimeFormatter.ofPattern(SECONDS + "xxx"),
        DateTimeFormatter.ofPattern(SECONDS + ".SSSSSSS'Z'").withZone(ZoneOffset.UTC),
        new DateTimeFormatterBuilder()
                .appendPattern(SECONDS)
                .appendFraction(ChronoField.NANO_OF_SECOND, 0, 7, true)
                .appendLiteral('Z')
                .toFormatter()
                .withZone(ZoneOffset.UTC),
        DateTimeFormatter.ofPattern(SECONDS + "'Z'").withZone(ZoneOffset.UTC)
    };

    /** Digits each form keeps of the 100 ns the raw documents name. */
    private static final int[] NANOS_KEPT = {100, 1_000, 1_000_000_000, 100, 100, 1_000_000_000};

    private static final DateTimeFormatter LOCAL =
            DateTimeFormatter.ofPattern(SECONDS + ".SSSSSSS");

    private RawTimestamps() {}

    /** A timestamp as written, and the instant the text names (the form may drop digits). */
    static final class Stamp {
        final String text;
        final Instant instant;

        private Stamp(String text, Instant instant) {
            this.text = text;
            this.instant = instant;
        }
    }

    /**
     * {@code instant} in a random form; offset forms use UTC or {@code storeOffset} (most stores
     * are at -03:00) half of the time each.
     */
    static String random(SplittableRandom random, Instant instant, ZoneOffset storeOffset) {
        return randomStamp(random, instant, storeOffset).text;
    }

    static Stamp randomStamp(SplittableRandom random, Instant instant, ZoneOffset storeOffset) {
        int form = random.nextInt(FORMS.length);
        ZoneOffset offset = random.nextBoolean() ? ZoneOffset.UTC : storeOffset;
        // The Z forms' zone (UTC) overrides the offset.
        String text = FORMS[form].format(instant.atOffset(offset));
        Instant written = instant.minusNanos(instant.getNano() % NANOS_KEPT[form]);
        return new Stamp(text, written);
    }

    /**
     * The store's wall-clock time without a zone, as the {@code TimeZone*} fields hold it: {@code
     * 2021-07-13T15:33:25.3029443}.
     */
    static String local(Instant instant, ZoneOffset storeOffset) {
        return LOCAL.format(instant.atOffset(storeOffset));
    }
}
