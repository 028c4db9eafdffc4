package io.checkoutlake.job.commit;

import io.checkoutlake.functions.partition.PartitionSpan;
import io.checkoutlake.functions.watermark.FutureAllowance;
import io.checkoutlake.job.config.LakeJobConfig;
import io.checkoutlake.job.config.LakeOptions;
import java.io.Serializable;
import java.net.URI;
import java.time.Clock;
import org.apache.flink.core.fs.Path;

/** What the partition commit of one table needs, shipped with the job graph. */
public final class PartitionCommitSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    private final LakeJobConfig config;
    private final String table;
    private final PartitionSpan span;
    private final long commitDelayMillis;

    private PartitionCommitSettings(LakeJobConfig config, String table) {
        this.config = config;
        this.table = table;
        this.span = PartitionSpan.of(config.get(LakeOptions.LAKE_PARTITION_PATTERN));
        this.commitDelayMillis = config.get(LakeOptions.LAKE_COMMIT_DELAY).toMillis();
        if (config.get(LakeOptions.GLUE_REGISTER_PARTITIONS)
                && config.getOptional(LakeOptions.AWS_REGION).isEmpty()) {
            throw new IllegalArgumentException("Glue registration needs an AWS region");
        }
    }

    public static PartitionCommitSettings of(LakeJobConfig config, String table) {
        return new PartitionCommitSettings(config, table);
    }

    public String table() {
        return table;
    }

    /**
     * The watermark at which {@code partition} is due: its end plus the commit delay, in epoch
     * millis.
     */
    public long dueMillis(String partition) {
        long end = span.endMillisOf(partition);
        return end > Long.MAX_VALUE - commitDelayMillis ? Long.MAX_VALUE : end + commitDelayMillis;
    }

    /**
     * Whether a row of {@code eventTimeMillis} is late at {@code watermark}: its partition is due.
     */
    public boolean isLate(long eventTimeMillis, long watermark) {
        long end = span.endMillis(eventTimeMillis);
        return end <= Long.MAX_VALUE - commitDelayMillis && end + commitDelayMillis <= watermark;
    }

    /**
     * A watermark read back from state, or {@link Long#MIN_VALUE} when it lies beyond the wall
     * clock plus watermark.max-future: a drained stop's end of input, or a watermark a future
     * document moved before it was capped, must not make a restored job's partitions due.
     */
    public long trustedRestoredWatermark(long watermark) {
        return FutureAllowance.of(config.get(LakeOptions.WATERMARK_MAX_FUTURE))
                .trustedRestored(watermark, System.currentTimeMillis());
    }

    /** The committer this table's partitions are committed with (a Glue client when enabled). */
    public PartitionCommitter openCommitter() {
        PartitionCatalog catalog =
                config.get(LakeOptions.GLUE_REGISTER_PARTITIONS)
                        ? GluePartitionCatalog.connect(
                                config.get(LakeOptions.AWS_REGION),
                                config.getOptional(LakeOptions.AWS_ENDPOINT).map(URI::create),
                                config.get(LakeOptions.GLUE_DATABASE))
                        : PartitionCatalog.NONE;
        return new PartitionCommitter(
                table, new Path(config.lakeTablePath(table)), catalog, Clock.systemUTC());
    }
}
