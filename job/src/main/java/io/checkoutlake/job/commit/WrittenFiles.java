package io.checkoutlake.job.commit;

import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.connector.file.sink.FileSinkCommittable;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.CommittableWithLineage;
import org.apache.flink.util.Collector;

/**
 * The files a table's writers hand to the committing side at a checkpoint (pending files, not
 * visible yet). Sits right after the writers, so for every checkpoint these events reach the
 * partition commit before that checkpoint's barrier does.
 */
public final class WrittenFiles
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
        if (c.hasPendingFile() && c.getPendingFile().getPath() != null) {
            out.collect(
                    new PartitionFileEvent(
                            PartitionFileEvent.Kind.WRITTEN,
                            c.getBucketId(),
                            c.getPendingFile().getPath().toString()));
        }
    }
}
