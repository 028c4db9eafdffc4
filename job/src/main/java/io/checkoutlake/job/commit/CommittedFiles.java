package io.checkoutlake.job.commit;

import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.connector.file.sink.FileSinkCommittable;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.CommittableWithLineage;
import org.apache.flink.util.Collector;

/**
 * What the sink's committer has committed, as it reports it downstream after each successful commit
 * (post-commit topology): visible files, and the compaction inputs it removed because their merged
 * file is now visible.
 */
public final class CommittedFiles
        implements FlatMapFunction<CommittableMessage<FileSinkCommittable>, PartitionFileEvent> {
    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap(
            CommittableMessage<FileSinkCommittable> message, Collector<PartitionFileEvent> out) {
        if (!(message instanceof CommittableWithLineage)) {
            return;
        }
        FileSinkCommittable c =
                ((CommittableWithLineage<FileSinkCommittable>) message).getCommittable();
        if (c.hasPendingFile()) {
            String path =
                    c.getPendingFile().getPath() == null
                            ? null
                            : c.getPendingFile().getPath().toString();
            out.collect(
                    new PartitionFileEvent(
                            PartitionFileEvent.Kind.COMMITTED, c.getBucketId(), path));
        }
        if (c.hasCompactedFileToCleanup()) {
            out.collect(
                    new PartitionFileEvent(
                            PartitionFileEvent.Kind.COMPACTED,
                            c.getBucketId(),
                            c.getCompactedFileToCleanup().toString()));
        }
    }
}
