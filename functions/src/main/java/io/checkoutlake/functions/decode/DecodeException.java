package io.checkoutlake.functions.decode;

import io.checkoutlake.functions.model.DeadLetterReason;

/**
 * Why one document cannot become a row. The detail names a field path and what was expected, never
 * the value: dead-letter details end up in logs and metrics tags.
 */
public class DecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    private final DeadLetterReason reason;

    public DecodeException(DeadLetterReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public DeadLetterReason reason() {
        return reason;
    }

    public String detail() {
        return getMessage();
    }
}
