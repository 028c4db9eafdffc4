package io.checkoutlake.job.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.checkoutlake.job.coverage.BackfillCoverage;
import io.checkoutlake.job.coverage.FolderCoverage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;

class FilesHorizonTest {
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final Duration HORIZON = Duration.ofDays(7);

    private final AtomicLong clock = new AtomicLong(NOW.toEpochMilli());
    private int ids;

    private FileSourceSplit file(String name, Duration age) {
        long modified = NOW.minus(age).toEpochMilli();
        return new FileSourceSplit(
                Integer.toString(ids++), new Path("s3a://raw/" + name), 0, 10, modified, 10);
    }

    private FilesHorizon fresh(Duration horizon) {
        return new FilesHorizon(horizon, List.of(), clock::get);
    }

    private static List<String> names(Collection<?> splitsOrPaths) {
        return splitsOrPaths.stream()
                .map(o -> o instanceof FileSourceSplit ? ((FileSourceSplit) o).path() : (Path) o)
                .filter(p -> !FilesHorizon.isCutoff(p))
                .map(p -> p.getName())
                .sorted()
                .collect(Collectors.toList());
    }

    private static List<FileSourceSplit> listing(FileSourceSplit... files) {
        return new ArrayList<>(Arrays.asList(files));
    }

    @Test
    void firstListingReadsFilesWithinTheHorizonAndCountsTheOlderOnes() {
        FilesHorizon horizon = fresh(HORIZON);

        FilesHorizon.Decision d =
                horizon.decide(
                        listing(
                                file("new", Duration.ofMinutes(1)),
                                file("six-days", Duration.ofDays(6)),
                                file("eight-days", Duration.ofDays(8)),
                                file("a-year", Duration.ofDays(365))),
                        BackfillCoverage.NONE);

        assertThat(names(d.admitted)).containsExactly("new", "six-days");
        assertThat(d.skipped).isEqualTo(2);
        assertThat(names(horizon.snapshot())).containsExactly("new", "six-days");
        // The cutoff trails the newest file (1 min old), not the clock.
        assertThat(horizon.cutoff())
                .isEqualTo(NOW.minus(Duration.ofMinutes(1)).minus(HORIZON).toEpochMilli());
    }

    @Test
    void aFileIsReadOnceAndSkippedFilesAreCountedOnce() {
        FilesHorizon horizon = fresh(HORIZON);
        List<FileSourceSplit> first =
                listing(file("a", Duration.ofHours(1)), file("old", Duration.ofDays(30)));
        horizon.decide(first, BackfillCoverage.NONE);

        FilesHorizon.Decision again = horizon.decide(first, BackfillCoverage.NONE);

        assertThat(again.admitted).isEmpty();
        assertThat(again.skipped).isZero();
    }

    @Test
    void rememberedPathsAreForgottenWhenTheNewestFileMovesThemBehindTheHorizon() {
        FilesHorizon horizon = fresh(HORIZON);
        FileSourceSplit early = file("early", Duration.ofDays(6));
        horizon.decide(listing(early), BackfillCoverage.NONE);
        assertThat(names(horizon.snapshot())).containsExactly("early");

        // Two days later a new file arrives: "early" is 8 days behind it.
        clock.set(NOW.plus(Duration.ofDays(2)).toEpochMilli());
        FileSourceSplit later =
                new FileSourceSplit("x", new Path("s3a://raw/later"), 0, 1, clock.get() - 1_000, 1);
        FilesHorizon.Decision d = horizon.decide(listing(early, later), BackfillCoverage.NONE);

        assertThat(names(d.admitted)).containsExactly("later");
        assertThat(d.forgotten).isEqualTo(1);
        assertThat(d.skipped).as("a forgotten path is not a skipped file").isZero();
        assertThat(names(horizon.snapshot())).containsExactly("later");
        assertThat(horizon.rememberedPaths()).isEqualTo(1);

        FilesHorizon.Decision next = horizon.decide(listing(early, later), BackfillCoverage.NONE);
        assertThat(next.admitted).as("a forgotten file is never read again").isEmpty();
        assertThat(next.skipped).isZero();
    }

    @Test
    void aQuietPrefixDoesNotAgeOutByTheClock() {
        FilesHorizon horizon = fresh(HORIZON);
        FileSourceSplit last = file("last", Duration.ofDays(1));
        horizon.decide(listing(last), BackfillCoverage.NONE);

        clock.set(NOW.plus(Duration.ofDays(30)).toEpochMilli());
        FilesHorizon.Decision d = horizon.decide(listing(last), BackfillCoverage.NONE);

        assertThat(d.forgotten).isZero();
        assertThat(names(horizon.snapshot())).containsExactly("last");
        FilesHorizon.Decision late =
                horizon.decide(
                        listing(last, file("late", Duration.ofDays(5))), BackfillCoverage.NONE);
        assertThat(names(late.admitted))
                .as("within 7 days of the newest file, though 35 days before the clock")
                .containsExactly("late");
    }

    @Test
    void aFileFromTheFutureCannotPushEverythingBehindTheHorizon() {
        FilesHorizon horizon = fresh(HORIZON);

        FilesHorizon.Decision d =
                horizon.decide(
                        listing(
                                file("future", Duration.ofDays(-365)),
                                file("yesterday", Duration.ofDays(1))),
                        BackfillCoverage.NONE);

        assertThat(names(d.admitted)).containsExactly("future", "yesterday");
        assertThat(horizon.cutoff()).isEqualTo(NOW.minus(HORIZON).toEpochMilli());
    }

    @Test
    void withoutAHorizonEveryPathIsReadAndRemembered() {
        FilesHorizon horizon = fresh(Duration.ZERO);

        FilesHorizon.Decision d =
                horizon.decide(
                        listing(file("new", Duration.ZERO), file("old", Duration.ofDays(3650))),
                        BackfillCoverage.NONE);

        assertThat(names(d.admitted)).containsExactly("new", "old");
        assertThat(d.skipped).isZero();
        assertThat(horizon.snapshot()).noneMatch(FilesHorizon::isCutoff);
    }

    @Test
    void theCheckpointCarriesTheCutoffSoARestoreNeitherRereadsNorRecounts() {
        FilesHorizon before = fresh(HORIZON);
        FileSourceSplit kept = file("kept", Duration.ofDays(1));
        FileSourceSplit old = file("old", Duration.ofDays(10));
        before.decide(listing(kept, old), BackfillCoverage.NONE);
        Collection<Path> checkpoint = before.snapshot();
        assertThat(checkpoint).filteredOn(FilesHorizon::isCutoff).hasSize(1);

        FilesHorizon after = new FilesHorizon(HORIZON, checkpoint, clock::get);
        FilesHorizon.Decision d = after.decide(listing(kept, old), BackfillCoverage.NONE);

        assertThat(after.cutoff()).isEqualTo(before.cutoff());
        assertThat(d.admitted).isEmpty();
        assertThat(d.skipped).as("counted before the checkpoint").isZero();
        assertThat(names(after.snapshot())).containsExactly("kept");
    }

    @Test
    void aRestoreFromAPlainFileSourceLearnsModificationTimesAndPrunes() {
        // A checkpoint of Flink's FileSource (release 1.0.0): every path ever read, no cutoff.
        List<Path> checkpoint =
                List.of(
                        new Path("s3a://raw/recent"),
                        new Path("s3a://raw/ancient"),
                        new Path("s3a://raw/deleted"));
        FilesHorizon horizon = new FilesHorizon(HORIZON, checkpoint, clock::get);
        assertThat(horizon.rememberedPaths()).isEqualTo(3);

        FileSourceSplit recent = file("recent", Duration.ofHours(2));
        FilesHorizon.Decision d =
                horizon.decide(
                        listing(recent, file("ancient", Duration.ofDays(100))),
                        BackfillCoverage.NONE);

        assertThat(d.admitted).as("restored paths are not read again").isEmpty();
        assertThat(d.forgotten).isEqualTo(1);
        // "deleted" is no longer listed: kept one horizon from now, in case it reappears.
        assertThat(names(horizon.snapshot())).containsExactly("deleted", "recent");

        clock.set(NOW.plus(Duration.ofDays(8)).toEpochMilli());
        FileSourceSplit fresh =
                new FileSourceSplit("y", new Path("s3a://raw/fresh"), 0, 1, clock.get(), 1);
        horizon.decide(listing(recent, fresh), BackfillCoverage.NONE);
        assertThat(names(horizon.snapshot())).containsExactly("fresh");
    }

    @Test
    void aHorizonDisabledAfterARestoreKeepsTheRestoredCutoff() {
        FilesHorizon before = fresh(HORIZON);
        FileSourceSplit old = file("old", Duration.ofDays(10));
        before.decide(listing(file("new", Duration.ZERO), old), BackfillCoverage.NONE);

        FilesHorizon after = new FilesHorizon(Duration.ZERO, before.snapshot(), clock::get);
        FilesHorizon.Decision d = after.decide(listing(old), BackfillCoverage.NONE);

        assertThat(d.admitted).as("forgotten files stay unread").isEmpty();
        assertThat(after.snapshot()).anyMatch(FilesHorizon::isCutoff);
    }

    @Test
    void aLaterListingCountsFilesThatFallBehindBeforeTheyWereRead() {
        FilesHorizon horizon = fresh(HORIZON);
        horizon.decide(listing(file("a", Duration.ofDays(1))), BackfillCoverage.NONE);

        // A file 7.5 days old shows up together with a file newer than everything before: at
        // this listing's cutoff it is already too old, though not at the previous one.
        clock.set(NOW.plus(Duration.ofDays(1)).toEpochMilli());
        FileSourceSplit newest =
                new FileSourceSplit("n", new Path("s3a://raw/newest"), 0, 1, clock.get(), 1);
        FilesHorizon.Decision d =
                horizon.decide(
                        listing(newest, file("straggler", Duration.ofHours(7 * 24 + 12))),
                        BackfillCoverage.NONE);

        assertThat(names(d.admitted)).containsExactly("newest");
        assertThat(d.skipped).isEqualTo(1);
    }

    @Test
    void cutoffPathsRoundTripThroughTheirText() {
        Path cutoff = FilesHorizon.cutoffPath(1_700_000_000_000L, Long.MIN_VALUE);

        Path parsed = new Path(cutoff.toString());

        assertThat(FilesHorizon.isCutoff(parsed)).isTrue();
        assertThat(FilesHorizon.isCutoff(new Path("s3a://raw/x"))).isFalse();
        assertThat(new FilesHorizon(HORIZON, List.of(parsed), clock::get).cutoff())
                .isEqualTo(1_700_000_000_000L);
    }

    private static FileSourceSplit version(FileSourceSplit of, Duration later) {
        return new FileSourceSplit(
                of.splitId() + "'",
                of.path(),
                0,
                of.length(),
                of.fileModificationTime() + later.toMillis(),
                of.length());
    }

    @Test
    void aPathWhoseModificationTimeGrewIsReadAgainOnce() {
        FilesHorizon horizon = fresh(HORIZON);
        FileSourceSplit first = file("order.json", Duration.ofHours(1));
        horizon.decide(listing(first), BackfillCoverage.NONE);

        FileSourceSplit overwritten = version(first, Duration.ofMinutes(10));
        FilesHorizon.Decision d = horizon.decide(listing(overwritten), BackfillCoverage.NONE);

        assertThat(d.admitted).containsExactly(overwritten);
        assertThat(horizon.decide(listing(overwritten), BackfillCoverage.NONE).admitted)
                .as("the same version is not read twice")
                .isEmpty();
        assertThat(names(horizon.snapshot())).containsExactly("order.json");
    }

    @Test
    void aPathOverwrittenWhileTheJobWasStoppedIsReadAfterTheRestore() {
        FilesHorizon before = fresh(HORIZON);
        FileSourceSplit kept = file("kept.json", Duration.ofHours(2));
        FileSourceSplit changed = file("changed.json", Duration.ofHours(3));
        before.decide(listing(kept, changed), BackfillCoverage.NONE);

        FilesHorizon after = new FilesHorizon(HORIZON, before.snapshot(), clock::get);
        FileSourceSplit overwritten = version(changed, Duration.ofHours(2).plusMinutes(30));
        FilesHorizon.Decision d = after.decide(listing(kept, overwritten), BackfillCoverage.NONE);

        assertThat(d.admitted).containsExactly(overwritten);
        assertThat(after.decide(listing(kept, overwritten), BackfillCoverage.NONE).admitted)
                .isEmpty();
    }

    @Test
    void theCutoffOfEarlierBuildsStillRestores() {
        FileSourceSplit kept = file("kept.json", Duration.ofHours(2));
        long cutoff = NOW.minus(HORIZON).toEpochMilli();
        List<Path> checkpoint =
                List.of(kept.path(), FilesHorizon.cutoffPath(cutoff, Long.MIN_VALUE));

        FilesHorizon horizon = new FilesHorizon(HORIZON, checkpoint, clock::get);
        FilesHorizon.Decision d = horizon.decide(listing(kept), BackfillCoverage.NONE);

        assertThat(horizon.cutoff()).isEqualTo(cutoff);
        assertThat(d.admitted).isEmpty();
    }

    @Test
    void aVersionABackfillReadIsRememberedNotReadAndItsNextVersionIsRead() {
        FilesHorizon horizon = fresh(HORIZON);
        FileSourceSplit read = file("3A_CheckoutOrder/a/id/read.json", Duration.ofHours(5));
        FileSourceSplit old = file("3A_CheckoutOrder/b/id/old.json", Duration.ofDays(3));
        FileSourceSplit arrived = file("3A_CheckoutOrder/c/id/arrived.json", Duration.ofHours(4));
        FileSourceSplit otherFolder = file("3B_CheckoutOrder/d/id/x.json", Duration.ofHours(5));
        BackfillCoverage backfills =
                new BackfillCoverage(
                        "s3a://raw",
                        Map.of(
                                "3A_CheckoutOrder",
                                new FolderCoverage(
                                        NOW.minus(Duration.ofDays(1)).toEpochMilli(),
                                        Map.of("a/id/read.json", read.fileModificationTime()))),
                        Map.of());

        FilesHorizon.Decision d =
                horizon.decide(listing(read, old, arrived, otherFolder), backfills);

        assertThat(names(d.admitted))
                .as("what arrived after the backfill's listing, and another folder's objects")
                .containsExactly("arrived.json", "x.json");
        assertThat(d.covered).isEqualTo(2);
        assertThat(d.skipped).isZero();
        FileSourceSplit overwritten = version(read, Duration.ofMinutes(30));
        assertThat(
                        horizon.decide(listing(overwritten, old, arrived, otherFolder), backfills)
                                .admitted)
                .as("a version the backfill did not read")
                .containsExactly(overwritten);
    }
}
