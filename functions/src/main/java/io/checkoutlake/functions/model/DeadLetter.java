package io.checkoutlake.functions.model;

import java.util.Objects;

/**
 * An input that did not become a row, with the precise reason and the raw text. Written as one JSON
 * line under {@code deadletter.path}; the raw text holds personal data.
 */
public class DeadLetter {
    /** Full URI of the raw object (or stream record). */
    public String sourceFile;

    /** Lake table the document was routed to, or null when routing failed. */
    public String table;

    /** {@link DeadLetterReason#code()}. */
    public String reason;

    /** What exactly was wrong (field path, parser message); never record contents. */
    public String detail;

    /** The document as UTF-8 text (decompressed), possibly cut at {@link #rawTruncated}. */
    public String rawText;

    /** The raw bytes as base64, only when they are not valid UTF-8. */
    public String rawBase64;

    /** Size of the raw object in bytes as stored. */
    public long rawBytes;

    /** True when rawText / rawBase64 hold only a prefix of the document. */
    public boolean rawTruncated;

    /** Epoch millis when the dead letter was produced. */
    public long processedAt;

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DeadLetter)) {
            return false;
        }
        DeadLetter d = (DeadLetter) o;
        return rawBytes == d.rawBytes
                && rawTruncated == d.rawTruncated
                && processedAt == d.processedAt
                && Objects.equals(sourceFile, d.sourceFile)
                && Objects.equals(table, d.table)
                && Objects.equals(reason, d.reason)
                && Objects.equals(detail, d.detail)
                && Objects.equals(rawText, d.rawText)
                && Objects.equals(rawBase64, d.rawBase64);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sourceFile, reason, detail, rawBytes);
    }

    @Override
    public String toString() {
        return "DeadLetter{" + sourceFile + ", " + reason + ": " + detail + "}";
    }
}
