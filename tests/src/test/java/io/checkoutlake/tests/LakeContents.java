package io.checkoutlake.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.checkoutlake.functions.model.Entity;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * Reads what a lake holds, the way a consumer would: only committed files (in-progress and pending
 * files are hidden, their names start with a dot), Parquet through parquet-avro.
 */
public final class LakeContents {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One row of a table with the partition folder it was found in. */
    public static final class Row {
        public final Entity entity;
        public final String partition;
        public final GenericRecord record;

        Row(Entity entity, String partition, GenericRecord record) {
            this.entity = entity;
            this.partition = partition;
            this.record = record;
        }

        public String sourceFile() {
            return record.get("_source_file").toString();
        }
    }

    private LakeContents() {}

    /**
     * Lists committed files under {@code root}. The job may be running: an in-progress file can be
     * renamed or a folder created between listing a directory and visiting its entries, so entries
     * that vanish mid-walk are skipped rather than failing the read.
     */
    public static List<Path> committedFiles(Path root, String suffix) throws IOException {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return files;
        }
        Files.walkFileTree(
                root,
                new SimpleFileVisitor<Path>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        String name = file.getFileName().toString();
                        if (attrs.isRegularFile()
                                && !name.startsWith(".")
                                && name.endsWith(suffix)) {
                            files.add(file);
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e)
                            throws IOException {
                        if (e instanceof NoSuchFileException) {
                            return FileVisitResult.CONTINUE;
                        }
                        throw e;
                    }
                });
        Collections.sort(files);
        return files;
    }

    public static List<Row> rows(Path lake) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (Entity e : Entity.values()) {
            Path table = lake.resolve(e.table());
            for (Path file : committedFiles(table, ".parquet")) {
                String partition = table.relativize(file.getParent()).toString();
                for (GenericRecord r : records(file)) {
                    rows.add(new Row(e, partition, r));
                }
            }
        }
        return rows;
    }

    /** The rows of one committed Parquet file, through parquet-avro. */
    public static List<GenericRecord> records(Path file) throws IOException {
        List<GenericRecord> records = new ArrayList<>();
        try (ParquetReader<GenericRecord> reader =
                AvroParquetReader.<GenericRecord>builder(
                                HadoopInputFile.fromPath(
                                        new org.apache.hadoop.fs.Path(file.toUri()),
                                        new Configuration()))
                        .build()) {
            GenericRecord r;
            while ((r = reader.read()) != null) {
                records.add(r);
            }
        }
        return records;
    }

    public static List<JsonNode> deadLetters(Path deadLetterRoot) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (Path file : committedFiles(deadLetterRoot, ".jsonl")) {
            try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                while ((line = r.readLine()) != null) {
                    out.add(JSON.readTree(line));
                }
            }
        }
        return out;
    }
}
