package io.checkoutlake.job.source;

import io.checkoutlake.functions.model.RawObjectRef;
import io.checkoutlake.functions.path.RawObjectUris;
import io.checkoutlake.job.coverage.FolderCoverage;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.lib.util.IteratorSourceEnumerator;
import org.apache.flink.api.connector.source.lib.util.IteratorSourceReader;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Bounded discovery for backfill: one split per folder, each listed by the reader that takes it
 * ({@link FolderListing}). Flink's FileSource makes a split of every file and hands splits out one
 * request at a time, a round trip to the JobManager per object; a backfill of hundreds of millions
 * of objects would spend its time there. The listing order is deterministic, so a split's position
 * is a count of objects emitted.
 */
public final class FolderListingSource
        implements Source<RawObjectRef, FolderSplit, Collection<FolderSplit>> {
    private static final long serialVersionUID = 1L;

    /**
     * The folders to list, each with the objects to read (see {@link FolderCoverage}; null: all).
     */
    private final Map<String, FolderCoverage> folders;

    /** True: one split per entry directly under each folder, listed when the job starts. */
    private final boolean splitByChild;

    private FolderListingSource(Map<String, FolderCoverage> folders, boolean splitByChild) {
        this.folders = folders;
        this.splitByChild = splitByChild;
    }

    /**
     * One split per given folder, each reading only the objects its coverage covers (all where it
     * is null): the backfill reads exactly what its markers will record.
     */
    public static FolderListingSource ofFolders(Map<URI, FolderCoverage> folders) {
        Map<String, FolderCoverage> byUri = new LinkedHashMap<>();
        folders.forEach((uri, coverage) -> byUri.put(RawObjectUris.of(new Path(uri)), coverage));
        return new FolderListingSource(byUri, false);
    }

    /** One split per entry directly under {@code root}, listed when the job starts. */
    public static FolderListingSource ofChildren(URI root) {
        return new FolderListingSource(
                Collections.singletonMap(RawObjectUris.of(new Path(root)), null), true);
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<RawObjectRef, FolderSplit> createReader(SourceReaderContext context) {
        return new IteratorSourceReader<>(context);
    }

    @Override
    public SplitEnumerator<FolderSplit, Collection<FolderSplit>> createEnumerator(
            SplitEnumeratorContext<FolderSplit> context) {
        List<FolderSplit> splits = new ArrayList<>();
        folders.forEach(
                (uri, coverage) -> {
                    if (!splitByChild) {
                        splits.add(new FolderSplit(uri, 0, coverage));
                        return;
                    }
                    // Objects directly under the root each become a split of one. A root that does
                    // not exist has none (FolderListing logs it).
                    for (String child : FolderListing.childrenOf(RawObjectUris.toPath(uri))) {
                        splits.add(new FolderSplit(child, 0, null));
                    }
                });
        return new IteratorSourceEnumerator<>(context, splits);
    }

    @Override
    public SplitEnumerator<FolderSplit, Collection<FolderSplit>> restoreEnumerator(
            SplitEnumeratorContext<FolderSplit> context, Collection<FolderSplit> remaining) {
        return new IteratorSourceEnumerator<>(context, remaining);
    }

    @Override
    public SimpleVersionedSerializer<FolderSplit> getSplitSerializer() {
        return new FolderSplitSerializer.Splits();
    }

    @Override
    public SimpleVersionedSerializer<Collection<FolderSplit>> getEnumeratorCheckpointSerializer() {
        return new FolderSplitSerializer.Remaining();
    }
}
