package io.checkoutlake.tests.commit;

import static org.assertj.core.api.Assertions.assertThat;

import io.checkoutlake.functions.model.Entity;
import io.checkoutlake.job.commit.PartitionCommitSettings;
import io.checkoutlake.job.config.LakeJobConfig;
import io.checkoutlake.job.config.LakeOptions;
import io.checkoutlake.job.sink.LakeSinks;
import io.checkoutlake.job.sink.ParquetSettings;
import io.checkoutlake.tests.LakeContents;
import io.checkoutlake.tools.generator.GeneratedObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compaction keeps exactly the same rows: the same raw documents go through the stream job without
 * compaction and with compaction and a failure injected in the middle of merging a file; the two
 * lakes hold the same multiset of rows (by {@code _source_file} and content, {@code _processed_at}
 * aside), and while the compacting job runs every listing of committed files that a reader makes
 * holds each row at most once.
 */
class CompactionITCase {
    private static final int DOCUMENTS = 300;

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @TempDir Path dir;

    @Test
    void compactionAcrossAFailureKeepsExactlyTheSameRows() throws Exception {
        Path raw = Files.createDirectories(dir.resolve("raw"));
        List<GeneratedObject> objects;
        List<String> plain;
        try (StreamingLake lake =
                new StreamingLake(raw, dir.resolve("plain"), dir.resolve("plain-dlq"))) {
            objects = lake.write(7, DOCUMENTS, "2019-08-01T00:00:00Z", "2019-08-03T00:00:00Z");
            lake.start(lake.config().build());
            lake.waitFor(() -> rowCount(lake.lake) == objects.size(), "rows without compaction");
            plain = rowsOf(lake.lake);
        }

        FailingCompaction.reset();
        try (StreamingLake lake =
                new StreamingLake(raw, dir.resolve("compacted"), dir.resolve("compacted-dlq"))) {
            LakeJobConfig config =
                    lake.config()
                            .set("lake.compaction.enabled", "true")
                            .set("lake.compaction.target-size", "1mb")
                            .set("lake.compaction.max-checkpoints", "3")
                            .build();
            Map<Entity, PartitionCommitSettings> commits = new EnumMap<>(Entity.class);
            for (Entity e : Entity.values()) {
                commits.put(e, PartitionCommitSettings.of(config, e.table()));
            }
            LakeSinks sinks =
                    LakeSinks.files(
                            config.lakePath(),
                            config.deadletterPath(),
                            config.get(LakeOptions.LAKE_PARTITION_PATTERN),
                            ParquetSettings.of(config),
                            config.get(LakeOptions.LAKE_MAX_PART_SIZE).getBytes(),
                            commits,
                            new FailingCompaction(
                                    config.get(LakeOptions.LAKE_COMPACTION_TARGET_SIZE).getBytes(),
                                    3,
                                    3));
            lake.start(config, sinks);
            lake.waitFor(
                    () -> {
                        List<String> seen = rowsOf(lake.lake);
                        // What a reader listing committed files sees: never a row twice.
                        assertThat(seen).doesNotHaveDuplicates();
                        return seen.size() == objects.size();
                    },
                    "rows with compaction");
            Thread.sleep(1_500); // more checkpoints: nothing may appear twice afterwards
            List<String> compacted = rowsOf(lake.lake);

            assertThat(FailingCompaction.failed()).as("failure injected").isTrue();
            assertThat(compacted).containsExactlyInAnyOrderElementsOf(plain);
            assertThat(fileNames(lake.lake))
                    .isNotEmpty()
                    .allMatch(n -> n.startsWith("compacted-part-"), "compacted files only");
            // Merging, not rewriting one by one: fewer outputs than distinct inputs. (Against the
            // lake without compaction the count depends on how many checkpoints each run took.)
            assertThat(fileNames(lake.lake).size())
                    .as("compacted files against the part files compaction read")
                    .isLessThan(FailingCompaction.distinctInputs());
        }
    }

    /** Every committed row as text: its source file and content without _processed_at. */
    private static List<String> rowsOf(Path lake) {
        try {
            List<String> rows = new ArrayList<>();
            for (LakeContents.Row row : LakeContents.rows(lake)) {
                GenericRecord r = row.record;
                StringBuilder text = new StringBuilder(row.partition).append(' ');
                for (Schema.Field f : r.getSchema().getFields()) {
                    if (!f.name().equals("_processed_at")) {
                        text.append(f.name()).append('=').append(r.get(f.pos())).append(';');
                    }
                }
                rows.add(text.toString());
            }
            return rows;
        } catch (IOException e) {
            // A hidden compaction input removed while read: read again at the next poll.
            return List.of();
        }
    }

    private static long rowCount(Path lake) {
        return rowsOf(lake).size();
    }

    private static List<String> fileNames(Path lake) throws IOException {
        List<String> names = new ArrayList<>();
        for (Entity e : Entity.values()) {
            for (Path f : LakeContents.committedFiles(lake.resolve(e.table()), ".parquet")) {
                names.add(f.getFileName().toString());
            }
        }
        return names.stream().sorted().collect(Collectors.toList());
    }
}
