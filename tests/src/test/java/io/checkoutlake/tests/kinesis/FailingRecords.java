package io.checkoutlake.tests.kinesis;

import io.checkoutlake.functions.model.RawObject;
import io.checkoutlake.job.source.KinesisRecordDeserializer;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The job's Kinesis deserializer, failing the job once at the n-th record of the whole JVM (inside
 * the consumer, after records before it may already be in a checkpoint). Static state because Flink
 * serializes the deserializer into its tasks.
 */
public final class FailingRecords extends KinesisRecordDeserializer {
    private static final long serialVersionUID = 1L;

    static final AtomicInteger RECORDS = new AtomicInteger();
    static final AtomicBoolean FAILED = new AtomicBoolean();

    private final int failAtRecord;
    private final long latencyMillis;

    public FailingRecords(int failAtRecord, long latencyMillis) {
        this.failAtRecord = failAtRecord;
        this.latencyMillis = latencyMillis;
    }

    public static void reset() {
        RECORDS.set(0);
        FAILED.set(false);
    }

    public static boolean failed() {
        return FAILED.get();
    }

    @Override
    public RawObject deserialize(
            byte[] recordValue,
            String partitionKey,
            String seqNum,
            long approxArrivalTimestamp,
            String stream,
            String shardId)
            throws IOException {
        if (latencyMillis > 0) {
            try {
                Thread.sleep(latencyMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        if (failAtRecord > 0
                && RECORDS.incrementAndGet() >= failAtRecord
                && FAILED.compareAndSet(false, true)) {
            throw new IOException("injected failure at record " + failAtRecord);
        }
        return super.deserialize(
                recordValue, partitionKey, seqNum, approxArrivalTimestamp, stream, shardId);
    }
}
