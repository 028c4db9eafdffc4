package io.checkoutlake.job.sink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OutputFileKeyTest {
    private static final String ROOT = "s3a://raw/orders";

    @Test
    void theFolderIsTheFirstSegmentBelowTheSourceRoot() {
        String key =
                OutputFileKey.of(
                        ROOT,
                        ROOT + "/3A_CheckoutOrder/abc/id/v1.json",
                        "checkout/YEAR=2019/MONTH=08/DAY=04");
        assertThat(key).isEqualTo("3A_CheckoutOrder/checkout/YEAR=2019/MONTH=08/DAY=04");
        OutputFileKey parsed = OutputFileKey.parse(key);
        assertThat(parsed.folder()).isEqualTo("3A_CheckoutOrder");
        assertThat(parsed.relativePath(".zstd.parquet"))
                .isEqualTo(
                        "checkout/YEAR=2019/MONTH=08/DAY=04/backfill-3A_CheckoutOrder.zstd.parquet");
        assertThat(OutputFileKey.folderOf(ROOT + "/", ROOT + "/86_FulfillmentOrder/x/id/sub/y"))
                .isEqualTo("86_FulfillmentOrder");
    }

    @Test
    void objectsDirectlyUnderTheRootShareOneFolder() {
        assertThat(OutputFileKey.folderOf(ROOT, ROOT + "/README.txt")).isEqualTo("_root");
    }

    @Test
    void oddFolderNamesBecomeSafeAndStayDistinct() {
        String a = OutputFileKey.folderOf(ROOT, ROOT + "/odd folder:1/x");
        String b = OutputFileKey.folderOf(ROOT, ROOT + "/odd folder:2/x");
        assertThat(a).matches("[A-Za-z0-9_-]+").startsWith("odd-folder-1-");
        assertThat(a).isNotEqualTo(b);
    }
}
