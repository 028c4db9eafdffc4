package io.checkoutlake.functions.model;

import java.util.Objects;

/**
 * A raw object found by discovery, before its bytes are fetched. A Flink POJO: evolvable state in
 * the fetch operator's checkpointed in-flight queue.
 */
public class RawObjectRef {
    /** Full URI of the object, e.g. {@code s3://raw/2019/3A_CheckoutOrder/<id>/id/doc.json}. */
    public String uri;

    /** Size in bytes as discovery saw it; -1 when unknown (notifications without a size). */
    public long size;

    public RawObjectRef() {}

    public RawObjectRef(String uri, long size) {
        this.uri = uri;
        this.size = size;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RawObjectRef)) {
            return false;
        }
        RawObjectRef that = (RawObjectRef) o;
        return size == that.size && Objects.equals(uri, that.uri);
    }

    @Override
    public int hashCode() {
        return Objects.hash(uri, size);
    }

    @Override
    public String toString() {
        return "RawObjectRef{" + uri + ", " + size + " bytes}";
    }
}
