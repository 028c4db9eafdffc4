package io.checkoutlake.tests.commit;

import static org.assertj.core.api.Assertions.assertThat;

import io.checkoutlake.functions.model.Entity;
import io.checkoutlake.job.commit.ManifestEntry;
import io.checkoutlake.job.commit.PartitionManifest;
import io.checkoutlake.job.metrics.LakeMetrics;
import io.checkoutlake.tests.LakeContents;
import io.checkoutlake.tools.generator.GeneratedObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Watermark-driven partition commit in stream mode: a day's partition gets {@code _manifest.json}
 * and {@code _SUCCESS} once the watermark passes its end plus lake.commit-delay (1h here), not
 * before; the manifest lists exactly the committed files with their row counts and event-time
 * range; late rows for a committed day are written there, counted, and the day is committed again.
 */
class PartitionCommitITCase {
    private static final String DAY1 = "YEAR=2019/MONTH=08/DAY=01";
    private static final String DAY3 = "YEAR=2019/MONTH=08/DAY=03";

    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .setConfiguration(METRICS.addToConfiguration(new Configuration()))
                            .build());

    @TempDir Path dir;

    @Test
    void dayIsCommittedOnceTheWatermarkPassesItAndAgainForLateRows() throws Exception {
        try (StreamingLake lake = new StreamingLake(dir)) {
            JobClient job = lake.start(lake.config().build());

            // Day 1 only: the watermark stays inside day 1, so nothing may be committed.
            List<GeneratedObject> day1 =
                    lake.write(1, 60, "2019-08-01T00:00:00Z", "2019-08-01T20:00:00Z");
            lake.waitFor(() -> rowsOrZero(lake) == day1.size(), "day 1 rows visible");
            Thread.sleep(2_000); // several checkpoints
            for (Entity e : Entity.values()) {
                Path p = lake.partition(e, DAY1);
                assertThat(StreamingLake.isCommitted(p)).as("%s committed early", p).isFalse();
                assertThat(p.resolve(PartitionManifest.FILE_NAME)).doesNotExist();
            }

            // Day 3 moves the watermark past the end of day 1 plus 1h: day 1 is committed.
            List<GeneratedObject> day3 =
                    lake.write(2, 60, "2019-08-03T00:00:00Z", "2019-08-03T12:00:00Z");
            for (Entity e : Entity.values()) {
                lake.waitFor(
                        () -> StreamingLake.isCommitted(lake.partition(e, DAY1)),
                        e.table() + " day 1 committed");
            }
            lake.waitFor(() -> rowsOrZero(lake) == day1.size() + day3.size(), "day 3 rows visible");
            for (Entity e : Entity.values()) {
                assertManifestMatchesFiles(lake.partition(e, DAY1));
                assertThat(StreamingLake.isCommitted(lake.partition(e, DAY3)))
                        .as("day 3 is not over for the watermark")
                        .isFalse();
            }
            long day1Rows = rowsIn(lake, DAY1);
            assertThat(day1Rows).isEqualTo(day1.size());
            assertThat(lateRows(job)).isZero();

            // Late rows for day 1: written there, counted, and day 1 committed again.
            List<GeneratedObject> late =
                    lake.write(3, 20, "2019-08-01T10:00:00Z", "2019-08-01T12:00:00Z");
            lake.waitFor(
                    () -> manifestRows(lake, DAY1) == day1Rows + late.size(),
                    "day 1 committed again with the late rows");
            for (Entity e : Entity.values()) {
                assertManifestMatchesFiles(lake.partition(e, DAY1));
            }
            assertThat(rowsIn(lake, DAY1)).isEqualTo(day1Rows + late.size());
            assertThat(lateRows(job)).isPositive().isLessThanOrEqualTo(late.size());
        }
    }

    /** The manifest names exactly the visible Parquet files, with their real counts and times. */
    static void assertManifestMatchesFiles(Path partition) throws IOException {
        PartitionManifest manifest = StreamingLake.manifest(partition);
        assertThat(manifest).as("manifest of %s", partition).isNotNull();
        List<Path> files = LakeContents.committedFiles(partition, ".parquet");
        assertThat(manifest.files().stream().map(ManifestEntry::name))
                .containsExactlyInAnyOrderElementsOf(
                        files.stream()
                                .map(f -> f.getFileName().toString())
                                .collect(Collectors.toList()));
        List<Long> eventTimes = new ArrayList<>();
        for (ManifestEntry entry : manifest.files()) {
            Path file = partition.resolve(entry.name());
            List<GenericRecord> rows = LakeContents.records(file);
            assertThat(entry.rows()).as("rows of %s", file).isEqualTo(rows.size());
            assertThat(entry.size()).isEqualTo(Files.size(file));
            for (GenericRecord r : rows) {
                eventTimes.add((Long) r.get("_event_time"));
            }
        }
        assertThat(manifest.rows()).isEqualTo(eventTimes.size());
        assertThat(java.time.Instant.parse(manifest.minEventTime()))
                .isEqualTo(micros(eventTimes.stream().min(Long::compare).orElseThrow()));
        assertThat(java.time.Instant.parse(manifest.maxEventTime()))
                .isEqualTo(micros(eventTimes.stream().max(Long::compare).orElseThrow()));
        assertThat(manifest.committedAt()).isNotBlank();
    }

    private static java.time.Instant micros(long micros) {
        return java.time.Instant.ofEpochSecond(
                Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    private static long rowsOrZero(StreamingLake lake) {
        try {
            return lake.rows();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long rowsIn(StreamingLake lake, String partition) throws IOException {
        return LakeContents.rows(lake.lake).stream()
                .filter(r -> r.partition.equals(partition))
                .count();
    }

    private static long manifestRows(StreamingLake lake, String partition) {
        long rows = 0;
        for (Entity e : Entity.values()) {
            try {
                PartitionManifest m = StreamingLake.manifest(lake.partition(e, partition));
                rows += m == null ? 0 : m.rows();
            } catch (IOException e2) {
                throw new UncheckedIOException(e2);
            }
        }
        return rows;
    }

    private static long lateRows(JobClient job) {
        long sum = 0;
        for (Map.Entry<String, Metric> m :
                METRICS.findMetrics(job.getJobID(), LakeMetrics.LATE_ROWS).entrySet()) {
            sum += ((Counter) m.getValue()).getCount();
        }
        return sum;
    }
}
