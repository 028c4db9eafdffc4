package io.checkoutlake.job.commit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionCommitterTest {
    private static final String PARTITION = "YEAR=2019/MONTH=08/DAY=01";
    // 2019-08-01T10:00:00Z and 12:00 in epoch micros.
    private static final long TEN = Instant.parse("2019-08-01T10:00:00Z").toEpochMilli() * 1000;
    private static final long NOON = Instant.parse("2019-08-01T12:00:00Z").toEpochMilli() * 1000;

    @TempDir Path table;

    private final List<String> registered = new ArrayList<>();

    private PartitionCommitter committer(String now) {
        PartitionCatalog catalog =
                new PartitionCatalog() {
                    @Override
                    public void register(String t, String partition, String location) {
                        registered.add(t + " " + partition + " " + location);
                    }

                    @Override
                    public void close() {}
                };
        return new PartitionCommitter(
                "checkout",
                new org.apache.flink.core.fs.Path(table.toUri()),
                catalog,
                Clock.fixed(Instant.parse(now), ZoneOffset.UTC));
    }

    @Test
    void manifestListsVisibleFilesWithCountsAndTimesThenSuccess() throws Exception {
        Path folder = Files.createDirectories(table.resolve(PARTITION));
        LakeFiles.write(folder.resolve("part-a-0-0.zstd.parquet"), TEN, NOON);
        LakeFiles.write(folder.resolve("part-b-1-0.zstd.parquet"), NOON);
        // Hidden: in progress, or a compaction input; never in a manifest.
        LakeFiles.write(folder.resolve(".part-c-0-1.zstd.parquet"), TEN);

        PartitionManifest m = committer("2024-01-01T00:00:00Z").commit(PARTITION);

        assertThat(m.files())
                .extracting(ManifestEntry::name, ManifestEntry::rows)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("part-a-0-0.zstd.parquet", 2L),
                        org.assertj.core.groups.Tuple.tuple("part-b-1-0.zstd.parquet", 1L));
        assertThat(m.rows()).isEqualTo(3);
        assertThat(m.minEventTime()).isEqualTo("2019-08-01T10:00:00Z");
        assertThat(m.maxEventTime()).isEqualTo("2019-08-01T12:00:00Z");
        assertThat(m.files().get(0).size())
                .isEqualTo(Files.size(folder.resolve("part-a-0-0.zstd.parquet")));
        assertThat(folder.resolve(PartitionManifest.SUCCESS_FILE_NAME)).exists();
        assertThat(folder.resolve("_manifest.json.inprogress")).doesNotExist();
        PartitionManifest read =
                PartitionCommitter.readManifest(
                        FileSystem.getLocalFileSystem(),
                        new org.apache.flink.core.fs.Path(folder.toUri()));
        assertThat(read).isEqualTo(m);
        assertThat(registered).hasSize(1);
        assertThat(registered.get(0)).startsWith("checkout " + PARTITION + " file:").endsWith("/");
    }

    @Test
    void committingAgainGivesTheSameManifestApartFromTheTime() throws Exception {
        Path folder = Files.createDirectories(table.resolve(PARTITION));
        LakeFiles.write(folder.resolve("part-a-0-0.zstd.parquet"), TEN, NOON);

        PartitionManifest first = committer("2024-01-01T00:00:00Z").commit(PARTITION);
        PartitionManifest second = committer("2024-01-02T00:00:00Z").commit(PARTITION);

        assertThat(second.withoutCommitTime()).isEqualTo(first.withoutCommitTime());
        assertThat(second.committedAt()).isEqualTo("2024-01-02T00:00:00Z");
        assertThat(registered).hasSize(2);

        // A late file: the next commit adds it.
        LakeFiles.write(folder.resolve("part-a-0-5.zstd.parquet"), TEN);
        PartitionManifest third = committer("2024-01-03T00:00:00Z").commit(PARTITION);
        assertThat(third.files()).hasSize(2);
        assertThat(third.rows()).isEqualTo(3);
    }

    @Test
    void catalogLocationsNameS3ObjectsAsGlueDoes() {
        assertThat(
                        PartitionFiles.catalogLocation(
                                new org.apache.flink.core.fs.Path(
                                        "s3a://lake-bucket/lake/checkout/" + PARTITION)))
                .isEqualTo("s3://lake-bucket/lake/checkout/" + PARTITION + "/");
    }
}
