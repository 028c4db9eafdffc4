package io.checkoutlake.tests.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.checkoutlake.tests.LakeContents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * The committed files of a lake and its dead letters, each with its records in order-free form and
 * without the processing time, which a re-run legitimately changes: two snapshots are equal when
 * the same files hold the same records.
 */
final class LakeSnapshot {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path lake;
    private final Path deadLetters;

    /** "lake/<relative path>" or "deadletter/<relative path>" → sorted records. */
    private final Map<String, List<String>> contents = new TreeMap<>();

    private LakeSnapshot(Path lake, Path deadLetters) {
        this.lake = lake;
        this.deadLetters = deadLetters;
    }

    static LakeSnapshot of(Path lake, Path deadLetters) throws IOException {
        LakeSnapshot s = new LakeSnapshot(lake, deadLetters);
        for (Path file : LakeContents.committedFiles(lake, ".parquet")) {
            s.contents.put("lake/" + lake.relativize(file), parquetRecords(file));
        }
        for (Path file : LakeContents.committedFiles(deadLetters, ".jsonl")) {
            s.contents.put("deadletter/" + deadLetters.relativize(file), jsonRecords(file));
        }
        return s;
    }

    Set<String> files() {
        return contents.keySet();
    }

    Map<Path, FileTime> modificationTimes() throws IOException {
        Map<Path, FileTime> times = new TreeMap<>();
        for (String f : contents.keySet()) {
            Path p = pathOf(f);
            times.put(p, Files.getLastModifiedTime(p));
        }
        return times;
    }

    /** A Parquet file written for the raw folder {@code folder}, if it has one. */
    Optional<Path> parquetFileOf(String folder) {
        return contents.keySet().stream()
                .filter(
                        f ->
                                f.startsWith("lake/")
                                        && f.endsWith("/backfill-" + folder + ".zstd.parquet"))
                .findFirst()
                .map(this::pathOf);
    }

    Path lake() {
        return lake;
    }

    void assertSameAs(LakeSnapshot other) {
        assertThat(contents.keySet()).as("files").isEqualTo(other.contents.keySet());
        for (String f : contents.keySet()) {
            assertThat(contents.get(f)).as("records of %s", f).isEqualTo(other.contents.get(f));
        }
    }

    private Path pathOf(String f) {
        return f.startsWith("lake/")
                ? lake.resolve(f.substring("lake/".length()))
                : deadLetters.resolve(f.substring("deadletter/".length()));
    }

    private static List<String> parquetRecords(Path file) throws IOException {
        List<String> records = new ArrayList<>();
        for (GenericRecord r : LakeContents.records(file)) {
            GenericData.Record copy = new GenericData.Record((GenericData.Record) r, true);
            copy.put("_processed_at", null);
            records.add(copy.toString());
        }
        Collections.sort(records);
        return records;
    }

    private static List<String> jsonRecords(Path file) throws IOException {
        List<String> records = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            ObjectNode node = (ObjectNode) JSON.readTree(line);
            node.remove("processed_at");
            records.add(node.toString());
        }
        Collections.sort(records);
        return records;
    }
}
