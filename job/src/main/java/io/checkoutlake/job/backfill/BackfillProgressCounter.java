package io.checkoutlake.job.backfill;

import io.checkoutlake.functions.model.RawObject;
import io.checkoutlake.job.metrics.LakeMetrics;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * Counts the objects and bytes a backfill has read: as metrics (with the run's totals as gauges,
 * for dashboards) and as accumulators, which the backfill's driver polls for its progress log.
 */
public final class BackfillProgressCounter extends RichMapFunction<RawObject, RawObject> {
    private static final long serialVersionUID = 1L;

    public static final String FILES_DONE = "backfill-files-done";
    public static final String BYTES_DONE = "backfill-bytes-done";

    /** The objects and bytes the backfill's listing found; -1 when unknown. */
    private final long filesTotal;

    private final long bytesTotal;

    private transient LongCounter filesDone;
    private transient LongCounter bytesDone;
    private transient Counter filesMetric;
    private transient Counter bytesMetric;

    public BackfillProgressCounter(long filesTotal, long bytesTotal) {
        this.filesTotal = filesTotal;
        this.bytesTotal = bytesTotal;
    }

    @Override
    public void open(OpenContext openContext) {
        filesDone = new LongCounter();
        bytesDone = new LongCounter();
        getRuntimeContext().addAccumulator(FILES_DONE, filesDone);
        getRuntimeContext().addAccumulator(BYTES_DONE, bytesDone);
        MetricGroup group = LakeMetrics.group(getRuntimeContext().getMetricGroup());
        filesMetric = group.counter(LakeMetrics.BACKFILL_FILES_DONE);
        bytesMetric = group.counter(LakeMetrics.BACKFILL_BYTES_DONE);
        group.gauge(LakeMetrics.BACKFILL_FILES_TOTAL, (Gauge<Long>) () -> filesTotal);
        group.gauge(LakeMetrics.BACKFILL_BYTES_TOTAL, (Gauge<Long>) () -> bytesTotal);
    }

    @Override
    public RawObject map(RawObject object) {
        long bytes = object.bytes == null ? 0 : object.bytes.length;
        filesDone.add(1L);
        bytesDone.add(bytes);
        filesMetric.inc();
        bytesMetric.inc(bytes);
        return object;
    }
}
