package io.checkoutlake.job.metrics;

import org.apache.flink.metrics.MetricGroup;

/**
 * Where the job's own metrics live. Managed Service for Apache Flink exports to CloudWatch the
 * metrics of groups under {@code kinesisanalytics}; other reporters see the same names.
 */
public final class LakeMetrics {
    public static final String DOCUMENTS_READ = "documentsRead";
    public static final String ROWS_DECODED = "rowsDecoded";
    public static final String ROWS_WRITTEN = "rowsWritten";
    public static final String ROWS_BEHIND_WATERMARK = "rowsBehindWatermark";
    public static final String DEAD_LETTERS = "deadLetters";
    public static final String DOCUMENTS_WITH_UNKNOWN_FIELDS = "documentsWithUnknownFields";

    /** Backfill: objects and bytes read so far (per subtask; sum them). */
    public static final String BACKFILL_FILES_DONE = "backfillFilesDone";

    public static final String BACKFILL_BYTES_DONE = "backfillBytesDone";

    /** Backfill: what the current job of the run has to read, from its listing. */
    public static final String BACKFILL_FILES_TOTAL = "backfillFilesTotal";

    public static final String BACKFILL_BYTES_TOTAL = "backfillBytesTotal";

    /** Rows for a partition that was already due for commit: it is committed again. */
    public static final String LATE_ROWS = "lateRows";

    /** Rows dated beyond the clock plus watermark.max-future: written, not advancing time. */
    public static final String FUTURE_ROWS = "futureRows";

    public static final String PARTITION_COMMITS = "partitionCommits";
    public static final String PARTITION_COMMIT_FAILURES = "partitionCommitFailures";

    /** How long the table's last successful partition commit took; -1 before the first. */
    public static final String LAST_PARTITION_COMMIT_DURATION_MS = "lastPartitionCommitDurationMs";

    private LakeMetrics() {}

    public static MetricGroup group(MetricGroup operatorGroup) {
        return operatorGroup.addGroup("kinesisanalytics").addGroup("checkoutlake");
    }
}
