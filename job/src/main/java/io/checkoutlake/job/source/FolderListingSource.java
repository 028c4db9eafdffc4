package io.checkoutlake.job.source;

import io.checkoutlake.functions.model.RawObjectRef;
import io.checkoutlake.functions.path.RawObjectUris;
import io.checkoutlake.job.coverage.FolderCoverage;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
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

    private final List<String> folders;

    /** Per folder, the objects to read (see {@link FolderCoverage}); null: all. */
    private final List<FolderCoverage> coverages;

    private final boolean splitByChild;

    private FolderListingSource(
            List<String> folders, List<FolderCoverage> coverages, boolean splitByChild) {
        this.folders = folders;
        this.coverages = coverages;
        this.splitByChild = splitByChild;
    }

    /** One split per given folder (the backfill's raw folders). */
    public static FolderListingSource ofFolders(List<URI> folders) {
        Map<URI, FolderCoverage> all = new LinkedHashMap<>();
        folders.forEach(f -> all.put(f, null));
        return ofFolders(all);
    }

    /**
     * One split per given folder, each reading only the objects its coverage covers (all where it
     * is null): the backfill reads exactly what its markers will record.
     */
    public static FolderListingSource ofFolders(Map<URI, FolderCoverage> folders) {
        List<String> uris = new ArrayList<>();
        List<FolderCoverage> coverages = new ArrayList<>();
        for (Map.Entry<URI, FolderCoverage> f : folders.entrySet()) {
            uris.add(RawObjectUris.of(new Path(f.getKey())));
            coverages.add(f.getValue());
        }
        return new FolderListingSource(uris, coverages, false);
    }

    /** One split per entry directly under {@code root}, listed when the job starts. */
    public static FolderListingSource ofChildren(URI root) {
        List<String> uris = new ArrayList<>();
        uris.add(RawObjectUris.of(new Path(root)));
        List<FolderCoverage> coverages = new ArrayList<>();
        coverages.add(null);
        return new FolderListingSource(uris, coverages, true);
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
        for (int i = 0; i < folders.size(); i++) {
            if (splitByChild) {
                splits.addAll(childSplits(folders.get(i)));
            } else {
                splits.add(new FolderSplit(folders.get(i), 0, coverages.get(i)));
            }
        }
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

    /**
     * The root's direct children as splits: objects directly under it each become a split of one. A
     * root that does not exist has none ({@link FolderListing} logs it).
     */
    private static List<FolderSplit> childSplits(String root) {
        List<FolderSplit> splits = new ArrayList<>();
        for (String child : FolderListing.childrenOf(RawObjectUris.toPath(root))) {
            splits.add(new FolderSplit(child, 0));
        }
        return splits;
    }
}
