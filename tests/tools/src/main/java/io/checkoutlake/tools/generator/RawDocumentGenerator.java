package io.checkoutlake.tools.generator;

import io.checkoutlake.tools.generator.OrderDraft.UnknownField;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * Realistic raw checkout and fulfillment documents, with a chosen share of broken ones, for the
 * local demo, tests and benchmarks. The same settings (seed included) always give the same objects
 * in the same order. Pure: no I/O, no clock.
 *
 * <p>Keys follow {@code <HH>_CheckoutOrder/<32 hex id>/id/v<version>-<8 hex>.json} (likewise {@code
 * _FulfillmentOrder}; {@code .json.gz} when compressed). Each order gets {@link
 * GeneratorSettings#versionsPerOrder()} consecutive documents with ascending LastChange.
 *
 * <p>Not thread-safe: use one generator per thread (with different seeds).
 */
public final class RawDocumentGenerator {
    private static final BadDocumentKind[] BAD_KINDS = BadDocumentKind.values();
    private static final UnknownField[] UNKNOWN_FIELDS = {
        UnknownField.TOP_LEVEL_LOYALTY_TIER,
        UnknownField.ITEM_GIFT_WRAP_COLOR,
        UnknownField.ADDRESS_DOOR_CODE
    };

    private final GeneratorSettings settings;
    private final SplittableRandom random;
    private final OrderDraftFactory drafts;
    private final DocumentSizer sizer;
    private final BadDocuments badDocuments;

    private OrderPlan plan;

    public RawDocumentGenerator(GeneratorSettings settings) {
        this.settings = settings;
        this.random = new SplittableRandom(settings.seed());
        this.drafts = new OrderDraftFactory(random);
        this.sizer = new DocumentSizer(drafts);
        this.badDocuments = new BadDocuments(random);
    }

    public GeneratorSettings settings() {
        return settings;
    }

    /** The next object: a document version of the current order, or of a new one. */
    public GeneratedObject next() {
        if (plan == null || !plan.hasMoreVersions()) {
            plan = OrderPlan.create(random, settings);
        }
        int version = plan.takeVersion();
        BadDocumentKind bad =
                random.nextDouble() < settings.badShare()
                        ? BAD_KINDS[random.nextInt(BAD_KINDS.length)]
                        : null;
        String objectId = Words.hex(random, 8);
        if (bad == BadDocumentKind.NOT_AN_ORDER) {
            return badDocuments.stray(plan, objectId);
        }
        boolean gzip = random.nextDouble() < settings.gzipShare();
        // A second byte-order mark would not be blank, and the document no longer empty.
        boolean bom =
                bad != BadDocumentKind.EMPTY_DOCUMENT && random.nextDouble() < settings.bomShare();

        byte[] document;
        Instant eventTime = null;
        boolean unknownField = false;
        if (bad == BadDocumentKind.EMPTY_DOCUMENT) {
            document = badDocuments.empty();
        } else {
            UnknownField unknown = UnknownField.NONE;
            if (bad == null && random.nextDouble() < settings.unknownFieldShare()) {
                unknown = UNKNOWN_FIELDS[random.nextInt(UNKNOWN_FIELDS.length)];
            }
            int bomBytes = bom ? BadDocuments.BOM.length : 0;
            int max = settings.maxDocumentBytes() - bomBytes;
            int min = Math.max(0, settings.minDocumentBytes() - bomBytes);
            int target = min + random.nextInt(max - min + 1);
            OrderDraft draft = drafts.create(plan, version, unknown);
            TopLevelDocument doc = sizer.fit(draft, target, max);
            Instant validEventTime = atLakePrecision(draft.eventTime);
            if (bad == null) {
                document = doc.toBytes();
                eventTime = validEventTime;
                unknownField = unknown != UnknownField.NONE;
            } else {
                BadDocuments.Broken broken = badDocuments.apply(bad, doc, validEventTime);
                document = broken.bytes;
                eventTime = broken.eventTime;
            }
        }
        byte[] stored = bom ? withBom(document) : document;
        if (gzip) {
            stored = gzip(stored);
        }
        String key =
                plan.folder
                        + '_'
                        + plan.entity.rawFolderSuffix()
                        + '/'
                        + plan.id
                        + "/id/v"
                        + version
                        + '-'
                        + objectId
                        + (gzip ? ".json.gz" : ".json");
        return new GeneratedObject(key, stored, plan.entity, eventTime, bad, plan.id, unknownField);
    }

    /** The next {@code count} objects. */
    public List<GeneratedObject> next(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, got " + count);
        }
        List<GeneratedObject> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(next());
        }
        return out;
    }

    /** The lake keeps microseconds (timestamp-micros); the raw text may name 100 ns. */
    static Instant atLakePrecision(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    private static byte[] withBom(byte[] document) {
        byte[] out = new byte[document.length + BadDocuments.BOM.length];
        System.arraycopy(BadDocuments.BOM, 0, out, 0, BadDocuments.BOM.length);
        System.arraycopy(document, 0, out, BadDocuments.BOM.length, document.length);
        return out;
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4 + 64);
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        } catch (IOException e) {
            // A byte array stream does not fail.
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
