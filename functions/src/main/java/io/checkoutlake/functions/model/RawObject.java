package io.checkoutlake.functions.model;

/**
 * A raw object with its bytes, or with the reason its bytes could not be had. Produced by the fetch
 * stage, consumed by decoding; never part of state (it lives only between chained operators).
 */
public class RawObject {
    public String uri;

    /** The object's bytes as stored (possibly gzip); null when {@link #failure} is set. */
    public byte[] bytes;

    /** Set when the object never reached decoding; {@link #failureDetail} says more. */
    public DeadLetterReason failure;

    public String failureDetail;

    public RawObject() {}

    public static RawObject of(String uri, byte[] bytes) {
        RawObject o = new RawObject();
        o.uri = uri;
        o.bytes = bytes;
        return o;
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
