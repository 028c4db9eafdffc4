package io.checkoutlake.job.source;

import io.checkoutlake.functions.model.RawObjectRef;
import io.checkoutlake.functions.path.RawObjectUris;
import io.checkoutlake.job.coverage.FolderCoverage;
import java.util.Objects;
import javax.annotation.Nullable;
import org.apache.flink.api.connector.source.lib.util.IteratorSourceSplit;

/**
 * One folder to list, and how many of its objects were already emitted; with a coverage, only the
 * objects it covers are listed (see {@link FolderCoverage}).
 */
public final class FolderSplit implements IteratorSourceSplit<RawObjectRef, FolderListing> {
    private final String folderUri;
    private final long emitted;
    @Nullable private final FolderCoverage coverage;

    /** {@code coverage}: the objects to list; null: every object. */
    public FolderSplit(String folderUri, long emitted, @Nullable FolderCoverage coverage) {
        this.folderUri = Objects.requireNonNull(folderUri, "folderUri");
        this.emitted = emitted;
        this.coverage = coverage;
    }

    /** The objects to list; null: every object. */
    @Nullable
    public FolderCoverage coverage() {
        return coverage;
    }

    public String folderUri() {
        return folderUri;
    }

    public long emitted() {
        return emitted;
    }

    @Override
    public String splitId() {
        return folderUri;
    }

    @Override
    public FolderListing getIterator() {
        return new FolderListing(RawObjectUris.toPath(folderUri), emitted, coverage);
    }

    @Override
    public FolderSplit getUpdatedSplitForIterator(FolderListing listing) {
        return new FolderSplit(folderUri, listing.emitted(), coverage);
    }

    @Override
    public String toString() {
        return "FolderSplit{" + folderUri + ", emitted=" + emitted + '}';
    }
}
