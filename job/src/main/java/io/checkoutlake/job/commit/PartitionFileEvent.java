package io.checkoutlake.job.commit;

/**
 * What the partition commit learns about one part file of a table: that a writer produced it for a
 * checkpoint ({@link Kind#WRITTEN}, not yet visible), that the sink's committer made it visible
 * ({@link Kind#COMMITTED}), or that compaction merged it into a committed file and removed it
 * ({@link Kind#COMPACTED}). A Flink POJO: no Kryo in the operator's input.
 */
public class PartitionFileEvent {
    /** What happened to the file. */
    public enum Kind {
        WRITTEN,
        COMMITTED,
        COMPACTED
    }

    public Kind kind;

    /** The bucket id, i.e. the partition folder relative to the table, e.g. YEAR=2019/.... */
    public String partition;

    /** The file's full path. */
    public String path;

    public PartitionFileEvent() {}

    public PartitionFileEvent(Kind kind, String partition, String path) {
        this.kind = kind;
        this.partition = partition;
        this.path = path;
    }

    /** Names a path, never row content. */
    @Override
    public String toString() {
        return kind + " " + path;
    }
}
