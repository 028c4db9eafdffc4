package io.checkoutlake.job;

import io.checkoutlake.job.backfill.BackfillProgress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** What a backfill run did, folder by folder; {@link #line()} has every count. */
public final class BackfillSummary {
    private static final int NAMES_LOGGED = 10;

    final List<String> read = new ArrayList<>();
    final List<String> skippedAsDone = new ArrayList<>();
    final List<String> missing = new ArrayList<>();
    final List<String> outsideLayout = new ArrayList<>();
    long objects;
    long bytes;
    long rows;
    long deadLetters;
    long staleFilesDeleted;
    int partitionsCommitted;
    int jobs;
    Duration elapsed = Duration.ZERO;

    /** Folders read by this run (in layout order). */
    public List<String> read() {
        return Collections.unmodifiableList(read);
    }

    /** Folders a previous run finished, not read again ({@code backfill.resume=true}). */
    public List<String> skippedAsDone() {
        return Collections.unmodifiableList(skippedAsDone);
    }

    /** Chosen folders that do not exist under source.path. */
    public List<String> missing() {
        return Collections.unmodifiableList(missing);
    }

    /** Entries under source.path that are not folders of the raw layout: not read. */
    public List<String> outsideLayout() {
        return Collections.unmodifiableList(outsideLayout);
    }

    public long objects() {
        return objects;
    }

    public long rows() {
        return rows;
    }

    public long deadLetters() {
        return deadLetters;
    }

    /** Partitions given a manifest and {@code _SUCCESS} at the end of the run. */
    public int partitionsCommitted() {
        return partitionsCommitted;
    }

    public int jobs() {
        return jobs;
    }

    public String line() {
        return String.format(
                Locale.ROOT,
                "backfill done: %d folders read in %d jobs, %d skipped as done, %d missing%s;"
                        + " %d objects, %s, %d rows, %d dead letters, %d stale files deleted,"
                        + " %d partitions committed, in %s",
                read.size(),
                jobs,
                skippedAsDone.size(),
                missing.size(),
                missing.isEmpty() ? "" : " " + firstNames(missing),
                objects,
                BackfillProgress.bytes(bytes),
                rows,
                deadLetters,
                staleFilesDeleted,
                partitionsCommitted,
                BackfillProgress.duration(elapsed));
    }

    /**
     * At most {@value #NAMES_LOGGED} of {@code names} and how many more: a history with hundreds of
     * missing folders should not make one log line of thousands of characters.
     */
    static String firstNames(List<String> names) {
        if (names.size() <= NAMES_LOGGED) {
            return names.toString();
        }
        return names.subList(0, NAMES_LOGGED) + " and " + (names.size() - NAMES_LOGGED) + " more";
    }
}
