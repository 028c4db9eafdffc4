package io.checkoutlake.functions.path;

import static org.assertj.core.api.Assertions.assertThat;

import io.checkoutlake.functions.model.Entity;
import org.junit.jupiter.api.Test;

class ObjectKeysTest {

    @Test
    void plusIsASpace() {
        assertThat(ObjectKeys.decodeEventKey("a+b+c.json")).isEqualTo("a b c.json");
    }

    @Test
    void percent2BIsALiteralPlus() {
        assertThat(ObjectKeys.decodeEventKey("a%2Bb.json")).isEqualTo("a+b.json");
        assertThat(ObjectKeys.decodeEventKey("a%2bb.json")).isEqualTo("a+b.json");
    }

    @Test
    void percent25IsALiteralPercentAndIsNotDecodedTwice() {
        assertThat(ObjectKeys.decodeEventKey("100%25.json")).isEqualTo("100%.json");
        assertThat(ObjectKeys.decodeEventKey("%2541")).isEqualTo("%41");
    }

    @Test
    void multibyteUtf8Sequences() {
        assertThat(ObjectKeys.decodeEventKey("caf%C3%A9.json")).isEqualTo("caf\u00e9.json");
        assertThat(ObjectKeys.decodeEventKey("caf%c3%a9.json")).isEqualTo("caf\u00e9.json");
        assertThat(ObjectKeys.decodeEventKey("%E2%98%83")).isEqualTo("\u2603");
        assertThat(ObjectKeys.decodeEventKey("%F0%9F%98%80")).isEqualTo("\ud83d\ude00");
    }

    @Test
    void unencodedNonAsciiIsKept() {
        assertThat(ObjectKeys.decodeEventKey("caf\u00e9 \ud83d\ude00+x"))
                .isEqualTo("caf\u00e9 \ud83d\ude00 x");
    }

    @Test
    void otherEscapes() {
        assertThat(ObjectKeys.decodeEventKey("a%20b%23c%3Bd%2Fe%3F")).isEqualTo("a b#c;d/e?");
    }

    @Test
    void malformedEscapesAreKeptLiterally() {
        assertThat(ObjectKeys.decodeEventKey("100%")).isEqualTo("100%");
        assertThat(ObjectKeys.decodeEventKey("100%4")).isEqualTo("100%4");
        assertThat(ObjectKeys.decodeEventKey("%zz.json")).isEqualTo("%zz.json");
        assertThat(ObjectKeys.decodeEventKey("%G1%1G")).isEqualTo("%G1%1G");
        assertThat(ObjectKeys.decodeEventKey("a%%41")).isEqualTo("a%A");
    }

    @Test
    void plainKeysAreUnchanged() {
        String key = "raw/3A_CheckoutOrder/33c887b2bf494a188a0aacc6b0d724bf/id/doc.json";
        assertThat(ObjectKeys.decodeEventKey(key)).isEqualTo(key);
        assertThat(ObjectKeys.decodeEventKey("")).isEmpty();
    }

    @Test
    void aDecodedSpecialKeyStillRoutes() {
        String encoded =
                "raw/3A_CheckoutOrder/33c887b2bf494a188a0aacc6b0d724bf/id/my+doc%23%C3%A9%25.json";
        String decoded = ObjectKeys.decodeEventKey(encoded);
        assertThat(decoded)
                .isEqualTo(
                        "raw/3A_CheckoutOrder/33c887b2bf494a188a0aacc6b0d724bf/id/my doc#\u00e9%.json");
        assertThat(RawObjectPath.entityOf(decoded)).contains(Entity.CHECKOUT);
    }
}
