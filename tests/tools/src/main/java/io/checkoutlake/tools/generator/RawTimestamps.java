package io.checkoutlake.tools.generator;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.SplittableRandom;

/**
 * Writes instants in every form seen in the raw documents, so that each generated document
 * exercises a different one. Hand-written rather than DateTimeFormatter: this runs a few dozen
 * times per document.
 */
final class RawTimestamps {
    /** The forms of an instant field, after the examples in domain-notes.md. */
    enum Form {
        /** {@code 2019-02-06T20:46:11.7010747+00:00} */
        FRACTION_7_OFFSET(7, false),
        /** {@code 2024-02-04T20:09:43.899958+00:00} */
        FRACTION_6_OFFSET(6, false),
        /** {@code 2019-01-28T20:09:43+00:00} */
        SECONDS_OFFSET(0, false),
        /** {@code 2021-07-13T18:33:25.3029443Z} */
        FRACTION_7_Z(7, true),
        /** {@code 2024-02-16T23:42:47.62285Z}: seven digits with trailing zeros trimmed. */
        FRACTION_TRIMMED_Z(-1, true),
        /** {@code 2022-07-13T18:30:46Z} */
        SECONDS_Z(0, true);

        private static final Form[] ALL = values();

        final int fractionDigits;
        final boolean zulu;

        Form(int fractionDigits, boolean zulu) {
            this.fractionDigits = fractionDigits;
            this.zulu = zulu;
        }
    }

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
        Form form = Form.ALL[random.nextInt(Form.ALL.length)];
        ZoneOffset offset = random.nextBoolean() ? ZoneOffset.UTC : storeOffset;
        return new Stamp(format(instant, form, offset), asWritten(instant, form));
    }

    /** What remains of {@code instant} once written in {@code form}. */
    static Instant asWritten(Instant instant, Form form) {
        int nanos = instant.getNano();
        switch (form.fractionDigits) {
            case 0:
                return instant.minusNanos(nanos);
            case 6:
                return instant.minusNanos(nanos % 1_000);
            default:
                return instant.minusNanos(nanos % 100);
        }
    }

    static String format(Instant instant, Form form, ZoneOffset offset) {
        ZoneOffset zone = form.zulu ? ZoneOffset.UTC : offset;
        StringBuilder out = new StringBuilder(34);
        appendLocal(out, instant, zone, form.fractionDigits);
        if (form.zulu) {
            out.append('Z');
        } else {
            appendOffset(out, offset);
        }
        return out.toString();
    }

    /**
     * The store's wall-clock time without a zone, as the {@code TimeZone*} fields hold it: {@code
     * 2021-07-13T15:33:25.3029443}.
     */
    static String local(Instant instant, ZoneOffset storeOffset) {
        StringBuilder out = new StringBuilder(27);
        appendLocal(out, instant, storeOffset, 7);
        return out.toString();
    }

    private static void appendLocal(
            StringBuilder out, Instant instant, ZoneOffset offset, int fractionDigits) {
        LocalDateTime t =
                LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), offset);
        pad(out, t.getYear(), 4);
        out.append('-');
        pad(out, t.getMonthValue(), 2);
        out.append('-');
        pad(out, t.getDayOfMonth(), 2);
        out.append('T');
        pad(out, t.getHour(), 2);
        out.append(':');
        pad(out, t.getMinute(), 2);
        out.append(':');
        pad(out, t.getSecond(), 2);
        int hundredNanos = t.getNano() / 100;
        if (fractionDigits == 7) {
            out.append('.');
            pad(out, hundredNanos, 7);
        } else if (fractionDigits == 6) {
            out.append('.');
            pad(out, hundredNanos / 10, 6);
        } else if (fractionDigits < 0 && hundredNanos != 0) {
            int digits = 7;
            while (hundredNanos % 10 == 0) {
                hundredNanos /= 10;
                digits--;
            }
            out.append('.');
            pad(out, hundredNanos, digits);
        }
    }

    private static void appendOffset(StringBuilder out, ZoneOffset offset) {
        int seconds = offset.getTotalSeconds();
        out.append(seconds < 0 ? '-' : '+');
        int minutes = Math.abs(seconds) / 60;
        pad(out, minutes / 60, 2);
        out.append(':');
        pad(out, minutes % 60, 2);
    }

    private static void pad(StringBuilder out, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            out.append('0');
        }
        out.append(digits);
    }
}
