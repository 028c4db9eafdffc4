package io.checkoutlake.functions.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.checkoutlake.functions.model.DeadLetterReason;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RawTextTest {
    private static final long MAX = 1 << 20;

    /** Bytes that sit on the edges of UTF-8's ranges: where a hand-written validator goes wrong. */
    private static final int[] EDGES = {
        0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1,
        0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xF7, 0xF8, 0xFE, 0xFF
    };

    /** The JDK's strict decoder: the reference the byte-level validator must agree with. */
    private static final CharsetDecoder JDK =
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);

    private static boolean jdkAccepts(byte[] bytes) {
        try {
            JDK.decode(ByteBuffer.wrap(bytes)); // resets the decoder first
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static byte[] hex(String hex) {
        String[] pairs = hex.split(" ");
        byte[] bytes = new byte[pairs.length];
        for (int i = 0; i < pairs.length; i++) {
            bytes[i] = (byte) Integer.parseInt(pairs[i], 16);
        }
        return bytes;
    }

    private static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            out.append(String.format("%02X ", b & 0xFF));
        }
        return out.toString().trim();
    }

    /** A JSON document with the bytes inside a string value, after more than eight ASCII bytes. */
    private static byte[] inDocument(byte[] inner) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("{\"Name\":\"".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(inner);
        out.writeBytes("\"}".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "C3 A9", // é, two bytes
                "C2 80", // U+0080, the smallest two-byte code point
                "DF BF", // U+07FF, the largest
                "E0 A0 80", // U+0800, the smallest three-byte code point
                "E2 82 AC", // €
                "ED 9F BF", // U+D7FF, just below the surrogates
                "EE 80 80", // U+E000, just above them
                "EF BB BF", // U+FEFF inside the text (only a leading one is a byte-order mark)
                "EF BF BF", // U+FFFF
                "F0 90 80 80", // U+10000, the smallest four-byte code point
                "F0 9F 9B 92", // 🛒
                "F4 8F BF BF", // U+10FFFF, the largest code point
            })
    void validSequencesPass(String sequence) throws DecodeException {
        byte[] document = inDocument(hex(sequence));
        assertThat(RawText.isUtf8(document)).isTrue();
        assertThat(RawText.documentBytes(document, false, MAX)).isEqualTo(document);
        // and as the whole document, where no ASCII run comes first and the sequence ends it
        assertThat(RawText.isUtf8(hex(sequence))).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "80", // a continuation byte without a lead
                "BF",
                "C3 A9 A9", // one continuation byte too many
                "C0 AF", // overlong '/'
                "C1 BF", // overlong DEL
                "E0 80 AF", // overlong '/' in three bytes
                "E0 9F BF", // overlong U+07FF
                "F0 80 80 AF", // overlong '/' in four bytes
                "F0 8F BF BF", // overlong U+FFFF
                "ED A0 80", // U+D800, a high surrogate
                "ED BF BF", // U+DFFF, a low surrogate
                "ED A0 BD ED B2 A9", // a surrogate pair as CESU-8 writes it
                "F4 90 80 80", // U+110000, past the last code point
                "F5 80 80 80",
                "F8 88 80 80 80", // the old five-byte form
                "FE",
                "FF",
                "C3 41", // a lead followed by ASCII instead of a continuation byte
                "E2 82 41",
                "F0 9F 9B 41",
                "E2 41 AC",
            })
    void invalidSequencesAreRefusedWithTheSameReasonAsBefore(String sequence) {
        byte[] document = inDocument(hex(sequence));
        assertThat(jdkAccepts(document)).as("the JDK refuses it too").isFalse();
        assertThat(RawText.isUtf8(document)).isFalse();
        assertThatThrownBy(() -> RawText.documentBytes(document, false, MAX))
                .isInstanceOfSatisfying(
                        DecodeException.class,
                        e -> {
                            assertThat(e.reason()).isEqualTo(DeadLetterReason.INVALID_UTF8);
                            assertThat(e.detail()).isEqualTo("the document is not valid UTF-8");
                        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"C3", "E2", "E2 82", "F0", "F0 9F", "F0 9F 9B"})
    void aSequenceCutOffAtTheEndIsRefused(String sequence) {
        byte[] document =
                concat("{\"Name\":\"abcdefgh".getBytes(StandardCharsets.US_ASCII), hex(sequence));
        assertThat(jdkAccepts(document)).isFalse();
        assertThat(RawText.isUtf8(document)).isFalse();
        assertThat(RawText.isUtf8(hex(sequence))).isFalse();
        assertThatThrownBy(() -> RawText.documentBytes(document, false, MAX))
                .isInstanceOf(DecodeException.class)
                .hasMessage("the document is not valid UTF-8");
    }

    @Test
    void aByteOrderMarkIsSkippedAndTheRestStillChecked() throws DecodeException {
        byte[] bom = hex("EF BB BF");
        byte[] document = inDocument(hex("C3 A9"));
        assertThat(RawText.documentBytes(concat(bom, document), false, MAX)).isEqualTo(document);
        assertThatThrownBy(
                        () ->
                                RawText.documentBytes(
                                        concat(bom, inDocument(hex("C0 AF"))), false, MAX))
                .isInstanceOf(DecodeException.class)
                .hasMessage("the document is not valid UTF-8");
    }

    @Test
    void everyOneAndTwoByteInputAgreesWithTheJdkDecoder() {
        for (int a = 0; a < 256; a++) {
            assertAgrees(new byte[] {(byte) a});
            for (int b = 0; b < 256; b++) {
                assertAgrees(new byte[] {(byte) a, (byte) b});
            }
        }
    }

    @Test
    void everyLeadByteBeforeEdgeBytesAgreesWithTheJdkDecoder() {
        for (int lead = 0x80; lead < 256; lead++) {
            for (int b : EDGES) {
                for (int c : EDGES) {
                    assertAgrees(new byte[] {(byte) lead, (byte) b, (byte) c});
                    // four bytes only after the four-byte leads (and the invalid F5..F7): the
                    // JDK's exception per refusal makes the full product take many seconds
                    if (lead >= 0xF0 && lead <= 0xF7) {
                        for (int d : EDGES) {
                            assertAgrees(new byte[] {(byte) lead, (byte) b, (byte) c, (byte) d});
                        }
                    }
                }
            }
        }
    }

    /**
     * Seeded random documents of valid code points (ASCII runs, two-, three- and four-byte
     * characters) with, in most, a few random or edge bytes put in or a tail cut off, so that both
     * answers come up often and the faults fall at every offset of the eight-byte ASCII step.
     */
    @Test
    void randomBytesAgreeWithTheJdkDecoder() {
        Random random = new Random(20_261_206L);
        int accepted = 0;
        int refused = 0;
        for (int n = 0; n < 20_000; n++) {
            byte[] bytes = randomText(random);
            int faults = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(3);
            for (int f = 0; f < faults && bytes.length > 0; f++) {
                int at = random.nextInt(bytes.length);
                bytes[at] =
                        random.nextBoolean()
                                ? (byte) EDGES[random.nextInt(EDGES.length)]
                                : (byte) random.nextInt(256);
            }
            if (bytes.length > 0 && random.nextInt(5) == 0) {
                bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length));
            }
            boolean expected = assertAgrees(bytes);
            if (expected) {
                accepted++;
            } else {
                refused++;
            }
        }
        // uniform random bytes alone would almost never be valid: make sure both sides were tried
        assertThat(accepted).isGreaterThan(2_000);
        assertThat(refused).isGreaterThan(2_000);
        for (int n = 0; n < 20_000; n++) {
            byte[] bytes = new byte[random.nextInt(24)];
            random.nextBytes(bytes);
            assertAgrees(bytes);
        }
    }

    private static byte[] randomText(Random random) {
        StringBuilder text = new StringBuilder();
        int parts = random.nextInt(12);
        for (int p = 0; p < parts; p++) {
            int kind = random.nextInt(4);
            if (kind == 0) {
                text.append("abcdefghijklmnopqrstuvwxyz", 0, random.nextInt(27));
            } else if (kind == 1) {
                text.appendCodePoint(0x80 + random.nextInt(0x800 - 0x80));
            } else if (kind == 2) {
                int cp = 0x800 + random.nextInt(0x10000 - 0x800);
                text.appendCodePoint(Character.isSurrogate((char) cp) ? 0xFFFD : cp);
            } else {
                text.appendCodePoint(0x10000 + random.nextInt(0x110000 - 0x10000));
            }
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static boolean assertAgrees(byte[] bytes) {
        boolean expected = jdkAccepts(bytes);
        // a plain comparison: AssertJ per case made the exhaustive loops take seconds
        if (RawText.isUtf8(bytes) != expected) {
            fail("%s: the JDK %s it", hex(bytes), expected ? "accepts" : "refuses");
        }
        return expected;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
