package io.checkoutlake.job.source;

import io.checkoutlake.functions.model.RawObjectRef;
import java.util.Objects;
import org.apache.flink.api.connector.source.lib.util.IteratorSourceSplit;

/** One folder to list, and how many of its objects were already emitted. */
public final class FolderSplit implements IteratorSourceSplit<RawObjectRef, FolderListing> {
    private final String folderUri;
    private final long emitted;

    public FolderSplit(String folderUri, long emitted) {
        this.folderUri = Objects.requireNonNull(folderUri, "folderUri");
        this.emitted = emitted;
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
        return new FolderListing(RawObjectUris.toPath(folderUri), emitted);
    }

    @Override
    public FolderSplit getUpdatedSplitForIterator(FolderListing listing) {
        return new FolderSplit(folderUri, listing.emitted());
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FolderSplit)) {
            return false;
        }
        FolderSplit that = (FolderSplit) o;
        return folderUri.equals(that.folderUri) && emitted == that.emitted;
    }

    @Override
    public int hashCode() {
        return Objects.hash(folderUri, emitted);
    }

    @Override
    public String toString() {
        return "FolderSplit{" + folderUri + ", emitted=" + emitted + '}';
    }
}
