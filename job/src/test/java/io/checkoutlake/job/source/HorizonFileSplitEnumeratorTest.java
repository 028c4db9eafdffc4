package io.checkoutlake.job.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.checkoutlake.job.coverage.BackfillCoverage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.api.connector.source.mocks.MockSplitEnumeratorContext;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.FileSourceSplitSerializer;
import org.apache.flink.connector.file.src.PendingSplitsCheckpoint;
import org.apache.flink.connector.file.src.PendingSplitsCheckpointSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.SplitEnumeratorMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files source's split enumerator over real files with set modification times: what it assigns,
 * skips, counts and checkpoints, and how it restores, through Flink's enumerator context.
 */
class HorizonFileSplitEnumeratorTest {
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final Duration HORIZON = Duration.ofDays(7);

    @TempDir Path dir;

    private final List<MockContext> contexts = new ArrayList<>();

    @AfterEach
    void closeContexts() throws Exception {
        for (MockContext c : contexts) {
            c.close();
        }
    }

    private Path raw() {
        return dir.resolve("raw");
    }

    private void write(String name, Duration age) throws IOException {
        Path file = raw().resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{}");
        Files.setLastModifiedTime(file, FileTime.from(NOW.minus(age)));
    }

    private HorizonFileSplitEnumerator enumerator(
            MockContext context,
            Collection<org.apache.flink.core.fs.Path> restored,
            List<FileSourceSplit> pending) {
        return new HorizonFileSplitEnumerator(
                context,
                MissingSourcePaths.tolerating(RawObjectEnumerator.provider()).create(),
                FileSource.DEFAULT_SPLIT_ASSIGNER.create(pending),
                new org.apache.flink.core.fs.Path[] {
                    new org.apache.flink.core.fs.Path(raw().toUri())
                },
                Duration.ofSeconds(10),
                HORIZON,
                restored,
                NOW::toEpochMilli,
                () -> BackfillCoverage.NONE);
    }

    private MockContext context() {
        MockContext context = new MockContext();
        contexts.add(context);
        context.registerReader(new ReaderInfo(0, "localhost"));
        return context;
    }

    /** Runs one listing and lets reader 0 ask for everything listed. */
    private static List<String> listAndDrain(MockContext context, HorizonFileSplitEnumerator e)
            throws Throwable {
        context.runPeriodicCallable(0);
        List<String> assigned = new ArrayList<>();
        int before;
        do {
            before = context.getSplitsAssignmentSequence().size();
            e.handleSplitRequest(0, "localhost");
        } while (context.getSplitsAssignmentSequence().size() > before);
        for (SplitsAssignment<FileSourceSplit> a : context.getSplitsAssignmentSequence()) {
            a.assignment().values().forEach(l -> l.forEach(s -> assigned.add(s.path().getName())));
        }
        context.getSplitsAssignmentSequence().clear();
        assigned.sort(null);
        return assigned;
    }

    private static List<String> paths(PendingSplitsCheckpoint<FileSourceSplit> checkpoint) {
        return checkpoint.getAlreadyProcessedPaths().stream()
                .filter(p -> !FilesHorizon.isCutoff(p))
                .map(org.apache.flink.core.fs.Path::getName)
                .sorted()
                .collect(Collectors.toList());
    }

    @Test
    void assignsOnlyFilesWithinTheHorizonAndCountsTheSkippedOnes() throws Throwable {
        write("new.json", Duration.ofMinutes(5));
        write("week-old.json", Duration.ofDays(6));
        write("old-1.json", Duration.ofDays(9));
        write("old-2.json", Duration.ofDays(400));
        MockContext context = context();
        HorizonFileSplitEnumerator e = enumerator(context, List.of(), List.of());
        e.start();

        assertThat(listAndDrain(context, e)).containsExactly("new.json", "week-old.json");
        assertThat(context.metrics.counter()).isEqualTo(2);
        assertThat(context.metrics.gauge()).isEqualTo(2);
        assertThat(paths(e.snapshotState(1))).containsExactly("new.json", "week-old.json");

        write("newer.json", Duration.ZERO);
        assertThat(listAndDrain(context, e)).containsExactly("newer.json");
        assertThat(context.metrics.counter()).as("old files counted once").isEqualTo(2);
    }

    @Test
    void checkpointIsFlinksFormatAndARestoreReadsNothingTwice() throws Throwable {
        write("a.json", Duration.ofHours(1));
        write("b.json", Duration.ofHours(2));
        write("old.json", Duration.ofDays(30));
        MockContext first = context();
        HorizonFileSplitEnumerator before = enumerator(first, List.of(), List.of());
        before.start();
        first.runPeriodicCallable(0);
        before.handleSplitRequest(0, "localhost"); // one of a, b read; the other pending
        PendingSplitsCheckpointSerializer<FileSourceSplit> serializer =
                new PendingSplitsCheckpointSerializer<>(FileSourceSplitSerializer.INSTANCE);
        PendingSplitsCheckpoint<FileSourceSplit> checkpoint =
                serializer.deserialize(
                        serializer.getVersion(), serializer.serialize(before.snapshotState(1)));
        assertThat(checkpoint.getSplits()).hasSize(1);
        assertThat(paths(checkpoint)).containsExactly("a.json", "b.json");

        MockContext second = context();
        HorizonFileSplitEnumerator after =
                enumerator(
                        second,
                        checkpoint.getAlreadyProcessedPaths(),
                        new ArrayList<>(checkpoint.getSplits()));
        after.start();

        assertThat(listAndDrain(second, after))
                .as("only the pending split, once")
                .hasSize(1)
                .isSubsetOf("a.json", "b.json");
        assertThat(second.metrics.counter()).as("old.json was counted before").isZero();
    }

    @Test
    void aSavepointOfThePlainFileSourceRestoresAndIsPruned() throws Throwable {
        write("recent.json", Duration.ofHours(1));
        write("ancient.json", Duration.ofDays(60));
        List<org.apache.flink.core.fs.Path> processed = new ArrayList<>();
        for (String name : List.of("recent.json", "ancient.json")) {
            processed.add(new org.apache.flink.core.fs.Path(raw().resolve(name).toUri()));
        }
        MockContext context = context();
        HorizonFileSplitEnumerator e = enumerator(context, processed, List.of());
        e.start();

        assertThat(listAndDrain(context, e)).isEmpty();
        assertThat(paths(e.snapshotState(2))).containsExactly("recent.json");
        assertThat(context.metrics.gauge()).isEqualTo(1);
    }

    /** A mock context whose metric group records the enumerator's counter and gauge. */
    private static final class MockContext extends MockSplitEnumeratorContext<FileSourceSplit> {
        final RecordingMetrics metrics = new RecordingMetrics();

        MockContext() {
            super(1);
        }

        @Override
        public SplitEnumeratorMetricGroup metricGroup() {
            return metrics;
        }
    }

    private static final class RecordingMetrics extends UnregisteredMetricsGroup
            implements SplitEnumeratorMetricGroup {
        private final Map<String, Metric> metrics = new HashMap<>();

        long counter() {
            Counter c =
                    (Counter) metrics.get(HorizonFileSplitEnumerator.FILES_SKIPPED_OUTSIDE_HORIZON);
            return c == null ? 0 : c.getCount();
        }

        Object gauge() {
            return ((Gauge<?>) metrics.get(HorizonFileSplitEnumerator.PATHS_IN_HORIZON)).getValue();
        }

        @Override
        public Counter counter(String name) {
            return counter(name, new SimpleCounter());
        }

        @Override
        public <C extends Counter> C counter(String name, C counter) {
            metrics.put(name, counter);
            return counter;
        }

        @Override
        public <T, G extends Gauge<T>> G gauge(String name, G gauge) {
            metrics.put(name, gauge);
            return gauge;
        }

        @Override
        public MetricGroup addGroup(String name) {
            return this;
        }

        @Override
        public <G extends Gauge<Long>> G setUnassignedSplitsGauge(G unassignedSplitsGauge) {
            return unassignedSplitsGauge;
        }
    }
}
