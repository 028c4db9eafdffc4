package io.checkoutlake.job.topology;

import io.checkoutlake.functions.model.Entity;

/**
 * Operator uids. A uid names an operator's state in every checkpoint and savepoint: never change
 * one without a state migration (savepoints/README.md); the savepoint tests compare this list with
 * the one recorded in {@code savepoints/}.
 */
public final class Uids {
    public static final String DISCOVERY = "raw-object-discovery";
    public static final String FETCH = "raw-object-fetch";
    public static final String DEDUP = "raw-object-dedup";
    public static final String DECODE = "document-decode";
    public static final String DEADLETTER_SINK = "deadletter-sink";

    /** source.kind=kinesis: the Kinesis consumer (shard sequence numbers). */
    public static final String KINESIS_RECORDS = "kinesis-records";

    /** source.kind=s3-events: the Kinesis consumer of notifications (shard sequence numbers). */
    public static final String S3_EVENT_NOTIFICATIONS = "s3-event-notifications";

    /** source.kind=s3-events: notifications to references (stateless). */
    public static final String S3_EVENT_REFS = "s3-event-refs";

    /** Backfill: counts objects and bytes done, for progress. */
    public static final String BACKFILL_PROGRESS = "backfill-progress";

    /** Backfill: dead letters, one file per raw folder and reason. */
    public static final String DEADLETTER_BACKFILL_WRITER = "deadletter-backfill-writer";

    private Uids() {}

    public static String watermarks(Entity entity) {
        return entity.table() + "-watermarks";
    }

    public static String rowMetrics(Entity entity) {
        return entity.table() + "-row-metrics";
    }

    public static String lakeSink(Entity entity) {
        return entity.table() + "-lake-sink";
    }

    /** Backfill: rows, one file per raw folder and partition. */
    public static String backfillWriter(Entity entity) {
        return entity.table() + "-backfill-writer";
    }

    // The three below are operators of the table's sink topology: Flink records them as
    // "<lakeSink uid>: <uid>" (savepoints/uids.txt), as it does FileSink's compaction operators.

    /** Stream mode: the files a table's writers hand over at each checkpoint (stateless). */
    public static String partitionFilesWritten(Entity entity) {
        return entity.table() + "-partition-files-written";
    }

    /** Stream mode: the files a table's committer made visible (stateless). */
    public static String partitionFilesCommitted(Entity entity) {
        return entity.table() + "-partition-files-committed";
    }

    /** Stream mode: the watermark-driven partition commit (invisible files, due partitions). */
    public static String partitionCommit(Entity entity) {
        return entity.table() + "-partition-commit";
    }
}
