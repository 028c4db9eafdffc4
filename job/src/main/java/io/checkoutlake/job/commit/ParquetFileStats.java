package io.checkoutlake.job.commit;

import io.checkoutlake.functions.schema.LakeSchemas;
import java.io.IOException;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.formats.parquet.ParquetInputFile;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;

/**
 * Row count and {@code _event_time} range of one Parquet file, from its footer only (no row is
 * read): the writer records both per row group. Read through Flink's file systems, so {@code
 * s3a://} works as {@code file://} does.
 */
public final class ParquetFileStats {
    /** No event time: the file has no rows with one. */
    public static final long NONE = Long.MIN_VALUE;

    private final long rows;
    private final long minEventTimeMicros;
    private final long maxEventTimeMicros;

    public ParquetFileStats(long rows, long minEventTimeMicros, long maxEventTimeMicros) {
        this.rows = rows;
        this.minEventTimeMicros = minEventTimeMicros;
        this.maxEventTimeMicros = maxEventTimeMicros;
    }

    public static ParquetFileStats read(FileSystem fs, Path file, long length) throws IOException {
        long rows = 0;
        long min = NONE;
        long max = NONE;
        try (FSDataInputStream in = fs.open(file);
                ParquetFileReader reader =
                        ParquetFileReader.open(new ParquetInputFile(in, length))) {
            for (BlockMetaData block : reader.getFooter().getBlocks()) {
                rows += block.getRowCount();
                for (ColumnChunkMetaData column : block.getColumns()) {
                    if (!column.getPath().toDotString().equals(LakeSchemas.EVENT_TIME)) {
                        continue;
                    }
                    Statistics<?> stats = column.getStatistics();
                    if (stats == null || stats.isEmpty() || !stats.hasNonNullValue()) {
                        continue;
                    }
                    long lo = ((Number) stats.genericGetMin()).longValue();
                    long hi = ((Number) stats.genericGetMax()).longValue();
                    min = min == NONE ? lo : Math.min(min, lo);
                    max = max == NONE ? hi : Math.max(max, hi);
                }
            }
        }
        return new ParquetFileStats(rows, min, max);
    }

    public long rows() {
        return rows;
    }

    /** Epoch micros, or {@link #NONE}. */
    public long minEventTimeMicros() {
        return minEventTimeMicros;
    }

    /** Epoch micros, or {@link #NONE}. */
    public long maxEventTimeMicros() {
        return maxEventTimeMicros;
    }
}
