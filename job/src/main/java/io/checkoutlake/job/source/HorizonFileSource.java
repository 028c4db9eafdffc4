package io.checkoutlake.job.source;

import io.checkoutlake.job.coverage.BackfillCoverage;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import javax.annotation.Nullable;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.connector.file.src.AbstractFileSource;
import org.apache.flink.connector.file.src.ContinuousEnumerationSettings;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.FileSourceSplitSerializer;
import org.apache.flink.connector.file.src.PendingSplitsCheckpoint;
import org.apache.flink.connector.file.src.enumerate.FileEnumerator;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Flink's continuous FileSource with its state bounded by {@code source.files-horizon} (see {@link
 * FilesHorizon}): the same readers, split and checkpoint serializers and checkpoint format, so it
 * restores the savepoints of a job that ran the plain {@code FileSource} under the same uid; only
 * the split enumerator differs ({@link HorizonFileSplitEnumerator}).
 */
public final class HorizonFileSource<T> extends AbstractFileSource<T, FileSourceSplit> {
    private static final long serialVersionUID = 1L;

    /** Not exposed by {@link AbstractFileSource} outside its package. */
    private final Path[] paths;

    private final Duration horizon;

    /** Where the backfills of these paths keep their markers; null: none. */
    @Nullable private final URI lakePath;

    /**
     * @param lakePath the lake whose backfill markers ({@code <lake.path>/_backfill/}) say which
     *     object versions of {@code paths} a backfill read: those are not read again
     */
    public HorizonFileSource(
            Path[] paths,
            FileEnumerator.Provider enumerators,
            BulkFormat<T, FileSourceSplit> format,
            Duration discoveryInterval,
            Duration horizon,
            @Nullable URI lakePath) {
        super(
                paths,
                enumerators,
                FileSource.DEFAULT_SPLIT_ASSIGNER,
                format,
                new ContinuousEnumerationSettings(discoveryInterval));
        if (horizon.isNegative()) {
            throw new IllegalArgumentException("negative horizon " + horizon);
        }
        this.paths = paths.clone();
        this.horizon = horizon;
        this.lakePath = lakePath;
    }

    @Override
    public SimpleVersionedSerializer<FileSourceSplit> getSplitSerializer() {
        return FileSourceSplitSerializer.INSTANCE;
    }

    @Override
    public SplitEnumerator<FileSourceSplit, PendingSplitsCheckpoint<FileSourceSplit>>
            createEnumerator(SplitEnumeratorContext<FileSourceSplit> context) {
        return enumerator(context, List.of(), List.of());
    }

    @Override
    public SplitEnumerator<FileSourceSplit, PendingSplitsCheckpoint<FileSourceSplit>>
            restoreEnumerator(
                    SplitEnumeratorContext<FileSourceSplit> context,
                    PendingSplitsCheckpoint<FileSourceSplit> checkpoint) {
        // Pending splits were discovered before the checkpoint: they are read whatever their age.
        return enumerator(
                context,
                List.copyOf(checkpoint.getSplits()),
                checkpoint.getAlreadyProcessedPaths());
    }

    private HorizonFileSplitEnumerator enumerator(
            SplitEnumeratorContext<FileSourceSplit> context,
            List<FileSourceSplit> pendingSplits,
            Collection<Path> processedPaths) {
        return new HorizonFileSplitEnumerator(
                context,
                getEnumeratorFactory().create(),
                getAssignerFactory().create(pendingSplits),
                paths,
                getContinuousEnumerationSettings().getDiscoveryInterval(),
                horizon,
                processedPaths,
                System::currentTimeMillis,
                this::backfillCoverage);
    }

    private BackfillCoverage backfillCoverage() throws IOException {
        return lakePath == null
                ? BackfillCoverage.NONE
                : BackfillCoverage.load(lakePath, paths[0].toUri());
    }
}
