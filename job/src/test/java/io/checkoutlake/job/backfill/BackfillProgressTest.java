package io.checkoutlake.job.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackfillProgressTest {
    @Test
    void reportsDoneOfTotalRateAndEta() {
        BackfillProgress p =
                new BackfillProgress(
                        3, 12, 2_500, 10_000, 250L << 20, 1000L << 20, Duration.ofSeconds(100));
        assertThat(p.bytesPerSecond()).isEqualTo((250L << 20) / 100.0);
        assertThat(p.eta()).contains(Duration.ofSeconds(300));
        assertThat(p.line())
                .isEqualTo(
                        "backfill progress: folders 3/12, objects 2500/10000 (25.0%), bytes"
                                + " 250.0 MiB/1000.0 MiB, 2.5 MiB/s, 25 objects/s, elapsed 1m40s,"
                                + " ETA 5m00s");
    }

    @Test
    void hasNoEtaBeforeAnythingIsDone() {
        BackfillProgress p = new BackfillProgress(0, 2, 0, 10, 0, 100, Duration.ofSeconds(5));
        assertThat(p.eta()).isEmpty();
        assertThat(p.line()).endsWith("ETA unknown");
    }

    @Test
    void anEmptyBackfillIsComplete() {
        BackfillProgress p = new BackfillProgress(0, 0, 0, 0, 0, 0, Duration.ZERO);
        assertThat(p.line()).contains("objects 0/0 (100.0%)");
    }

    @Test
    void formatsLongDurations() {
        assertThat(BackfillProgress.duration(Duration.ofSeconds(3 * 3600 + 62)))
                .isEqualTo("3h01m02s");
        assertThat(BackfillProgress.bytes(1023)).isEqualTo("1023 B");
        assertThat(BackfillProgress.bytes(3L << 40)).isEqualTo("3.0 TiB");
    }
}
