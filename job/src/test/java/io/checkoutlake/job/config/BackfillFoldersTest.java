package io.checkoutlake.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BackfillFoldersTest {
    @Test
    void allIsThe512FoldersOfTheLayoutInLayoutOrder() {
        BackfillFolders all = BackfillFolders.parse("all");
        assertThat(all.names()).hasSize(512).doesNotHaveDuplicates();
        assertThat(all.names())
                .startsWith("00_CheckoutOrder", "00_FulfillmentOrder", "01_CheckoutOrder")
                .endsWith("FF_CheckoutOrder", "FF_FulfillmentOrder");
        assertThat(BackfillFolders.parse("00-FF").names()).isEqualTo(all.names());
    }

    @Test
    void aRangeIsInclusiveAndTakesBothEntities() {
        assertThat(BackfillFolders.parse("00-3F").names()).hasSize(128);
        assertThat(BackfillFolders.parse("3a-3B").names())
                .containsExactly(
                        "3A_CheckoutOrder",
                        "3A_FulfillmentOrder",
                        "3B_CheckoutOrder",
                        "3B_FulfillmentOrder");
    }

    @Test
    void listsMixPrefixesRangesAndSingleFoldersWithoutDuplicates() {
        assertThat(BackfillFolders.parse("E9_FulfillmentOrder, 0D, 0C-0D").names())
                .containsExactly(
                        "0C_CheckoutOrder",
                        "0C_FulfillmentOrder",
                        "0D_CheckoutOrder",
                        "0D_FulfillmentOrder",
                        "E9_FulfillmentOrder");
    }

    @Test
    void rejectsWhatIsNotAFolderNamingTheItem() {
        assertThatThrownBy(() -> BackfillFolders.parse("00-3G")).hasMessageContaining("'00-3G'");
        assertThatThrownBy(() -> BackfillFolders.parse("3F-00"))
                .hasMessageContaining("high to low");
        assertThatThrownBy(() -> BackfillFolders.parse("3A_ReturnOrder"))
                .hasMessageContaining("'3A_ReturnOrder'");
        assertThatThrownBy(() -> BackfillFolders.parse("00,,01")).hasMessageContaining("''");
        assertThatThrownBy(() -> BackfillFolders.parse("100")).hasMessageContaining("'100'");
    }
}
