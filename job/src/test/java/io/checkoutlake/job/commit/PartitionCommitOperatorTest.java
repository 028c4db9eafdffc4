package io.checkoutlake.job.commit;

import static org.assertj.core.api.Assertions.assertThat;

import io.checkoutlake.job.config.LakeJobConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PartitionCommitOperatorTest {
    private static final String DAY1 = "YEAR=2019/MONTH=08/DAY=01";
    private static final long DAY1_DUE =
            Instant.parse("2019-08-02T01:00:00Z").toEpochMilli(); // end + 1h delay

    @TempDir Path lake;

    private Path table;

    private PartitionCommitOperator operator;

    @BeforeEach
    void tableFolder() {
        table = lake.resolve("checkout");
    }

    private OneInputStreamOperatorTestHarness<PartitionFileEvent, Void> harness() throws Exception {
        LakeJobConfig config =
                LakeJobConfig.builder()
                        .set("source.path", "file:///raw")
                        .set("lake.path", lake.toUri().toString())
                        .set("deadletter.path", "file:///deadletter")
                        .set("lake.partition-pattern", "'YEAR='yyyy/'MONTH='MM/'DAY='dd")
                        .set("lake.commit-delay", "1h")
                        .set("glue.database", "checkout_lake")
                        .build();
        PartitionCommitSettings settings = PartitionCommitSettings.of(config, "checkout");
        operator = new PartitionCommitOperator(settings);
        return new OneInputStreamOperatorTestHarness<>(operator);
    }

    /** Fires the commit timer, then lets the background commits finish and report back. */
    private void advance(OneInputStreamOperatorTestHarness<PartitionFileEvent, Void> h, long time)
            throws Exception {
        h.setProcessingTime(time);
        assertThat(operator.awaitIdle(Duration.ofSeconds(30))).isTrue();
    }

    private static StreamRecord<PartitionFileEvent> event(
            PartitionFileEvent.Kind kind, String path) {
        return new StreamRecord<>(new PartitionFileEvent(kind, DAY1, path));
    }

    @Test
    void waitsForTheWatermarkAtABarrierAndForEveryWrittenFile() throws Exception {
        Path folder = Files.createDirectories(table.resolve(DAY1));
        String a = folder.resolve("part-a-0-0.zstd.parquet").toUri().toString();
        String b = folder.resolve("part-b-1-0.zstd.parquet").toUri().toString();
        try (OneInputStreamOperatorTestHarness<PartitionFileEvent, Void> h = harness()) {
            h.open();
            h.processElement(event(PartitionFileEvent.Kind.WRITTEN, a));
            h.processElement(event(PartitionFileEvent.Kind.WRITTEN, b));
            LakeFiles.write(folder.resolve("part-a-0-0.zstd.parquet"), 1);
            h.processElement(event(PartitionFileEvent.Kind.COMMITTED, a));
            h.processWatermark(new Watermark(DAY1_DUE));
            advance(h, 1);
            // The watermark has passed, but no barrier has seen it yet.
            assertThat(folder.resolve("_SUCCESS")).doesNotExist();

            h.snapshot(1, 1);
            advance(h, 2);
            // Due now, but file b is still invisible.
            assertThat(folder.resolve("_SUCCESS")).doesNotExist();

            LakeFiles.write(folder.resolve("part-b-1-0.zstd.parquet"), 2);
            h.processElement(event(PartitionFileEvent.Kind.COMMITTED, b));
            advance(h, 3);
            assertThat(folder.resolve("_SUCCESS")).exists();
            assertThat(folder.resolve(PartitionManifest.FILE_NAME)).exists();
        }
    }

    @Test
    void restoredStateKeepsInvisibleFilesAndTheWatermark() throws Exception {
        Path folder = Files.createDirectories(table.resolve(DAY1));
        String a = folder.resolve("part-a-0-0.zstd.parquet").toUri().toString();
        org.apache.flink.runtime.checkpoint.OperatorSubtaskState state;
        try (OneInputStreamOperatorTestHarness<PartitionFileEvent, Void> h = harness()) {
            h.open();
            h.processElement(event(PartitionFileEvent.Kind.WRITTEN, a));
            h.processWatermark(new Watermark(DAY1_DUE));
            state = h.snapshot(1, 1);
        }
        try (OneInputStreamOperatorTestHarness<PartitionFileEvent, Void> h = harness()) {
            h.initializeState(state);
            h.open();
            advance(h, 1);
            assertThat(folder.resolve("_SUCCESS")).doesNotExist();
            // The committer reports the checkpoint's file again after the restore.
            LakeFiles.write(folder.resolve("part-a-0-0.zstd.parquet"), 1);
            h.processElement(event(PartitionFileEvent.Kind.COMMITTED, a));
            advance(h, 2);
            assertThat(folder.resolve("_SUCCESS")).exists();
        }
    }

    @Test
    void aFilesFooterIsReadOnceWhenCommittedAndKeptInState() throws Exception {
        Path folder = Files.createDirectories(table.resolve(DAY1));
        Path file = folder.resolve("part-a-0-0.zstd.parquet");
        String a = file.toUri().toString();
        org.apache.flink.runtime.checkpoint.OperatorSubtaskState state;
        try (OneInputStreamOperatorTestHarness<PartitionFileEvent, Void> h = harness()) {
            h.open();
            h.processElement(event(PartitionFileEvent.Kind.WRITTEN, a));
            LakeFiles.write(file, 5, 6);
            h.processElement(event(PartitionFileEvent.Kind.COMMITTED, a));
            assertThat(operator.awaitIdle(Duration.ofSeconds(30))).isTrue();
            state = h.snapshot(1, 1);
        }
        // Same size, no footer: the commit can only take the stats from the restored state.
        Files.write(file, new byte[(int) Files.size(file)]);
        try (OneInputStreamOperatorTestHarness<PartitionFileEvent, Void> h = harness()) {
            h.initializeState(state);
            h.open();
            h.processWatermark(new Watermark(DAY1_DUE));
            h.snapshot(2, 2);
            advance(h, 1);
            assertThat(folder.resolve("_SUCCESS")).exists();
            PartitionManifest manifest =
                    PartitionCommitter.readManifest(
                            org.apache.flink.core.fs.FileSystem.getLocalFileSystem(),
                            new org.apache.flink.core.fs.Path(folder.toUri()));
            assertThat(manifest.files())
                    .extracting(ManifestEntry::name, ManifestEntry::rows)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("part-a-0-0.zstd.parquet", 2L));
            assertThat(manifest.minEventTime()).isEqualTo("1970-01-01T00:00:00.000005Z");
        }
    }

    @ParameterizedTest(name = "restored watermark {0}")
    @ValueSource(longs = {Long.MAX_VALUE, 4_070_908_800_000L /* 2099-01-01 */})
    void aWatermarkBeyondTheClockIsNotRestored(long watermark) throws Exception {
        Path folder = Files.createDirectories(table.resolve(DAY1));
        String a = folder.resolve("part-a-0-0.zstd.parquet").toUri().toString();
        org.apache.flink.runtime.checkpoint.OperatorSubtaskState state;
        try (OneInputStreamOperatorTestHarness<PartitionFileEvent, Void> h = harness()) {
            h.open();
            // A drained stop ends the input with Long.MAX_VALUE; before the cap, a 2099 row.
            h.processWatermark(new Watermark(watermark));
            state = h.snapshot(1, 1);
        }
        try (OneInputStreamOperatorTestHarness<PartitionFileEvent, Void> h = harness()) {
            h.initializeState(state);
            h.open();
            h.processElement(event(PartitionFileEvent.Kind.WRITTEN, a));
            LakeFiles.write(folder.resolve("part-a-0-0.zstd.parquet"), 1);
            h.processElement(event(PartitionFileEvent.Kind.COMMITTED, a));
            h.snapshot(2, 2);
            advance(h, 2);
            assertThat(folder.resolve("_SUCCESS"))
                    .as("committed by the old watermark")
                    .doesNotExist();

            // The restored job's own watermark still commits it.
            h.processWatermark(new Watermark(DAY1_DUE));
            h.snapshot(3, 3);
            advance(h, 3);
            assertThat(folder.resolve("_SUCCESS")).exists();
        }
    }
}
