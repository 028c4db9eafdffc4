package io.checkoutlake.functions.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PartitionValuesTest {
    @Test
    void foldersBecomeLowerCaseColumnsAndIntValues() {
        PartitionValues v = PartitionValues.parse("YEAR=2019/MONTH=08/DAY=03");
        assertThat(v.columns()).containsExactly("year", "month", "day");
        assertThat(v.folderValues()).containsExactly("2019", "08", "03");
        assertThat(v.catalogValues()).containsExactly("2019", "8", "3");
    }

    @Test
    void segmentsThatAreNotKeyValueAreRefused() {
        assertThatThrownBy(() -> PartitionValues.parse("2019/08"))
                .hasMessageContaining("not KEY=value");
        assertThatThrownBy(() -> PartitionValues.parse("YEAR=2019/YEAR=2020"))
                .hasMessageContaining("twice");
    }
}
