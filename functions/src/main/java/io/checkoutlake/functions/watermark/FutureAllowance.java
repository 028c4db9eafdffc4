package io.checkoutlake.functions.watermark;

import java.io.Serializable;
import java.time.Duration;

/**
 * How far ahead of the wall clock event time may be and still count as time that has come. A
 * document from the future (a producer's clock or parser gone wrong: {@code LastChange} in 2099)
 * must not move the watermark there: every partition would look complete at its first file.
 */
public final class FutureAllowance implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long allowanceMillis;

    private FutureAllowance(long allowanceMillis) {
        this.allowanceMillis = allowanceMillis;
    }

    public static FutureAllowance of(Duration allowance) {
        if (allowance.isNegative()) {
            throw new IllegalArgumentException("future allowance " + allowance + " is negative");
        }
        return new FutureAllowance(allowance.toMillis());
    }

    /** The latest event time that is not from the future at wall-clock time {@code nowMillis}. */
    public long limitAt(long nowMillis) {
        return nowMillis > Long.MAX_VALUE - allowanceMillis
                ? Long.MAX_VALUE
                : nowMillis + allowanceMillis;
    }

    /** Whether an event time lies beyond the allowance: written, but not moving time. */
    public boolean isFromTheFuture(long eventTimeMillis, long nowMillis) {
        return eventTimeMillis > limitAt(nowMillis);
    }

    /**
     * A watermark read back from state, or {@link Long#MIN_VALUE} when it lies beyond the
     * allowance: the end-of-input watermark of a drained stop ({@link Long#MAX_VALUE}) or one a
     * future document moved before it was capped. Forgetting a watermark only delays commits until
     * the restored job's own watermark passes them again.
     */
    public long trustedRestored(long watermark, long nowMillis) {
        return watermark > limitAt(nowMillis) ? Long.MIN_VALUE : watermark;
    }

    @Override
    public String toString() {
        return Duration.ofMillis(allowanceMillis).toString();
    }
}
