package io.checkoutlake.job.config;

import java.util.Locale;

/** Whether the job keeps running for new raw objects or converts what exists and exits. */
public enum Mode {
    /** Unbounded: keeps listing the source for new objects; streaming execution, checkpoints. */
    STREAM,
    /** Bounded over the objects that exist at start; batch execution; exits 0 when done. */
    BACKFILL;

    /**
     * @throws IllegalArgumentException naming the value, without a key (the caller knows the key)
     */
    public static Mode fromConfigValue(String value) {
        for (Mode mode : values()) {
            if (mode.name().toLowerCase(Locale.ROOT).equals(value)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not a mode (stream or backfill)");
    }
}
