package io.checkoutlake.tests.commit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.checkoutlake.functions.model.Entity;
import io.checkoutlake.job.metrics.LakeMetrics;
import io.checkoutlake.tools.generator.GeneratedObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One document dated 2099 must not move time there: today's partitions are not committed while
 * today's data still arrives (before the cap, the watermark jumped to 2099 and every partition got
 * {@code _SUCCESS} at its first file). The watermark still commits the days it has really passed,
 * the 2099 row is written to its partition and counted in {@code futureRows}.
 */
class FutureEventTimeITCase {
    private static final DateTimeFormatter PARTITION =
            DateTimeFormatter.ofPattern("'YEAR='yyyy/'MONTH='MM/'DAY='dd").withZone(ZoneOffset.UTC);

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
    @Timeout(240)
    void aDocumentFrom2099DoesNotCommitTodaysPartitions() throws Exception {
        Instant now = Instant.now();
        Instant today = now.truncatedTo(ChronoUnit.DAYS);
        // Today's documents lie in [today, now - 1 min); the run must not cross midnight.
        assumeTrue(now.isAfter(today.plus(Duration.ofMinutes(10))));
        assumeTrue(now.isBefore(today.plus(Duration.ofHours(23).plusMinutes(50))));
        Instant twoDaysAgo = today.minus(Duration.ofDays(2));

        try (StreamingLake lake = new StreamingLake(dir)) {
            JobClient job = lake.start(lake.config().build());

            List<GeneratedObject> future =
                    lake.write(1, 1, "2099-06-01T00:00:00Z", "2099-06-02T00:00:00Z");
            lake.waitFor(() -> rowsOrZero(lake) == 1, "the 2099 row visible");
            // Checkpoints while the other subtask is idle: its row alone would set the time.
            Thread.sleep(1_500);

            List<GeneratedObject> past =
                    lake.write(
                            2,
                            40,
                            twoDaysAgo.toString(),
                            twoDaysAgo.plus(Duration.ofHours(20)).toString());
            List<GeneratedObject> current =
                    lake.write(3, 40, today.toString(), now.minusSeconds(60).toString());
            lake.waitFor(
                    () -> rowsOrZero(lake) == 1 + past.size() + current.size(),
                    "every row visible");

            // The watermark has really passed two days ago: that day is committed.
            String pastDay = PARTITION.format(twoDaysAgo);
            for (Entity e : entitiesOf(past)) {
                lake.waitFor(
                        () -> StreamingLake.isCommitted(lake.partition(e, pastDay)),
                        e.table() + " " + pastDay + " committed");
            }
            Thread.sleep(2_000); // several checkpoints and commit rounds

            String todayDay = PARTITION.format(today);
            List<Path> todays = new ArrayList<>();
            for (Entity e : entitiesOf(current)) {
                todays.add(lake.partition(e, todayDay));
            }
            assertThat(todays).isNotEmpty();
            for (Path p : todays) {
                assertThat(p).isDirectory();
                assertThat(StreamingLake.isCommitted(p))
                        .as("%s committed while its day is still going on", p)
                        .isFalse();
            }
            Entity futureEntity = future.get(0).entity();
            Path futurePartition =
                    lake.partition(futureEntity, PARTITION.format(future.get(0).eventTime()));
            assertThat(futurePartition).isDirectory();
            assertThat(StreamingLake.isCommitted(futurePartition)).isFalse();
            assertThat(futureRows(job)).isEqualTo(1);
        }
    }

    private static List<Entity> entitiesOf(List<GeneratedObject> objects) {
        List<Entity> entities = new ArrayList<>();
        for (Entity e : Entity.values()) {
            if (objects.stream().anyMatch(o -> o.entity() == e)) {
                entities.add(e);
            }
        }
        return entities;
    }

    private static long rowsOrZero(StreamingLake lake) {
        try {
            return lake.rows();
        } catch (Exception e) {
            return 0;
        }
    }

    private static long futureRows(JobClient job) {
        long sum = 0;
        for (Map.Entry<String, Metric> m :
                METRICS.findMetrics(job.getJobID(), LakeMetrics.FUTURE_ROWS).entrySet()) {
            sum += ((Counter) m.getValue()).getCount();
        }
        return sum;
    }
}
