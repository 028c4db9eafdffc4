package io.checkoutlake.functions.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventTimesTest {

    @Test
    void rangeIsYear2000InclusiveTo2100Exclusive() {
        assertThat(EventTimes.EARLIEST).isEqualTo(Instant.parse("2000-01-01T00:00:00Z"));
        assertThat(EventTimes.LATEST_EXCLUSIVE).isEqualTo(Instant.parse("2100-01-01T00:00:00Z"));
    }

    @Test
    void lowerBoundIsInclusive() {
        assertThat(EventTimes.inRange(EventTimes.EARLIEST)).isTrue();
        assertThat(EventTimes.inRange(EventTimes.EARLIEST.minusNanos(1))).isFalse();
        assertThat(EventTimes.inRange(EventTimes.EARLIEST.plusNanos(1))).isTrue();
    }

    @Test
    void upperBoundIsExclusive() {
        assertThat(EventTimes.inRange(EventTimes.LATEST_EXCLUSIVE)).isFalse();
        assertThat(EventTimes.inRange(EventTimes.LATEST_EXCLUSIVE.minusNanos(1))).isTrue();
        assertThat(EventTimes.inRange(EventTimes.LATEST_EXCLUSIVE.plusSeconds(1))).isFalse();
    }

    @Test
    void typicalAndBrokenClockValues() {
        assertThat(EventTimes.inRange(Instant.parse("2019-08-23T17:02:11.701074Z"))).isTrue();
        assertThat(EventTimes.inRange(Instant.parse("1650-01-01T00:00:00Z"))).isFalse();
        assertThat(EventTimes.inRange(Instant.parse("0001-01-01T00:00:00Z"))).isFalse();
        assertThat(EventTimes.inRange(Instant.EPOCH)).isFalse();
        assertThat(EventTimes.inRange(Instant.parse("9999-12-31T23:59:59Z"))).isFalse();
    }
}
