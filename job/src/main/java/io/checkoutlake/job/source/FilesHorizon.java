package io.checkoutlake.job.source;

import io.checkoutlake.functions.path.RawObjectUris;
import io.checkoutlake.job.coverage.BackfillCoverage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.core.fs.Path;

/**
 * What the stream-mode files source remembers, bounded by {@code source.files-horizon}. Flink's
 * continuous FileSource remembers every path it ever read (FLINK-25672); this keeps only the paths
 * whose modification time is within the horizon, and never reads a file older than the horizon.
 *
 * <p>The <em>cutoff</em> is {@code min(newest modification time listed, clock) - horizon} and never
 * decreases. The newest modification time rather than the clock alone, so that a quiet prefix, or a
 * job that was stopped for a while, does not age its files out by the clock; capped by the clock,
 * so that one file with a modification time in the future cannot push every other file behind the
 * cutoff. A listing then:
 *
 * <ul>
 *   <li>reads a path it does not know whose modification time is at or after the cutoff, and
 *       remembers it;
 *   <li>skips a path it does not know whose modification time is before the cutoff, and counts it
 *       if it has not been decided before: that is when its modification time is at or after the
 *       previous listing's cutoff, or at the first listing of a fresh start. A path before the
 *       previous cutoff was skipped or forgotten by an earlier listing;
 *   <li>reads a remembered path again when its modification time grew: the key was overwritten (the
 *       dedup stage turns identical bytes into a {@code duplicate} dead letter);
 *   <li>forgets remembered paths whose modification time fell before the cutoff. Since the cutoff
 *       never decreases, a forgotten path is skipped by every later listing: forgetting never makes
 *       a file be read twice.
 * </ul>
 *
 * <p>The state format is Flink's ({@code PendingSplitsCheckpoint}: pending splits and paths), so
 * savepoints of the plain FileSource restore into this and back. It holds no modification times:
 * restored paths learn theirs at the next listing, and a restored path that is no longer listed
 * (deleted) is treated as modified at that listing's reference time, so it is forgotten one horizon
 * later. The cutoff travels as one extra pseudo-path, {@code
 * checkout-lake-horizon:/<cutoff>/<newest>} (epoch millis; earlier builds wrote only the cutoff),
 * which no listing ever yields. It is kept even when the horizon is later disabled ({@code 0}): the
 * files behind it were forgotten and would otherwise be read again. The newest modification time
 * listed before the checkpoint lets a restored path be read again when its first listing shows it
 * modified after that: overwritten while the job was stopped. Without it (a checkpoint without a
 * horizon, or of an older release) a restored path learns its modification time at the first
 * listing.
 *
 * <p>Not thread-safe: the split enumerator calls it from its coordinator thread only.
 */
final class FilesHorizon {
    static final String CUTOFF_SCHEME = "checkout-lake-horizon";

    /** A restored path whose modification time no listing has shown yet. */
    private static final long UNKNOWN = Long.MIN_VALUE;

    private static final long NONE = Long.MIN_VALUE;

    /** 0: no horizon, paths are remembered forever (Flink's behaviour). */
    private final long horizonMillis;

    private final LongSupplier clock;

    /** Remembered paths and their modification times ({@link #UNKNOWN} until listed). */
    private final Map<Path, Long> known = new HashMap<>();

    private long newest = NONE;
    private long cutoff = NONE;

    /** The newest modification time listed before the restored checkpoint, or {@link #NONE}. */
    private long restoredNewest = NONE;

    /**
     * @param restoredPaths the already-processed paths of a checkpoint (with the cutoff among
     *     them), or empty for a fresh start
     */
    FilesHorizon(Duration horizon, Collection<Path> restoredPaths, LongSupplier clock) {
        this.horizonMillis = horizon.toMillis();
        this.clock = clock;
        for (Path path : restoredPaths) {
            if (isCutoff(path)) {
                String[] fields = path.toUri().getPath().substring(1).split("/");
                cutoff = Math.max(cutoff, Long.parseLong(fields[0]));
                if (fields.length > 1) {
                    restoredNewest = Math.max(restoredNewest, Long.parseLong(fields[1]));
                }
            } else {
                known.put(path, UNKNOWN);
            }
        }
    }

    /** What one listing decided. */
    static final class Decision {
        /** New files, and new versions of remembered ones, to read. */
        final List<FileSourceSplit> admitted;

        /** Files skipped by this listing for the first time: older than the horizon. */
        final int skipped;

        /** Remembered paths forgotten by this listing. */
        final int forgotten;

        /** New files not read because a backfill read them (remembered, not counted as skipped). */
        final int covered;

        Decision(List<FileSourceSplit> admitted, int skipped, int forgotten, int covered) {
            this.admitted = admitted;
            this.skipped = skipped;
            this.forgotten = forgotten;
            this.covered = covered;
        }
    }

    /**
     * Decides a listing, the whole current content of the source path (known files included), where
     * {@code backfills} read some files ({@link BackfillCoverage#NONE}: none): a file not known yet
     * whose version a backfill read is remembered and not read; a later version of it is read (see
     * {@link io.checkoutlake.job.coverage.FolderCoverage}).
     */
    Decision decide(Collection<FileSourceSplit> listed, BackfillCoverage backfills) {
        long previousCutoff = cutoff;
        int covered = 0;
        for (FileSourceSplit split : listed) {
            newest = Math.max(newest, split.fileModificationTime());
        }
        long reference = newest == NONE ? NONE : Math.min(newest, clock.getAsLong());
        if (horizonMillis > 0 && reference != NONE) {
            cutoff = Math.max(cutoff, reference - horizonMillis);
        }
        List<FileSourceSplit> admitted = new ArrayList<>();
        int skipped = 0;
        for (FileSourceSplit split : listed) {
            Path path = split.path();
            long modified = split.fileModificationTime();
            if (known.containsKey(path)) {
                long before = known.put(path, modified);
                boolean overwritten =
                        before == UNKNOWN
                                ? restoredNewest != NONE && modified > restoredNewest
                                : modified > before;
                if (overwritten && modified >= cutoff) {
                    admitted.add(split);
                }
            } else if (modified < cutoff) {
                if (modified >= previousCutoff) {
                    skipped++;
                }
            } else if (backfills.covers(RawObjectUris.of(path), modified)) {
                known.put(path, modified);
                covered++;
            } else {
                known.put(path, modified);
                admitted.add(split);
            }
        }
        int forgotten = 0;
        for (Iterator<Map.Entry<Path, Long>> it = known.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Path, Long> entry = it.next();
            if (entry.getValue() == UNKNOWN && reference != NONE && horizonMillis > 0) {
                // Restored but not listed: gone. Kept for one horizon in case it comes back.
                entry.setValue(reference);
            }
            if (entry.getValue() != UNKNOWN && entry.getValue() < cutoff) {
                it.remove();
                forgotten++;
            }
        }
        return new Decision(admitted, skipped, forgotten, covered);
    }

    /** The paths to checkpoint: the remembered ones and the cutoff. */
    Collection<Path> snapshot() {
        List<Path> paths = new ArrayList<>(known.size() + 1);
        paths.addAll(known.keySet());
        if (cutoff != NONE) {
            paths.add(cutoffPath(cutoff, Math.max(newest, restoredNewest)));
        }
        return paths;
    }

    int rememberedPaths() {
        return known.size();
    }

    /** Files modified before this are not read; {@link Long#MIN_VALUE} while there is none. */
    long cutoff() {
        return cutoff;
    }

    /** {@code newestMillis} {@link Long#MIN_VALUE}: none, the cutoff alone (as earlier builds). */
    static Path cutoffPath(long cutoffMillis, long newestMillis) {
        String newest = newestMillis == NONE ? "" : "/" + newestMillis;
        return new Path(CUTOFF_SCHEME + ":/" + cutoffMillis + newest);
    }

    static boolean isCutoff(Path path) {
        return CUTOFF_SCHEME.equals(path.toUri().getScheme());
    }
}
