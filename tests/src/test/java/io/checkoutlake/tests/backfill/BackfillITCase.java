package io.checkoutlake.tests.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.checkoutlake.functions.model.Entity;
import io.checkoutlake.functions.partition.EventTimeBucketAssigner;
import io.checkoutlake.job.BackfillSummary;
import io.checkoutlake.job.commit.ManifestEntry;
import io.checkoutlake.job.commit.PartitionManifest;
import io.checkoutlake.job.config.BackfillFolders;
import io.checkoutlake.job.config.LakeJobConfig;
import io.checkoutlake.job.coverage.BackfillMarker;
import io.checkoutlake.job.coverage.BackfillMarkers;
import io.checkoutlake.job.fetch.FlinkFileSystemFetcher;
import io.checkoutlake.job.fetch.ObjectFetcher;
import io.checkoutlake.tests.FailingFetcher;
import io.checkoutlake.tests.LakeContents;
import io.checkoutlake.tests.LakeOutcomes;
import io.checkoutlake.tools.generator.GeneratedObject;
import io.checkoutlake.tools.generator.GeneratorSettings;
import io.checkoutlake.tools.generator.RawDocumentGenerator;
import io.checkoutlake.tools.generator.RawFolderWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --mode backfill} over a generated history of more than 100 days and both entities, laid
 * out like the raw bucket, with the accidents of the last migration: missing folders, names with
 * special characters, a sub-folder of documents that are not orders, an entry outside the layout.
 * Every object ends as exactly one row or dead letter; a second run leaves the lake identical; a
 * run that dies midway resumes without redoing finished folders and ends identical too.
 */
class BackfillITCase {
    private static final int DOCUMENTS = 320;
    private static final String ODD_ID = "86a0c0ffee0000000000000000000086";

    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @TempDir static Path dir;

    private static Path raw;
    private static final Map<String, String> expected = new LinkedHashMap<>();
    private static final Map<Entity, Long> expectedRows = new EnumMap<>(Entity.class);

    /** The lake of one uninterrupted backfill of everything, to compare other runs with. */
    private static Path cleanLake;

    private static BackfillSummary cleanSummary;

    @BeforeAll
    static void writeHistoryAndBackfillIt() throws Exception {
        raw = Files.createDirectories(dir.resolve("raw"));
        GeneratorSettings settings =
                GeneratorSettings.builder()
                        .seed(20190101)
                        .badShare(0.1)
                        .gzipShare(0.1)
                        .unknownFieldShare(0.05)
                        .eventTimeStart(Instant.parse("2019-01-01T00:00:00Z"))
                        .eventTimeEnd(Instant.parse("2019-06-30T00:00:00Z"))
                        .build();
        RawFolderWriter writer = new RawFolderWriter(raw);
        GeneratedObject template = null;
        for (GeneratedObject o : new RawDocumentGenerator(settings).next(DOCUMENTS)) {
            writer.write(o);
            expect(o.key(), LakeOutcomes.expectedOutcome(o));
            if (o.expectedReason() == null) {
                expectedRows.merge(o.entity(), 1L, Long::sum);
                if (template == null && o.entity() == Entity.CHECKOUT && !o.isGzipped()) {
                    template = o;
                }
            }
        }
        // The 2018 incident: names with characters that broke the Spark migration.
        String folder = template.key().substring(0, template.key().indexOf("/id/") + 4);
        for (String name :
                List.of("with space.json", "colon:name.json", "100%.json", "caf\u00e9.json")) {
            writer.write(folder + name, template.bytes());
            expect(folder + name, LakeOutcomes.ROW);
            expectedRows.merge(Entity.CHECKOUT, 1L, Long::sum);
        }
        // 86_FulfillmentOrder's sub-folders hold documents that are not orders.
        writer.write(
                "86_FulfillmentOrder/" + ODD_ID + "/id/sub/blob.json",
                "a big string with no clear data".getBytes(StandardCharsets.UTF_8));
        expect("86_FulfillmentOrder/" + ODD_ID + "/id/sub/blob.json", "not_an_order");
        // Outside the layout: reported, not read.
        writer.write("misc/readme.txt", "raw bucket notes\n".getBytes(StandardCharsets.UTF_8));

        cleanLake = dir.resolve("clean-lake");
        cleanSummary = MiniClusterBackfill.run(config(cleanLake, "all", 128, true), fetcher());
    }

    @Test
    @Timeout(120)
    void backfillsTheHistoryExactlyOnceAndReportsWhatItSkips() throws Exception {
        Path lake = cleanLake;
        BackfillSummary summary = cleanSummary;

        LakeOutcomes.read(lake, deadLetters(lake)).assertExactly(expectedUris());
        LakeContents.assertHolds(lake, expectedRows);
        assertEveryRowInItsPartitionOneFilePerFolderAndDay(lake);

        Set<String> withData = foldersWithData();
        assertThat(summary.read()).containsExactlyElementsOf(withData);
        Set<String> missing = new TreeSet<>(BackfillFolders.parse("all").names());
        missing.removeAll(withData);
        assertThat(missing).as("a history this small leaves folders empty").isNotEmpty();
        assertThat(summary.missing()).containsExactlyElementsOf(missing);
        assertThat(summary.outsideLayout()).containsExactly("misc");
        assertThat(summary.jobs()).isEqualTo((withData.size() + 127) / 128);
        assertThat(summary.objects()).isEqualTo(expected.size());
        assertThat(summary.rows())
                .isEqualTo(expectedRows.values().stream().mapToLong(l -> l).sum());

        assertEveryPartitionCommittedWithItsManifest(lake);
        assertThat(summary.partitionsCommitted()).isGreaterThan(100);

        Map<String, BackfillMarker> markers = new BackfillMarkers(lake.toUri()).readAll();
        assertThat(markers.keySet()).containsExactlyElementsOf(withData);
        long rowsInMarkers = markers.values().stream().mapToLong(m -> m.rows).sum();
        assertThat(rowsInMarkers).isEqualTo(summary.rows());
        assertThat(markers.get("86_FulfillmentOrder").deadLetters).isGreaterThanOrEqualTo(1);
    }

    @Test
    @Timeout(180)
    void aSecondRunLeavesTheLakeIdentical() throws Exception {
        Path lake = cleanLake;
        LakeSnapshot first = LakeSnapshot.of(lake, deadLetters(lake));
        Map<Path, FileTime> written = first.modificationTimes();
        assertThat(first.files()).isNotEmpty();

        // Resuming: every chosen folder is done, nothing is read or rewritten.
        BackfillSummary resumed =
                MiniClusterBackfill.run(config(lake, "all", 128, true), fetcher());
        assertThat(resumed.read()).isEmpty();
        int folders = new BackfillMarkers(lake.toUri()).readAll().size();
        assertThat(resumed.skippedAsDone()).hasSize(folders);
        assertThat(LakeSnapshot.of(lake, deadLetters(lake)).modificationTimes()).isEqualTo(written);

        // Re-running: every folder is read again and replaces its files.
        Thread.sleep(1_100);
        BackfillSummary rerun = MiniClusterBackfill.run(config(lake, "all", 128, false), fetcher());
        assertThat(rerun.read()).hasSize(folders);
        LakeSnapshot second = LakeSnapshot.of(lake, deadLetters(lake));
        second.assertSameAs(first);
        assertThat(second.modificationTimes().values())
                .as("every file was rewritten")
                .allMatch(t -> written.values().stream().allMatch(w -> t.compareTo(w) > 0));
    }

    @Test
    @Timeout(180)
    void aRunThatDiesMidwayResumesWithoutRedoingFinishedFoldersAndEndsIdentical() throws Exception {
        Path clean = cleanLake;
        LakeSnapshot cleanRun = LakeSnapshot.of(clean, deadLetters(clean));

        Path lake = dir.resolve("lake");
        LakeJobConfig config = config(lake, "all", 64, true);
        // Fails the job that reads the third batch of folders, after two have finished.
        int failAt = countObjectsOfFirstFolders(128) + 10;
        FailingFetcher.reset();
        assertThatThrownBy(
                        () ->
                                MiniClusterBackfill.run(
                                        config, new FailingFetcher(fetcher(), 0, failAt)))
                .isInstanceOf(java.util.concurrent.ExecutionException.class);
        assertThat(FailingFetcher.failed()).isTrue();
        Map<String, BackfillMarker> finished = new BackfillMarkers(lake.toUri()).readAll();
        List<String> layoutOrder = new ArrayList<>(foldersWithData());
        assertThat(finished.keySet()).containsExactlyElementsOf(layoutOrder.subList(0, 128));
        Map<Path, FileTime> before = LakeSnapshot.of(lake, deadLetters(lake)).modificationTimes();

        // What a kill during the writers leaves: a file of an unfinished folder with other rows.
        String victim =
                layoutOrder.subList(128, layoutOrder.size()).stream()
                        .filter(f -> cleanRun.parquetFileOf(f).isPresent())
                        .findFirst()
                        .orElseThrow();
        String donor =
                layoutOrder.stream()
                        .filter(f -> cleanRun.parquetFileOf(f).isPresent())
                        .findFirst()
                        .orElseThrow();
        Path target = lake.resolve(clean.relativize(cleanRun.parquetFileOf(victim).get()));
        Files.createDirectories(target.getParent());
        Files.copy(cleanRun.parquetFileOf(donor).get(), target);

        BackfillSummary resumed = MiniClusterBackfill.run(config, fetcher());
        assertThat(resumed.skippedAsDone()).containsExactlyElementsOf(layoutOrder.subList(0, 128));
        assertThat(resumed.read())
                .containsExactlyElementsOf(layoutOrder.subList(128, layoutOrder.size()));
        LakeSnapshot end = LakeSnapshot.of(lake, deadLetters(lake));
        end.assertSameAs(cleanRun);
        Map<Path, FileTime> after = end.modificationTimes();
        for (Map.Entry<Path, FileTime> e : before.entrySet()) {
            assertThat(after.get(e.getKey()))
                    .as("a file of a finished folder is not rewritten: %s", e.getKey())
                    .isEqualTo(e.getValue());
        }
        LakeOutcomes.read(lake, deadLetters(lake)).assertExactly(expectedUris());
    }

    private static LakeJobConfig config(Path lake, String folders, int perJob, boolean resume) {
        return LakeJobConfig.builder()
                .set("mode", "backfill")
                .set("source.path", raw.toUri().toString())
                .set("lake.path", lake.toUri().toString())
                .set("deadletter.path", deadLetters(lake).toUri().toString())
                .set("backfill.folders", folders)
                .set("backfill.folders-per-job", Integer.toString(perJob))
                .set("backfill.resume", Boolean.toString(resume))
                .set("backfill.progress-interval", "1s")
                .set("fetch.concurrency", "8")
                .build();
    }

    private static ObjectFetcher fetcher() {
        return new FlinkFileSystemFetcher();
    }

    private static Path deadLetters(Path lake) {
        return lake.resolveSibling(lake.getFileName() + "-deadletter");
    }

    private static void expect(String key, String outcome) {
        expected.put(key, outcome);
    }

    private Map<String, String> expectedUris() {
        Map<String, String> uris = new HashMap<>();
        expected.forEach((k, v) -> uris.put(LakeOutcomes.uriOf(raw, k), v));
        return uris;
    }

    /** Layout folders holding at least one object, in layout order. */
    private static Set<String> foldersWithData() {
        Set<String> names = new TreeSet<>();
        for (String key : expected.keySet()) {
            names.add(key.substring(0, key.indexOf('/')));
        }
        return names;
    }

    private int countObjectsOfFirstFolders(int folders) {
        List<String> first = new ArrayList<>(foldersWithData()).subList(0, folders);
        return (int)
                expected.keySet().stream()
                        .filter(k -> first.contains(k.substring(0, k.indexOf('/'))))
                        .count();
    }

    /** The end of a backfill commits every partition: manifest of its files, then _SUCCESS. */
    private static void assertEveryPartitionCommittedWithItsManifest(Path lake) throws Exception {
        Map<Path, Long> rowsPerFolder =
                LakeContents.rows(lake).stream()
                        .collect(
                                Collectors.groupingBy(
                                        r -> lake.resolve(r.entity.table()).resolve(r.partition),
                                        Collectors.counting()));
        assertThat(rowsPerFolder.size()).isGreaterThan(100);
        for (Map.Entry<Path, Long> e : rowsPerFolder.entrySet()) {
            Path folder = e.getKey();
            assertThat(folder.resolve(PartitionManifest.SUCCESS_FILE_NAME)).exists();
            PartitionManifest manifest =
                    PartitionManifest.parse(
                            Files.readAllBytes(folder.resolve(PartitionManifest.FILE_NAME)));
            assertThat(manifest.rows()).as("rows in %s", folder).isEqualTo(e.getValue());
            assertThat(manifest.files().stream().map(ManifestEntry::name))
                    .containsExactlyInAnyOrderElementsOf(
                            LakeContents.committedFiles(folder, ".parquet").stream()
                                    .map(f -> f.getFileName().toString())
                                    .collect(Collectors.toList()));
        }
    }

    private static void assertEveryRowInItsPartitionOneFilePerFolderAndDay(Path lake)
            throws Exception {
        EventTimeBucketAssigner buckets =
                new EventTimeBucketAssigner(EventTimeBucketAssigner.DEFAULT_PATTERN);
        for (LakeContents.Row row : LakeContents.rows(lake)) {
            long micros = (Long) row.record.get("_event_time");
            assertThat(row.partition).isEqualTo(buckets.bucketOf(micros));
        }
        for (Entity e : Entity.values()) {
            for (Path file : LakeContents.committedFiles(lake.resolve(e.table()), ".parquet")) {
                String name = file.getFileName().toString();
                assertThat(name)
                        .matches(
                                "backfill-[0-9A-F]{2}_"
                                        + e.rawFolderSuffix()
                                        + "\\.zstd\\.parquet");
            }
        }
        List<Path> all = LakeContents.committedFiles(lake, ".parquet");
        assertThat(all.stream().map(Path::toString).collect(Collectors.toSet()))
                .hasSize(all.size());
    }
}
