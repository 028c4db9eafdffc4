package io.checkoutlake.tools.generator;

import io.checkoutlake.functions.model.Entity;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.SplittableRandom;

/**
 * Breaks valid documents in the ways {@link BadDocumentKind} names, each in one way only, so that
 * the pipeline has exactly one reason to reject it.
 */
final class BadDocuments {
    static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    /** An ASCII placeholder that survives both levels of JSON escaping unchanged. */
    private static final String INVALID_UTF8_MARKER = "QQBADUTF8QQ";

    /** A lead byte of a two-byte sequence followed by '(' instead of a continuation byte. */
    private static final byte[] INVALID_UTF8 = {(byte) 0xC3, (byte) 0x28};

    private static final String[] NOT_NUMBERS = {"twelve", "12,90 BRL", "n/a"};
    private static final String[] NOT_TIMESTAMPS = {
        "yesterday", "2019-13-45T25:61:00Z", "23/08/2019 17:02:11", "2019-08-23 17:02"
    };

    /** The bytes of a broken document, and the event time it still names, if any. */
    static final class Broken {
        final byte[] bytes;
        final Instant eventTime;

        Broken(byte[] bytes, Instant eventTime) {
            this.bytes = bytes;
            this.eventTime = eventTime;
        }
    }

    private final SplittableRandom random;

    BadDocuments(SplittableRandom random) {
        this.random = random;
    }

    /**
     * Breaks {@code doc}, a valid document of the plan's version; not for {@link
     * BadDocumentKind#EMPTY_DOCUMENT} and {@link BadDocumentKind#NOT_AN_ORDER}, which need none.
     */
    Broken apply(BadDocumentKind kind, TopLevelDocument doc, Instant validEventTime) {
        switch (kind) {
            case MALFORMED_JSON:
                return new Broken(truncated(doc.toBytes()), null);
            case NOT_A_JSON_OBJECT:
                return new Broken(inArray(doc.toBytes()), null);
            case MALFORMED_ENCODED_VALUE:
                breakEncodedValue(doc);
                return new Broken(doc.toBytes(), validEventTime);
            case TYPE_MISMATCH:
                if (random.nextInt(3) == 0) {
                    doc.put("IsCheckedIn", "maybe");
                } else {
                    doc.put("Value", Catalog.pick(random, NOT_NUMBERS));
                }
                return new Broken(doc.toBytes(), validEventTime);
            case MISSING_EVENT_TIME:
                if (random.nextBoolean()) {
                    doc.remove("LastChange");
                    doc.remove("CreationDate");
                } else {
                    doc.put("LastChange", TopLevelDocument.NULL);
                    doc.put("CreationDate", TopLevelDocument.NULL);
                }
                return new Broken(doc.toBytes(), null);
            case INVALID_TIMESTAMP:
                doc.put("LastChange", Catalog.pick(random, NOT_TIMESTAMPS));
                return new Broken(doc.toBytes(), null);
            case EVENT_TIME_OUT_OF_RANGE:
                return outOfRange(doc, validEventTime);
            case INVALID_UTF8:
                return new Broken(withInvalidUtf8(doc), validEventTime);
            default:
                throw new IllegalArgumentException(kind + " is not made from a valid document");
        }
    }

    /** Zero bytes, a lone byte-order mark, a byte-order mark and a newline, or blanks. */
    byte[] empty() {
        switch (random.nextInt(4)) {
            case 0:
                return new byte[0];
            case 1:
                return BOM.clone();
            case 2:
                return new byte[] {BOM[0], BOM[1], BOM[2], '\n'};
            default:
                return new byte[] {' ', '\n', '\t', ' ', '\r', '\n'};
        }
    }

    /**
     * A sub-folder object under {@code /id/} for fulfillment orders (as under {@code
     * 86_FulfillmentOrder}), a note beside the {@code id} folder for checkout orders.
     */
    GeneratedObject stray(OrderPlan plan, String objectId) {
        String folder = plan.folder + '_' + plan.entity.rawFolderSuffix() + '/' + plan.id + '/';
        if (plan.entity == Entity.FULFILLMENT) {
            String json =
                    "{\"name\":\"Engraving\",\"content\":{\"Text line 1\":\"Happy birthday!\"}}";
            return stray(plan, folder + "id/attachments/extra-" + objectId + ".json", json);
        }
        return stray(
                plan,
                folder + "notes-" + objectId + ".txt",
                "Customer asked for delivery after 6pm.\n");
    }

    private static GeneratedObject stray(OrderPlan plan, String key, String text) {
        return new GeneratedObject(
                key,
                text.getBytes(StandardCharsets.UTF_8),
                plan.entity,
                null,
                BadDocumentKind.NOT_AN_ORDER,
                plan.id,
                false);
    }

    /** Cut somewhere in the middle, never inside a multi-byte character (that is another kind). */
    private byte[] truncated(byte[] document) {
        int from = Math.max(1, document.length / 10);
        int cut = from + random.nextInt(Math.max(1, document.length * 8 / 10));
        while (cut > 1 && (document[cut] & 0xC0) == 0x80) {
            cut--;
        }
        byte[] out = new byte[cut];
        System.arraycopy(document, 0, out, 0, cut);
        return out;
    }

    private static byte[] inArray(byte[] document) {
        byte[] out = new byte[document.length + 2];
        out[0] = '[';
        System.arraycopy(document, 0, out, 1, document.length);
        out[out.length - 1] = ']';
        return out;
    }

    private void breakEncodedValue(TopLevelDocument doc) {
        switch (random.nextInt(3)) {
            case 0:
                doc.put("Items", "[{broken");
                break;
            case 1:
                doc.put("ShippingData", "{\"address\":{\"city\":");
                break;
            default:
                doc.put("PaymentData", "{transactions:[]}");
                break;
        }
    }

    /** LastChange and CreationDate moved to year 1650 (or 0001, a common default). */
    private Broken outOfRange(TopLevelDocument doc, Instant validEventTime) {
        Instant lastChange;
        if (random.nextInt(3) == 0) {
            lastChange = Instant.parse("0001-01-01T00:00:00Z");
        } else {
            lastChange =
                    OffsetDateTime.ofInstant(validEventTime, ZoneOffset.UTC)
                            .withYear(1650)
                            .toInstant();
        }
        ZoneOffset offset = ZoneOffset.ofHours(-3);
        doc.put(
                "CreationDate",
                RawTimestamps.random(random, lastChange.minusSeconds(3600), offset));
        RawTimestamps.Stamp written = RawTimestamps.randomStamp(random, lastChange, offset);
        doc.put("LastChange", written.text);
        return new Broken(doc.toBytes(), RawDocumentGenerator.atLakePrecision(written.instant));
    }

    private static byte[] withInvalidUtf8(TopLevelDocument doc) {
        String profile = doc.get("ClientProfileData");
        String firstName = "\"firstName\":\"";
        int at = profile.indexOf(firstName) + firstName.length() + 1;
        doc.put(
                "ClientProfileData",
                profile.substring(0, at) + INVALID_UTF8_MARKER + profile.substring(at));
        String[] around =
                new String(doc.toBytes(), StandardCharsets.UTF_8).split(INVALID_UTF8_MARKER);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(around[0].getBytes(StandardCharsets.UTF_8));
        out.writeBytes(INVALID_UTF8);
        out.writeBytes(around[1].getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
