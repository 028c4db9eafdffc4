package io.checkoutlake.functions.model;

/**
 * A raw object with its bytes, or with the reason its bytes could not be had. Produced by the fetch
 * stage, consumed by decoding; never part of state (it lives only between chained operators).
 */
public class RawObject {
    /** Provenance ({@code _source_file}): the object's URI, or where a record came from. */
    public String uri;

    /**
     * The object key that routes this document to its entity and identifies it for dedup, when it
     * differs from {@link #uri}: a Kinesis record's partition key ({@code
     * <HH>_CheckoutOrder/<id>/id/<object>}). Null: {@link #uri} is the key.
     */
    public String routingKey;

    /** The object's bytes as stored (possibly gzip); null when {@link #failure} is set. */
    public byte[] bytes;

    /** Set when the object never reached decoding; {@link #failureDetail} says more. */
    public DeadLetterReason failure;

    public String failureDetail;

    public static RawObject of(String uri, byte[] bytes) {
        RawObject o = new RawObject();
        o.uri = uri;
        o.bytes = bytes;
        return o;
    }

    /** A record that carries its document, routed by {@code routingKey} (e.g. from Kinesis). */
    public static RawObject record(String uri, String routingKey, byte[] bytes) {
        RawObject o = of(uri, bytes);
        o.routingKey = routingKey;
        return o;
    }

    /** The key that routes and deduplicates this object: {@link #routingKey}, else {@link #uri}. */
    public String key() {
        return routingKey != null ? routingKey : uri;
    }

    public static RawObject failed(String uri, DeadLetterReason reason, String detail) {
        RawObject o = new RawObject();
        o.uri = uri;
        o.failure = reason;
        o.failureDetail = detail;
        return o;
    }

    @Override
    public String toString() {
        // Never the bytes: they hold personal data.
        return "RawObject{" + uri + (failure == null ? "" : ", " + failure.code()) + "}";
    }
}
