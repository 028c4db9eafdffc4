package io.checkoutlake.tools.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakeSummaryTest {
    private static final MessageType SCHEMA =
            MessageTypeParser.parseMessageType("message row { required int64 id; }");

    @TempDir Path dir;

    @Test
    void aFileThatCannotBeReadYetIsReadAgainByTheNextSummary() throws IOException {
        Path lake = dir.resolve("lake");
        Path file = lake.resolve("checkout/YEAR=2026/MONTH=01/DAY=01/part-0.zstd.parquet");
        Files.createDirectories(file.getParent());
        Files.write(file, "not parquet yet".getBytes(StandardCharsets.UTF_8));
        LakeSummary summary = new LakeSummary(lake, dir.resolve("deadletters"));

        assertThat(summary.tables().get("checkout").rows).isZero();

        Files.delete(file);
        writeRows(file, 3);
        LakeSummary.TableCounts counts = summary.tables().get("checkout");
        assertThat(counts.files).isEqualTo(1);
        assertThat(counts.rows).isEqualTo(3);
    }

    private static void writeRows(Path file, int rows) throws IOException {
        SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
        try (ParquetWriter<Group> writer =
                ExampleParquetWriter.builder(
                                HadoopOutputFile.fromPath(
                                        new org.apache.hadoop.fs.Path(file.toUri()),
                                        new Configuration()))
                        .withType(SCHEMA)
                        .build()) {
            for (int i = 0; i < rows; i++) {
                writer.write(groups.newGroup().append("id", (long) i));
            }
        }
    }
}
