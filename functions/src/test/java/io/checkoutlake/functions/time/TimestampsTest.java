package io.checkoutlake.functions.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {

    /** Every form listed in domain-notes.md, and the exact instant it names. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        // 7 fraction digits with +00:00
        "2019-02-06T20:46:11.7010747+00:00, 2019-02-06T20:46:11.701074700Z",
        // 6 fraction digits with an offset
        "2024-02-04T20:09:43.899958+00:00, 2024-02-04T20:09:43.899958Z",
        // no fraction, with an offset
        "2019-01-28T20:09:43+00:00, 2019-01-28T20:09:43Z",
        // 7 digits and Z
        "2021-07-13T18:33:25.3029443Z, 2021-07-13T18:33:25.302944300Z",
        // trailing zeros trimmed: 5 digits and Z
        "2024-02-16T23:42:47.62285Z, 2024-02-16T23:42:47.622850Z",
        // no fraction and Z
        "2022-07-13T18:30:46Z, 2022-07-13T18:30:46Z",
        // zone-less store-local value read as UTC
        "2021-07-13T15:33:25.3029443, 2021-07-13T15:33:25.302944300Z",
        // a -03:00 evening is the next UTC day
        "2021-07-13T22:30:00-03:00, 2021-07-14T01:30:00Z",
        "2021-07-13T21:00:00.5-03:00, 2021-07-14T00:00:00.500Z",
        // a positive offset moves to the previous UTC day
        "2021-07-14T01:30:00+05:30, 2021-07-13T20:00:00Z",
        // +HHMM without colon, as the class promises
        "2019-01-28T20:09:43+0000, 2019-01-28T20:09:43Z",
        "2021-07-13T22:30:00-0300, 2021-07-14T01:30:00Z",
        // nine fraction digits
        "2019-02-06T20:46:11.123456789Z, 2019-02-06T20:46:11.123456789Z",
    })
    void parsesEveryFormToTheExactInstant(String text, String expected) {
        assertThat(Timestamps.parseInstant(text)).isEqualTo(Instant.parse(expected));
    }

    @Test
    void sevenDigitsArePreciseToTheHundredNanosecond() {
        Instant i = Timestamps.parseInstant("2019-02-06T20:46:11.7010747+00:00");
        assertThat(i.getEpochSecond()).isEqualTo(1549485971L);
        assertThat(i.getNano()).isEqualTo(701_074_700);
    }

    @Test
    void minusThreeHoursLandsInTheNextUtcDay() {
        Instant i = Timestamps.parseInstant("2021-07-13T22:30:00-03:00");
        assertThat(i.toString()).isEqualTo("2021-07-14T01:30:00Z");
    }

    @Test
    void surroundingWhitespaceIsIgnored() {
        assertThat(Timestamps.parseInstant("  2022-07-13T18:30:46Z\n"))
                .isEqualTo(Instant.parse("2022-07-13T18:30:46Z"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "   ",
                "null",
                "garbage",
                "2019-02-06",
                "2019-02-06 20:46:11",
                "20:46:11Z",
                "2019-13-06T20:46:11Z",
                "2019-02-30T20:46:11Z",
                "2019-02-06T24:00:00Z",
                "2019-02-06T20:61:00Z",
                "2019-02-06T20:46:11.1234567891Z",
                "2019-02-06T20:46:11+25:00",
                "2019-02-06T20:46:11 UTC",
                "1549485971",
            })
    void rejectsGarbage(String text) {
        assertThatThrownBy(() -> Timestamps.parseInstant(text))
                .isInstanceOf(DateTimeException.class);
    }

    @Test
    void parseLocalKeepsTheWallClockAndIgnoresAnyOffset() {
        assertThat(Timestamps.parseLocal("2021-07-13T15:33:25.3029443"))
                .isEqualTo(LocalDateTime.of(2021, 7, 13, 15, 33, 25, 302_944_300));
        assertThat(Timestamps.parseLocal("2021-07-13T22:30:00-03:00"))
                .isEqualTo(LocalDateTime.of(2021, 7, 13, 22, 30, 0));
        assertThatThrownBy(() -> Timestamps.parseLocal("not a time"))
                .isInstanceOf(DateTimeException.class);
    }

    @Test
    void epochMicrosOfKnownInstants() {
        assertThat(Timestamps.toEpochMicros(Instant.EPOCH)).isZero();
        assertThat(Timestamps.toEpochMicros(Instant.parse("2019-08-23T17:02:11.7010747Z")))
                .isEqualTo(1_566_579_731_701_074L);
        // Sub-microsecond digits are truncated, not rounded.
        assertThat(Timestamps.toEpochMicros(Instant.ofEpochSecond(0, 999))).isZero();
        assertThat(Timestamps.toEpochMicros(Instant.ofEpochSecond(-2, 500_000_000)))
                .isEqualTo(-1_500_000L);
        assertThat(Timestamps.toEpochMicros(Instant.parse("1969-12-31T23:59:59.999999Z")))
                .isEqualTo(-1L);
        assertThat(Timestamps.toEpochMicros(LocalDateTime.of(2021, 7, 13, 15, 33, 25, 302_944_300)))
                .isEqualTo(Timestamps.toEpochMicros(Instant.parse("2021-07-13T15:33:25.302944Z")));
    }

    @Test
    void epochMicrosOverflowIsAnErrorNotAWrongValue() {
        assertThatThrownBy(() -> Timestamps.toEpochMicros(Instant.MAX))
                .isInstanceOf(ArithmeticException.class);
    }

    @ParameterizedTest
    @ValueSource(
            longs = {
                0L,
                1L,
                -1L,
                999_999L,
                -999_999L,
                1_000_000L,
                -1_000_000L,
                -1_000_001L,
                -1_500_000L,
                1_566_579_731_701_074L,
                -5_364_662_400_000_000L, // 1800-01-01
                Long.MAX_VALUE,
            })
    void microsRoundTrip(long micros) {
        Instant instant = Timestamps.fromEpochMicros(micros);
        assertThat(instant.getNano() % 1_000).isZero();
        assertThat(Timestamps.toEpochMicros(instant)).isEqualTo(micros);
    }

    @Test
    void negativeMicrosNameTheInstantBeforeTheEpoch() {
        assertThat(Timestamps.fromEpochMicros(-1L))
                .isEqualTo(Instant.parse("1969-12-31T23:59:59.999999Z"));
        assertThat(Timestamps.fromEpochMicros(-1_500_000L))
                .isEqualTo(Instant.parse("1969-12-31T23:59:58.500Z"));
        assertThat(Timestamps.fromEpochMicros(1_566_579_731_701_074L))
                .isEqualTo(Instant.parse("2019-08-23T17:02:11.701074Z"));
    }

    @Test
    void parsedThenMicrosThenBackKeepsMicrosecondPrecision() {
        Instant parsed = Timestamps.parseInstant("2024-02-04T20:09:43.899958+00:00");
        assertThat(Timestamps.fromEpochMicros(Timestamps.toEpochMicros(parsed))).isEqualTo(parsed);
    }
}
