package io.checkoutlake.job.coverage;

import java.io.Serializable;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The object versions one backfill of a raw folder read, so that the stream reads exactly the
 * others: every object modified before {@link #coveredBefore}, and the objects listed with their
 * modification times in {@link #objects} (those modified at or after it). An object the folder's
 * backfill did not read (it arrived after the listing, or was overwritten since, so its
 * modification time differs) is not covered.
 *
 * <p>The backfill reads exactly the covered objects of its listing and the stream exactly the
 * uncovered ones, with the same predicate ({@link #covers}), so the hand-off leaves no gap and no
 * overlap. The cut at {@code coveredBefore} (the listing's start minus {@code
 * source.files-horizon}) keeps the marker to the objects of one horizon; an object modified before
 * it was in the listing, since no upload takes a horizon.
 */
public final class FolderCoverage implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Covers nothing: no object is covered. */
    public static final long NONE = Long.MIN_VALUE;

    private final long coveredBefore;

    /** Key relative to the folder (no leading {@code /}) to modification time, epoch millis. */
    private final Map<String, Long> objects;

    public FolderCoverage(long coveredBefore, Map<String, Long> objects) {
        this.coveredBefore = coveredBefore;
        this.objects = new TreeMap<>(objects);
    }

    /** Objects modified before this (epoch millis) are covered whatever their key. */
    public long coveredBefore() {
        return coveredBefore;
    }

    /** The covered objects modified at or after {@link #coveredBefore}. */
    public Map<String, Long> objects() {
        return objects;
    }

    /** Whether the backfill read the object at {@code relativeKey} modified at {@code modified}. */
    public boolean covers(String relativeKey, long modified) {
        if (modified < coveredBefore) {
            return true;
        }
        Long listed = objects.get(relativeKey);
        return listed != null && listed == modified;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FolderCoverage)) {
            return false;
        }
        FolderCoverage that = (FolderCoverage) o;
        return coveredBefore == that.coveredBefore && objects.equals(that.objects);
    }

    @Override
    public int hashCode() {
        return Objects.hash(coveredBefore, objects);
    }
}
