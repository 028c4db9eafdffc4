package io.checkoutlake.job.decode;

import io.checkoutlake.job.metrics.LakeMetrics;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Counts rows handed to a table's sink, and those whose event time is already behind the watermark.
 * Late rows are still written to their partition: a late row is never dropped.
 */
public final class RowMetrics extends ProcessFunction<GenericRecord, GenericRecord> {
    private static final long serialVersionUID = 1L;

    private final String table;
    private transient Counter written;
    private transient Counter behindWatermark;

    public RowMetrics(String table) {
        this.table = table;
    }

    @Override
    public void open(Configuration parameters) {
        MetricGroup metrics =
                LakeMetrics.group(getRuntimeContext().getMetricGroup()).addGroup("table", table);
        written = metrics.counter(LakeMetrics.ROWS_WRITTEN);
        behindWatermark = metrics.counter(LakeMetrics.ROWS_BEHIND_WATERMARK);
    }

    @Override
    public void processElement(GenericRecord row, Context ctx, Collector<GenericRecord> out) {
        written.inc();
        Long ts = ctx.timestamp();
        if (ts != null && ts < ctx.timerService().currentWatermark()) {
            behindWatermark.inc();
        }
        out.collect(row);
    }
}
