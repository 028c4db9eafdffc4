package io.checkoutlake.functions.decode;

import io.checkoutlake.functions.model.DeadLetterReason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * From an object's stored bytes to the UTF-8 bytes of one JSON document: gunzip when the name ends
 * in {@code .gz} or the bytes start with gzip's magic number, skip a UTF-8 byte-order mark, refuse
 * empty, oversized and non-UTF-8 input with a precise reason.
 */
public final class RawText {
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

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
        // ASCII is the common case; only hand the rest from the first non-ASCII byte on to the
        // strict decoder (an ASCII prefix is whole characters).
        int i = start;
        while (i < bytes.length && bytes[i] >= 0) {
            i++;
        }
        if (i < bytes.length && !isUtf8(ByteBuffer.wrap(bytes, i, bytes.length - i))) {
            throw new DecodeException(
                    DeadLetterReason.INVALID_UTF8, "the document is not valid UTF-8");
        }
    }

    /** Whether bytes decode as UTF-8 (dead letters then carry text, else base64). */
    public static boolean isUtf8(byte[] bytes) {
        return isUtf8(ByteBuffer.wrap(bytes));
    }

    private static boolean isUtf8(ByteBuffer bytes) {
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes);
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
