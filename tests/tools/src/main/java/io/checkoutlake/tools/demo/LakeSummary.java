package io.checkoutlake.tools.demo;

import io.checkoutlake.functions.model.Entity;
import io.checkoutlake.tools.LakeFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * What a local lake holds right now: committed partitions, files and rows per table (rows from
 * Parquet footers), and dead letters per reason. Only committed files count: in-progress files are
 * hidden ({@code .part-...inprogress}) until a checkpoint commits them.
 */
public final class LakeSummary {
    private final Path lake;
    private final Path deadLetters;
    private final Map<Path, Long> rowsByFile = new HashMap<>();
    private final Map<Path, Long> linesByFile = new HashMap<>();

    public LakeSummary(Path lake, Path deadLetters) {
        this.lake = lake;
        this.deadLetters = deadLetters;
    }

    /** A snapshot of one table. */
    public static final class TableCounts {
        public long partitions;
        public long files;
        public long rows;
    }

    public Map<String, TableCounts> tables() throws IOException {
        Map<String, TableCounts> out = new TreeMap<>();
        for (Entity e : Entity.values()) {
            TableCounts counts = new TableCounts();
            Set<Path> partitions = new HashSet<>();
            for (Path f : LakeFiles.committed(lake.resolve(e.table()), ".parquet")) {
                partitions.add(f.getParent());
                counts.files++;
                counts.rows += orZero(rowsByFile.computeIfAbsent(f, LakeSummary::rowCount));
            }
            counts.partitions = partitions.size();
            out.put(e.table(), counts);
        }
        return out;
    }

    public Map<String, Long> deadLettersByReason() throws IOException {
        Map<String, Long> out = new TreeMap<>();
        for (Path f : LakeFiles.committed(deadLetters, ".jsonl")) {
            String reason = f.getParent().getFileName().toString().replaceFirst("^reason=", "");
            out.merge(
                    reason,
                    orZero(linesByFile.computeIfAbsent(f, LakeSummary::lineCount)),
                    Long::sum);
        }
        return out;
    }

    private static long orZero(Long count) {
        return count == null ? 0 : count;
    }

    // A file that cannot be read now (e.g. compaction replaced it between the walk and the read)
    // counts 0 and, as null is not cached, is read again by the next summary instead of ending
    // the demo.
    private static Long rowCount(Path file) {
        try (ParquetFileReader reader =
                ParquetFileReader.open(
                        HadoopInputFile.fromPath(
                                new org.apache.hadoop.fs.Path(file.toUri()),
                                new Configuration()))) {
            long rows = 0;
            for (BlockMetaData block : reader.getFooter().getBlocks()) {
                rows += block.getRowCount();
            }
            return rows;
        } catch (IOException | RuntimeException e) {
            // parquet-mr reports a file that is not (yet) Parquet as a RuntimeException.
            return null;
        }
    }

    private static Long lineCount(Path file) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            long n = 0;
            while (r.readLine() != null) {
                n++;
            }
            return n;
        } catch (IOException e) {
            return null;
        }
    }
}
