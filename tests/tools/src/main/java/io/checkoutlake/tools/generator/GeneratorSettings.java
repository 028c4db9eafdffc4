package io.checkoutlake.tools.generator;

import io.checkoutlake.functions.time.EventTimes;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * What {@link RawDocumentGenerator} produces: how many documents are bad, compressed, prefixed with
 * a byte-order mark or carry an unknown field, how large valid documents are and which event times
 * they carry. Immutable; {@link Builder#build()} validates.
 */
public final class GeneratorSettings {
    /**
     * The smallest {@code maxDocumentBytes} accepted: a one-item order with its optional sections
     * left out still takes 5 to 7 KB.
     */
    public static final int SMALLEST_MAX_DOCUMENT_BYTES = 8_192;

    /** Far beyond real orders (5 to 20 KB); keeps a typo from building gigabyte documents. */
    public static final int LARGEST_MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;

    public static final int LARGEST_VERSIONS_PER_ORDER = 1_000;

    /** The validated values, never handed out: {@link #toBuilder()} gives a copy. */
    private final Builder values;

    private GeneratorSettings(Builder values) {
        this.values = values;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** All defaults: seed 1, valid documents only, 5 to 20 KB, one week of January 2019. */
    public static GeneratorSettings defaults() {
        return builder().build();
    }

    public Builder toBuilder() {
        return values.copy();
    }

    public long seed() {
        return values.seed;
    }

    /**
     * Lower bound of a valid document's size: uncompressed, byte-order mark included. Bad documents
     * are derived from sized valid ones but are not bounded.
     */
    public int minDocumentBytes() {
        return values.minDocumentBytes;
    }

    /** Upper bound of a valid document's size: uncompressed, byte-order mark included. */
    public int maxDocumentBytes() {
        return values.maxDocumentBytes;
    }

    /** Share of documents that are bad, each of a {@link BadDocumentKind} chosen uniformly. */
    public double badShare() {
        return values.badShare;
    }

    /** Share of documents stored gzip-compressed (named {@code .json.gz}). */
    public double gzipShare() {
        return values.gzipShare;
    }

    /** Share of documents that start with a UTF-8 byte-order mark. */
    public double bomShare() {
        return values.bomShare;
    }

    /** Share of valid documents that carry exactly one field the schema does not know. */
    public double unknownFieldShare() {
        return values.unknownFieldShare;
    }

    /** Share of orders that are checkout orders; the others are fulfillment orders. */
    public double checkoutShare() {
        return values.checkoutShare;
    }

    /** Earliest event time of a valid document (inclusive). */
    public Instant eventTimeStart() {
        return values.eventTimeStart;
    }

    /** Latest event time of a valid document (exclusive). */
    public Instant eventTimeEnd() {
        return values.eventTimeEnd;
    }

    /** Consecutive documents written for each order, each a later version of it. */
    public int versionsPerOrder() {
        return values.versionsPerOrder;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GeneratorSettings
                && values.asList().equals(((GeneratorSettings) o).values.asList());
    }

    @Override
    public int hashCode() {
        return values.asList().hashCode();
    }

    @Override
    public String toString() {
        return "GeneratorSettings" + values.asList();
    }

    /** A setting whose value is out of range; {@link #setting()} names it as the builder does. */
    public static final class InvalidSettingException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        private final String setting;
        private final String problem;

        InvalidSettingException(String setting, String problem) {
            super(setting + ": " + problem);
            this.setting = setting;
            this.problem = problem;
        }

        /** The builder method's name, e.g. {@code badShare}. */
        public String setting() {
            return setting;
        }

        /** The message without the setting's name, e.g. {@code must be between 0 and 1, got 2}. */
        public String problem() {
            return problem;
        }
    }

    /** Collects settings; {@link #build()} rejects a bad value, naming it. */
    public static final class Builder {
        private long seed = 1L;
        private int minDocumentBytes = 5_000;
        private int maxDocumentBytes = 20_000;
        private double badShare;
        private double gzipShare;
        private double bomShare;
        private double unknownFieldShare;
        private double checkoutShare = 0.5;
        private Instant eventTimeStart = Instant.parse("2019-01-01T00:00:00Z");
        private Instant eventTimeEnd = Instant.parse("2019-01-08T00:00:00Z");
        private int versionsPerOrder = 1;

        private Builder() {}

        private Builder copy() {
            Builder b = new Builder();
            b.seed = seed;
            b.minDocumentBytes = minDocumentBytes;
            b.maxDocumentBytes = maxDocumentBytes;
            b.badShare = badShare;
            b.gzipShare = gzipShare;
            b.bomShare = bomShare;
            b.unknownFieldShare = unknownFieldShare;
            b.checkoutShare = checkoutShare;
            b.eventTimeStart = eventTimeStart;
            b.eventTimeEnd = eventTimeEnd;
            b.versionsPerOrder = versionsPerOrder;
            return b;
        }

        private List<Object> asList() {
            return Arrays.asList(
                    seed,
                    minDocumentBytes,
                    maxDocumentBytes,
                    badShare,
                    gzipShare,
                    bomShare,
                    unknownFieldShare,
                    checkoutShare,
                    eventTimeStart,
                    eventTimeEnd,
                    versionsPerOrder);
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder minDocumentBytes(int bytes) {
            this.minDocumentBytes = bytes;
            return this;
        }

        public Builder maxDocumentBytes(int bytes) {
            this.maxDocumentBytes = bytes;
            return this;
        }

        public Builder badShare(double share) {
            this.badShare = share;
            return this;
        }

        public Builder gzipShare(double share) {
            this.gzipShare = share;
            return this;
        }

        public Builder bomShare(double share) {
            this.bomShare = share;
            return this;
        }

        public Builder unknownFieldShare(double share) {
            this.unknownFieldShare = share;
            return this;
        }

        public Builder checkoutShare(double share) {
            this.checkoutShare = share;
            return this;
        }

        public Builder eventTimeStart(Instant start) {
            this.eventTimeStart = start;
            return this;
        }

        public Builder eventTimeEnd(Instant end) {
            this.eventTimeEnd = end;
            return this;
        }

        public Builder versionsPerOrder(int versions) {
            this.versionsPerOrder = versions;
            return this;
        }

        /**
         * @throws InvalidSettingException naming the first setting out of range and its value
         */
        public GeneratorSettings build() {
            requireShare("badShare", badShare);
            requireShare("gzipShare", gzipShare);
            requireShare("bomShare", bomShare);
            requireShare("unknownFieldShare", unknownFieldShare);
            requireShare("checkoutShare", checkoutShare);
            require(
                    minDocumentBytes >= 0,
                    "minDocumentBytes",
                    "must not be negative",
                    minDocumentBytes);
            require(
                    maxDocumentBytes >= SMALLEST_MAX_DOCUMENT_BYTES
                            && maxDocumentBytes <= LARGEST_MAX_DOCUMENT_BYTES,
                    "maxDocumentBytes",
                    "must be between "
                            + SMALLEST_MAX_DOCUMENT_BYTES
                            + " and "
                            + LARGEST_MAX_DOCUMENT_BYTES,
                    maxDocumentBytes);
            require(
                    minDocumentBytes <= maxDocumentBytes,
                    "minDocumentBytes",
                    "must not exceed maxDocumentBytes (" + maxDocumentBytes + ")",
                    minDocumentBytes);
            requireEventTime("eventTimeStart", eventTimeStart);
            requireEventTime("eventTimeEnd", eventTimeEnd);
            require(
                    Duration.between(eventTimeStart, eventTimeEnd).compareTo(Duration.ofSeconds(1))
                            >= 0,
                    "eventTimeEnd",
                    "must be at least one second after eventTimeStart (" + eventTimeStart + ")",
                    eventTimeEnd);
            require(
                    versionsPerOrder >= 1 && versionsPerOrder <= LARGEST_VERSIONS_PER_ORDER,
                    "versionsPerOrder",
                    "must be between 1 and " + LARGEST_VERSIONS_PER_ORDER,
                    versionsPerOrder);
            // A copy: the builder may go on changing.
            return new GeneratorSettings(copy());
        }

        private static void require(boolean ok, String setting, String rule, Object value) {
            if (!ok) {
                throw new InvalidSettingException(setting, rule + ", got " + value);
            }
        }

        private static void requireShare(String setting, double share) {
            // Written so that NaN fails too.
            require(share >= 0.0 && share <= 1.0, setting, "must be between 0 and 1", share);
        }

        // Valid documents must decode, so their event times stay inside what the lake accepts.
        private static void requireEventTime(String setting, Instant value) {
            require(value != null, setting, "must be set", null);
            require(
                    !value.isBefore(EventTimes.EARLIEST)
                            && !value.isAfter(EventTimes.LATEST_EXCLUSIVE),
                    setting,
                    "must be within the lake's event-time range ["
                            + EventTimes.EARLIEST
                            + ", "
                            + EventTimes.LATEST_EXCLUSIVE
                            + "]",
                    value);
        }
    }
}
