package io.checkoutlake.functions.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class PartitionSpanTest {
    private static long millis(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void defaultPatternMakesUtcDays() {
        PartitionSpan span = PartitionSpan.of(EventTimeBucketAssigner.DEFAULT_PATTERN);
        assertThat(span.unit()).isEqualTo(ChronoUnit.DAYS);
        assertThat(span.endMillis(millis("2019-08-23T17:45:00Z")))
                .isEqualTo(millis("2019-08-24T00:00:00Z"));
        assertThat(span.endMillis(millis("2019-08-23T00:00:00Z")))
                .isEqualTo(millis("2019-08-24T00:00:00Z"));
        assertThat(span.endMillisOf("YEAR=2019/MONTH=08/DAY=23"))
                .isEqualTo(millis("2019-08-24T00:00:00Z"));
        assertThat(span.endMillisOf("YEAR=2019/MONTH=12/DAY=31"))
                .isEqualTo(millis("2020-01-01T00:00:00Z"));
    }

    @Test
    void anHourLevelMakesHours() {
        PartitionSpan span = PartitionSpan.of("'YEAR='yyyy/'MONTH='MM/'DAY='dd/'HOUR='HH");
        assertThat(span.unit()).isEqualTo(ChronoUnit.HOURS);
        assertThat(span.endMillisOf("YEAR=2019/MONTH=08/DAY=23/HOUR=17"))
                .isEqualTo(millis("2019-08-23T18:00:00Z"));
    }

    @Test
    void monthsAndQuotedLettersAreNotMistaken() {
        // 'DAY=' is quoted: the finest printed field is the month.
        PartitionSpan span = PartitionSpan.of("'DAY='yyyy-MM");
        assertThat(span.unit()).isEqualTo(ChronoUnit.MONTHS);
        assertThat(span.endMillis(millis("2019-02-10T00:00:00Z")))
                .isEqualTo(millis("2019-03-01T00:00:00Z"));
    }

    @Test
    void foreignPartitionNamesAreRefused() {
        PartitionSpan span = PartitionSpan.of(EventTimeBucketAssigner.DEFAULT_PATTERN);
        assertThatThrownBy(() -> span.endMillisOf("reason=malformed_json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a partition of pattern");
        assertThatThrownBy(() -> PartitionSpan.of("'static'"))
                .hasMessageContaining("prints no date or time field");
    }
}
