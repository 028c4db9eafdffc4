package io.checkoutlake.functions.decode;

import io.checkoutlake.functions.model.DeadLetterReason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * From an object's stored bytes to the UTF-8 bytes of one JSON document: gunzip when the name ends
 * in {@code .gz} or the bytes start with gzip's magic number, skip a UTF-8 byte-order mark, refuse
 * empty, oversized and non-UTF-8 input with a precise reason.
 */
public final class RawText {
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    /** Eight bytes of a byte array as one long, at any offset (the byte order does not matter). */
    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final long HIGH_BITS = 0x8080808080808080L;

    private RawText() {}

    /** The document bytes, without compression and byte-order mark. */
    public static byte[] documentBytes(byte[] stored, boolean gzipName, long maxBytes)
            throws DecodeException {
        if (stored.length > maxBytes) {
            throw new DecodeException(
                    DeadLetterReason.TOO_LARGE,
                    "object of " + stored.length + " bytes exceeds document.max-bytes=" + maxBytes);
        }
        byte[] bytes = isGzip(stored, gzipName) ? gunzip(stored, maxBytes) : stored;
        int start =
                bytes.length >= BOM.length
                                && Arrays.equals(bytes, 0, BOM.length, BOM, 0, BOM.length)
                        ? BOM.length
                        : 0;
        if (isBlank(bytes, start)) {
            throw new DecodeException(
                    DeadLetterReason.EMPTY_DOCUMENT, "the object holds no document");
        }
        validateUtf8(bytes, start);
        return start == 0 ? bytes : Arrays.copyOfRange(bytes, start, bytes.length);
    }

    static boolean isGzip(byte[] bytes, boolean gzipName) {
        return gzipName
                || (bytes.length >= 2 && bytes[0] == (byte) 0x1f && bytes[1] == (byte) 0x8b);
    }

    private static byte[] gunzip(byte[] stored, long maxBytes) throws DecodeException {
        // Reading one byte more than the limit tells a document of exactly the limit from a larger
        // one; no byte array holds more than Integer.MAX_VALUE - 8 anyway.
        int limit = (int) Math.min(maxBytes, Integer.MAX_VALUE - 9);
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(stored), 8192)) {
            byte[] document = in.readNBytes(limit + 1);
            if (document.length > limit) {
                throw new DecodeException(
                        DeadLetterReason.TOO_LARGE,
                        "gzip object decompresses beyond document.max-bytes=" + maxBytes);
            }
            return document;
        } catch (IOException e) {
            throw new DecodeException(
                    DeadLetterReason.UNREADABLE_GZIP,
                    "gzip stream is truncated or corrupt (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static boolean isBlank(byte[] bytes, int start) {
        for (int i = start; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    private static void validateUtf8(byte[] bytes, int start) throws DecodeException {
        if (!isUtf8(bytes, start, bytes.length)) {
            throw new DecodeException(
                    DeadLetterReason.INVALID_UTF8, "the document is not valid UTF-8");
        }
    }

    /** Whether bytes decode as UTF-8 (dead letters then carry text, else base64). */
    public static boolean isUtf8(byte[] bytes) {
        return isUtf8(bytes, 0, bytes.length);
    }

    /**
     * Whether {@code bytes[from, to)} is well-formed UTF-8 as the JDK's strict decoder (and RFC
     * 3629) defines it: no stray continuation bytes, no overlong forms, no surrogates, nothing
     * above U+10FFFF, no sequence cut off at the end. A byte-level check rather than a {@code
     * CharsetDecoder} because the decoder allocates and fills a {@code CharBuffer} of the whole
     * document only to throw it away, which profiling put at about 30% of the parse stage.
     */
    static boolean isUtf8(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to) {
            // JSON documents are almost all ASCII: test eight bytes at once for a high bit.
            if (i + Long.BYTES <= to && ((long) LONGS.get(bytes, i) & HIGH_BITS) == 0) {
                i += Long.BYTES;
                continue;
            }
            int lead = bytes[i];
            if (lead >= 0) {
                i++;
                continue;
            }
            lead &= 0xFF;
            if (lead < 0xC2) {
                // 80..BF is a continuation byte without a lead; C0 and C1 only start overlong
                // encodings of ASCII.
                return false;
            } else if (lead < 0xE0) {
                if (i + 1 >= to || !isContinuation(bytes[i + 1])) {
                    return false;
                }
                i += 2;
            } else if (lead < 0xF0) {
                if (i + 2 >= to) {
                    return false;
                }
                int second = bytes[i + 1] & 0xFF;
                // E0 below A0 would be an overlong form of U+0000..U+07FF; ED from A0 on encodes
                // the surrogates U+D800..U+DFFF, which UTF-8 must not carry.
                int low = lead == 0xE0 ? 0xA0 : 0x80;
                int high = lead == 0xED ? 0x9F : 0xBF;
                if (second < low || second > high || !isContinuation(bytes[i + 2])) {
                    return false;
                }
                i += 3;
            } else if (lead < 0xF5) {
                if (i + 3 >= to) {
                    return false;
                }
                int second = bytes[i + 1] & 0xFF;
                // F0 below 90 would be an overlong form of U+0000..U+FFFF; F4 from 90 on is past
                // U+10FFFF (as is any lead from F5 on, below).
                int low = lead == 0xF0 ? 0x90 : 0x80;
                int high = lead == 0xF4 ? 0x8F : 0xBF;
                if (second < low
                        || second > high
                        || !isContinuation(bytes[i + 2])
                        || !isContinuation(bytes[i + 3])) {
                    return false;
                }
                i += 4;
            } else {
                return false;
            }
        }
        return true;
    }

    private static boolean isContinuation(byte b) {
        return (b & 0xC0) == 0x80;
    }
}
