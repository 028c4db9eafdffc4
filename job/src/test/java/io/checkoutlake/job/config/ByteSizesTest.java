package io.checkoutlake.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteSizesTest {

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of("100b", 100L),
                Arguments.of("512kb", 512L * 1024),
                Arguments.of("64mb", 64L * 1024 * 1024),
                Arguments.of("1gb", 1024L * 1024 * 1024),
                Arguments.of("2tb", 2L << 40),
                Arguments.of("0", 0L),
                Arguments.of(" 16mb ", 16L << 20),
                Arguments.of("16 MB", 16L << 20),
                Arguments.of("128MB", 128L << 20));
    }

    @ParameterizedTest
    @MethodSource("valid")
    void parsesBinaryUnits(String text, long expected) {
        assertThat(ByteSizes.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"12x", "-1mb", "1.5gb", "mb", "64m", "64 megabytes", "1gb2"})
    void rejectsWhatIsNotASize(String text) {
        assertThatThrownBy(() -> ByteSizes.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + text + "' is not a size (e.g. 512kb, 64mb, 1gb)");
    }

    @Test
    void requiresAUnitForAnythingButZero() {
        assertThatThrownBy(() -> ByteSizes.parse("128"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'128' has no unit");
    }

    @ParameterizedTest
    @NullAndEmptySource
    void rejectsNothing(String text) {
        assertThatThrownBy(() -> ByteSizes.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a size");
    }

    @ParameterizedTest
    @ValueSource(strings = {"9999999tb", "99999999999999999999b"})
    void rejectsOverflow(String text) {
        assertThatThrownBy(() -> ByteSizes.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + text + "' is too large a size");
    }

    @Test
    void formatsWithTheLargestExactUnit() {
        assertThat(ByteSizes.format(0)).isEqualTo("0");
        assertThat(ByteSizes.format(1000)).isEqualTo("1000b");
        assertThat(ByteSizes.format(1024)).isEqualTo("1kb");
        assertThat(ByteSizes.format(1536)).isEqualTo("1536b");
        assertThat(ByteSizes.format(128L << 20)).isEqualTo("128mb");
        assertThat(ByteSizes.format(3L << 30)).isEqualTo("3gb");
        assertThat(ByteSizes.format(1L << 40)).isEqualTo("1tb");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 1023, 1024, 1025, 16L << 20, (1L << 30) + 1, 5L << 40})
    void formatReadsBack(long bytes) {
        assertThat(ByteSizes.parse(ByteSizes.format(bytes))).isEqualTo(bytes);
    }
}
