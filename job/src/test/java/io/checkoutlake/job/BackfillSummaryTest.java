package io.checkoutlake.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackfillSummaryTest {

    @Test
    void namesAFewFoldersWhole() {
        assertThat(BackfillSummary.firstNames(List.of("checkout/a0", "checkout/a1")))
                .isEqualTo("[checkout/a0, checkout/a1]");
    }

    @Test
    void namesTheFirstTenOfManyAndCountsTheRest() {
        List<String> missing =
                IntStream.range(0, 383).mapToObj(i -> "f" + i).collect(Collectors.toList());

        String line = BackfillSummary.firstNames(missing);

        assertThat(line).isEqualTo("[f0, f1, f2, f3, f4, f5, f6, f7, f8, f9] and 373 more");
    }

    @Test
    void theSummaryLineCountsEveryMissingFolderButNamesTen() {
        BackfillSummary summary = new BackfillSummary();
        IntStream.range(0, 25).forEach(i -> summary.missing.add("checkout/" + i));

        assertThat(summary.line())
                .contains("25 missing [checkout/0,")
                .contains("checkout/9] and 15 more;")
                .doesNotContain("checkout/10");
    }
}
