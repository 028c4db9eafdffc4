package io.checkoutlake.job.sink;

import io.checkoutlake.functions.watermark.FutureAllowance;
import io.checkoutlake.job.commit.PartitionCommitSettings;
import io.checkoutlake.job.metrics.LakeMetrics;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Counts rows handed to a table's sink, those whose event time is already behind the watermark, and
 * late rows: rows whose partition the watermark has already made due for commit (its end plus
 * lake.commit-delay), so the partition is committed again once their file is committed. Late rows
 * are still written to their partition: a late row is never dropped. So are future rows, dated
 * beyond the wall clock plus watermark.max-future, which the watermark ignores; they are counted.
 */
public final class RowMetrics extends ProcessFunction<GenericRecord, GenericRecord> {
    private static final long serialVersionUID = 1L;

    private final String table;

    /** Null: no partition commit (backfill), so no row is late. */
    private final PartitionCommitSettings partitionCommit;

    private final FutureAllowance future;

    private transient Counter written;
    private transient Counter behindWatermark;
    private transient Counter late;
    private transient Counter fromTheFuture;

    public RowMetrics(
            String table, PartitionCommitSettings partitionCommit, FutureAllowance future) {
        this.table = table;
        this.partitionCommit = partitionCommit;
        this.future = future;
    }

    @Override
    public void open(Configuration parameters) {
        MetricGroup metrics =
                LakeMetrics.group(getRuntimeContext().getMetricGroup()).addGroup("table", table);
        written = metrics.counter(LakeMetrics.ROWS_WRITTEN);
        behindWatermark = metrics.counter(LakeMetrics.ROWS_BEHIND_WATERMARK);
        late = metrics.counter(LakeMetrics.LATE_ROWS);
        fromTheFuture = metrics.counter(LakeMetrics.FUTURE_ROWS);
    }

    @Override
    public void processElement(GenericRecord row, Context ctx, Collector<GenericRecord> out) {
        written.inc();
        Long ts = ctx.timestamp();
        long watermark = ctx.timerService().currentWatermark();
        if (ts != null && future.isFromTheFuture(ts, System.currentTimeMillis())) {
            fromTheFuture.inc();
        }
        if (ts != null && ts < watermark) {
            behindWatermark.inc();
            if (partitionCommit != null && partitionCommit.isLate(ts, watermark)) {
                late.inc();
            }
        }
        out.collect(row);
    }
}
