package io.checkoutlake.functions.path;

import static org.assertj.core.api.Assertions.assertThat;

import io.checkoutlake.functions.model.Entity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RawObjectPathTest {
    private static final String ID = "33c887b2bf494a188a0aacc6b0d724bf";

    @Test
    void checkoutOrderKey() {
        String key = "3A_CheckoutOrder/" + ID + "/id/doc.json";
        assertThat(RawObjectPath.entityOf(key)).contains(Entity.CHECKOUT);
        assertThat(RawObjectPath.folderOf(key)).contains("3A");
    }

    @Test
    void fulfillmentOrderKey() {
        String key = "86_FulfillmentOrder/" + ID + "/id/doc.json";
        assertThat(RawObjectPath.entityOf(key)).contains(Entity.FULFILLMENT);
        assertThat(RawObjectPath.folderOf(key)).contains("86");
    }

    @Test
    void lowerAndUpperHexFoldersBothRouteAndFolderIsUpperCased() {
        assertThat(RawObjectPath.entityOf("ab_CheckoutOrder/" + ID + "/id/x"))
                .contains(Entity.CHECKOUT);
        assertThat(RawObjectPath.entityOf("AB_CheckoutOrder/" + ID + "/id/x"))
                .contains(Entity.CHECKOUT);
        assertThat(RawObjectPath.entityOf("fF_FulfillmentOrder/" + ID + "/id/x"))
                .contains(Entity.FULFILLMENT);
        assertThat(RawObjectPath.folderOf("ab_CheckoutOrder/" + ID + "/id/x")).contains("AB");
        assertThat(RawObjectPath.folderOf("00_FulfillmentOrder/" + ID + "/id/x")).contains("00");
        assertThat(RawObjectPath.folderOf("ff_FulfillmentOrder/" + ID + "/id/x")).contains("FF");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "doc with spaces.json",
                "d\u00e9j\u00e0 vu \u2603 \ud83d\ude00.json",
                "100%.json",
                "%41%zz.json",
                "a+b.json",
                "hash#fragment.json",
                "semi;colon.json",
                "question?mark=1.json",
                "@at,comma&amp.json",
                "no-extension",
            })
    void specialCharactersInTheObjectNameStillRoute(String objectName) {
        String key = "s3://raw/2019/3A_CheckoutOrder/" + ID + "/id/" + objectName;
        assertThat(RawObjectPath.entityOf(key)).contains(Entity.CHECKOUT);
        assertThat(RawObjectPath.folderOf(key)).contains("3A");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "3A_CheckoutOrder/" + ID + "/id/doc.json",
                "/3A_CheckoutOrder/" + ID + "/id/doc.json",
                "raw/3A_CheckoutOrder/" + ID + "/id/doc.json",
                "raw/checkout/2019/3A_CheckoutOrder/" + ID + "/id/doc.json",
                "s3://raw/3A_CheckoutOrder/" + ID + "/id/doc.json",
                "s3://raw-bucket/prefix/with/levels/3A_CheckoutOrder/" + ID + "/id/doc.json",
                "s3a://raw/2019/3A_CheckoutOrder/" + ID + "/id/doc.json.gz",
                "file:///tmp/raw/3A_CheckoutOrder/" + ID + "/id/doc.json",
                "file:/tmp/raw/3A_CheckoutOrder/" + ID + "/id/doc.json",
            })
    void urisAndPrefixes(String uri) {
        assertThat(RawObjectPath.entityOf(uri)).contains(Entity.CHECKOUT);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                // sub-folders under /id/ (as found under 86_FulfillmentOrder)
                "86_FulfillmentOrder/" + ID + "/id/attachments/x.json",
                "s3://raw/86_FulfillmentOrder/" + ID + "/id/attachments/x.json",
                "s3://raw/86_FulfillmentOrder/" + ID + "/id/a/b/c.json",
                "3A_CheckoutOrder/" + ID + "/id/sub/doc.json",
                // files directly under <id>
                "86_FulfillmentOrder/" + ID + "/doc.json",
                "s3://raw/3A_CheckoutOrder/" + ID + "/doc.json",
                "3A_CheckoutOrder/" + ID + "/id",
                // an extra level between <id> and id/
                "3A_CheckoutOrder/" + ID + "/x/id/doc.json",
                // unknown entity suffix
                "3A_ReturnOrder/" + ID + "/id/doc.json",
                "3A_checkoutorder/" + ID + "/id/doc.json",
                "3A_CheckoutOrders/" + ID + "/id/doc.json",
                // trailing slash directory placeholders
                "3A_CheckoutOrder/" + ID + "/id/",
                "s3://raw/86_FulfillmentOrder/" + ID + "/id/",
                "s3://raw/86_FulfillmentOrder/" + ID + "/",
                "s3://raw/86_FulfillmentOrder/",
                // folder not exactly two hex digits
                "3G_CheckoutOrder/" + ID + "/id/doc.json",
                "3_CheckoutOrder/" + ID + "/id/doc.json",
                "13A_CheckoutOrder/" + ID + "/id/doc.json",
                "raw/x3A_CheckoutOrder/" + ID + "/id/doc.json",
                "CheckoutOrder/" + ID + "/id/doc.json",
                // no id segment
                "3A_CheckoutOrder/id/doc.json",
                "",
                "s3://raw/",
            })
    void notOrders(String key) {
        assertThat(RawObjectPath.entityOf(key)).isEmpty();
        assertThat(RawObjectPath.folderOf(key)).isEmpty();
    }

    @Test
    void gzipIsJudgedByTheNameCaseInsensitively() {
        assertThat(RawObjectPath.isGzipName("s3://raw/3A_CheckoutOrder/" + ID + "/id/doc.json.gz"))
                .isTrue();
        assertThat(RawObjectPath.isGzipName("s3://raw/3A_CheckoutOrder/" + ID + "/id/DOC.GZ"))
                .isTrue();
        assertThat(RawObjectPath.isGzipName("s3://raw/3A_CheckoutOrder/" + ID + "/id/doc.json"))
                .isFalse();
        assertThat(RawObjectPath.isGzipName("s3://raw/3A_CheckoutOrder/" + ID + "/id/doc.gzip"))
                .isFalse();
        assertThat(RawObjectPath.isGzipName("s3://raw/x.gz/3A_CheckoutOrder/" + ID + "/id/doc"))
                .isFalse();
    }
}
