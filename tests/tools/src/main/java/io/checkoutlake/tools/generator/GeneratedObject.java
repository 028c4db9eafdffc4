package io.checkoutlake.tools.generator;

import io.checkoutlake.functions.model.DeadLetterReason;
import io.checkoutlake.functions.model.Entity;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One generated raw object: where it goes, its bytes as stored, and what the pipeline should make
 * of it. Immutable ({@link #bytes()} returns a copy).
 */
public final class GeneratedObject {
    private final String key;
    private final byte[] bytes;
    private final Entity entity;
    private final Instant eventTime;
    private final BadDocumentKind badKind;
    private final String orderId;
    private final boolean unknownField;

    GeneratedObject(
            String key,
            byte[] bytes,
            Entity entity,
            Instant eventTime,
            BadDocumentKind badKind,
            String orderId,
            boolean unknownField) {
        this.key = Objects.requireNonNull(key, "key");
        // Only the generator constructs these, handing over a fresh array: no copy needed.
        this.bytes = Objects.requireNonNull(bytes, "bytes");
        this.entity = Objects.requireNonNull(entity, "entity");
        this.eventTime = eventTime;
        this.badKind = badKind;
        this.orderId = Objects.requireNonNull(orderId, "orderId");
        this.unknownField = unknownField;
    }

    /**
     * The object key relative to the raw prefix, e.g. {@code 3A_CheckoutOrder/<32
     * hex>/id/v1-1f2e3d4c.json}; {@code .json.gz} when gzip-compressed.
     */
    public String key() {
        return key;
    }

    /** The bytes as stored: possibly gzip-compressed, possibly starting with a byte-order mark. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Size of {@link #bytes()} without copying them. */
    public int size() {
        return bytes.length;
    }

    /** The entity of the folder the object lies in (also for objects that are not orders). */
    public Entity entity() {
        return entity;
    }

    /**
     * The event time the lake derives (LastChange, else CreationDate) at the lake's microsecond
     * precision; for a bad document only when it still names one (type mismatch, malformed encoded
     * value, invalid UTF-8, and the out-of-range time itself), otherwise null.
     */
    public Instant eventTime() {
        return eventTime;
    }

    /** Null for a valid document, else the reason its dead letter must carry. */
    public DeadLetterReason expectedReason() {
        return badKind == null ? null : badKind.expectedReason();
    }

    /** Null for a valid document, else how it is broken. */
    public BadDocumentKind badKind() {
        return badKind;
    }

    public boolean isValid() {
        return badKind == null;
    }

    /**
     * The 32-hex order id of the key's {@code <id>} folder (the checkout's OrderFormId; a
     * fulfillment order's OrderFormId too).
     */
    public String orderId() {
        return orderId;
    }

    /** Whether this valid document carries one field the schema does not know ({@code _extra}). */
    public boolean hasUnknownField() {
        return unknownField;
    }

    public boolean isGzipped() {
        return key.endsWith(".gz");
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof GeneratedObject)) {
            return false;
        }
        GeneratedObject g = (GeneratedObject) o;
        return unknownField == g.unknownField
                && key.equals(g.key)
                && Arrays.equals(bytes, g.bytes)
                && entity == g.entity
                && Objects.equals(eventTime, g.eventTime)
                && badKind == g.badKind
                && orderId.equals(g.orderId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, Arrays.hashCode(bytes), eventTime, badKind);
    }

    @Override
    public String toString() {
        // Never the bytes: generated or not, documents look like personal data.
        return "GeneratedObject{"
                + key
                + ", "
                + bytes.length
                + " bytes"
                + (badKind == null ? "" : ", " + badKind)
                + (unknownField ? ", unknown field" : "")
                + "}";
    }
}
