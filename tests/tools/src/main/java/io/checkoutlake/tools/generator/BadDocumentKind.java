package io.checkoutlake.tools.generator;

import io.checkoutlake.functions.model.DeadLetterReason;

/** A way a raw object can be broken, and the dead-letter reason the pipeline must give it. */
public enum BadDocumentKind {
    /** A valid document cut off part-way (at a character boundary, so the text stays UTF-8). */
    MALFORMED_JSON(DeadLetterReason.MALFORMED_JSON),
    /** A JSON array holding the document. */
    NOT_A_JSON_OBJECT(DeadLetterReason.NOT_A_JSON_OBJECT),
    /** Zero bytes, a lone byte-order mark, or whitespace. */
    EMPTY_DOCUMENT(DeadLetterReason.EMPTY_DOCUMENT),
    /** A top-level string that should hold JSON but does not parse: {@code "Items": "[{broken"}. */
    MALFORMED_ENCODED_VALUE(DeadLetterReason.MALFORMED_ENCODED_VALUE),
    /** A value that cannot become the schema's type: {@code "Value": "twelve"}. */
    TYPE_MISMATCH(DeadLetterReason.TYPE_MISMATCH),
    /** Neither LastChange nor CreationDate (absent, or {@code "null"}). */
    MISSING_EVENT_TIME(DeadLetterReason.MISSING_EVENT_TIME),
    /** A LastChange in no accepted form: {@code "LastChange": "yesterday"}. */
    INVALID_TIMESTAMP(DeadLetterReason.INVALID_TIMESTAMP),
    /** A well-formed LastChange far outside the accepted range (year 1650 or 0001). */
    EVENT_TIME_OUT_OF_RANGE(DeadLetterReason.EVENT_TIME_OUT_OF_RANGE),
    /** The bytes 0xC3 0x28 (a lead byte without its continuation) inside a string value. */
    INVALID_UTF8(DeadLetterReason.INVALID_UTF8),
    /**
     * An object outside the order layout: under a sub-folder of {@code /id/} (as found under {@code
     * 86_FulfillmentOrder}), or beside the {@code id} folder.
     */
    NOT_AN_ORDER(DeadLetterReason.NOT_AN_ORDER);

    private final DeadLetterReason expectedReason;

    BadDocumentKind(DeadLetterReason expectedReason) {
        this.expectedReason = expectedReason;
    }

    public DeadLetterReason expectedReason() {
        return expectedReason;
    }
}
