package io.checkoutlake.functions.model;

import java.util.Locale;

/**
 * Why an input did not become a row. The code (lower snake case) is what dead-letter files and
 * metrics carry; codes are part of the output contract and never change meaning.
 */
public enum DeadLetterReason {
    /** The object's key is outside the raw layout {@code <HH>_<Entity>/<id>/id/<object>}. */
    NOT_AN_ORDER,
    /** The object vanished between discovery and fetch. */
    OBJECT_NOT_FOUND,
    /**
     * The store refused to give the object to the job (HTTP 403: an object ACL, a KMS key the role
     * may not use), after the fetch's retries.
     */
    ACCESS_DENIED,
    /** The object exists but cannot be read as stored (archived: S3 {@code InvalidObjectState}). */
    NOT_READABLE,
    /** The object is larger than {@code document.max-bytes}. */
    TOO_LARGE,
    /** A gzip object that does not decompress (truncated or corrupt). */
    UNREADABLE_GZIP,
    /** Zero bytes, or only whitespace and a byte-order mark. */
    EMPTY_DOCUMENT,
    /** Bytes that are not valid UTF-8. */
    INVALID_UTF8,
    /** The document is not parseable JSON (including nesting beyond the parser's limit). */
    MALFORMED_JSON,
    /** Valid JSON whose top-level value is not an object. */
    NOT_A_JSON_OBJECT,
    /** A top-level string that the schema says holds JSON, but does not parse. */
    MALFORMED_ENCODED_VALUE,
    /** A value whose type cannot be converted to the schema's type. */
    TYPE_MISMATCH,
    /** Neither LastChange nor CreationDate. */
    MISSING_EVENT_TIME,
    /** A timestamp in none of the accepted forms. */
    INVALID_TIMESTAMP,
    /** An event time outside the accepted range (see {@code EventTimes}). */
    EVENT_TIME_OUT_OF_RANGE,
    /**
     * Content identical to what the same key delivered before (a re-upload, a replayed
     * notification), within {@code dedup.retention}: its row is already in the lake.
     */
    DUPLICATE;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The reason of a {@link #code()}. */
    public static DeadLetterReason fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
