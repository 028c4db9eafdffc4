package io.checkoutlake.job.commit;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.checkoutlake.functions.time.Timestamps;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code _manifest.json} of a committed partition: every committed Parquet file with its size, row
 * count and {@code _event_time} range, the partition's totals, and when it was committed. Files are
 * sorted by name, so committing the same files again gives the same document apart from {@code
 * committed_at}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
// rows and the event-time range are derived from the files when read back.
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({
    "table",
    "partition",
    "rows",
    "min_event_time",
    "max_event_time",
    "committed_at",
    "files"
})
public final class PartitionManifest {
    public static final String FILE_NAME = "_manifest.json";
    public static final String SUCCESS_FILE_NAME = "_SUCCESS";

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String table;
    private final String partition;
    private final List<ManifestEntry> files;
    private final String committedAt;

    @JsonCreator
    public PartitionManifest(
            @JsonProperty("table") String table,
            @JsonProperty("partition") String partition,
            @JsonProperty("files") List<ManifestEntry> files,
            @JsonProperty("committed_at") String committedAt) {
        this.table = table;
        this.partition = partition;
        List<ManifestEntry> sorted = new ArrayList<>(files == null ? List.of() : files);
        sorted.sort(Comparator.comparing(ManifestEntry::name));
        this.files = List.copyOf(sorted);
        this.committedAt = committedAt;
    }

    public static PartitionManifest parse(byte[] json) throws IOException {
        return JSON.readValue(json, PartitionManifest.class);
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException("cannot render the manifest of " + partition, e);
        }
    }

    @JsonProperty("table")
    public String table() {
        return table;
    }

    @JsonProperty("partition")
    public String partition() {
        return partition;
    }

    @JsonProperty("files")
    public List<ManifestEntry> files() {
        return files;
    }

    @JsonProperty("committed_at")
    public String committedAt() {
        return committedAt;
    }

    @JsonProperty("rows")
    public long rows() {
        return files.stream().mapToLong(ManifestEntry::rows).sum();
    }

    @JsonProperty("min_event_time")
    public String minEventTime() {
        return files.stream()
                .map(ManifestEntry::minEventTime)
                .filter(t -> t != null)
                .min(Comparator.comparing(Instant::parse))
                .orElse(null);
    }

    @JsonProperty("max_event_time")
    public String maxEventTime() {
        return files.stream()
                .map(ManifestEntry::maxEventTime)
                .filter(t -> t != null)
                .max(Comparator.comparing(Instant::parse))
                .orElse(null);
    }

    /** The same files without {@code committed_at}: what idempotent commits agree on. */
    public PartitionManifest withoutCommitTime() {
        return new PartitionManifest(table, partition, files, null);
    }

    static String instantText(long micros) {
        return micros == ParquetFileStats.NONE
                ? null
                : Timestamps.fromEpochMicros(micros).toString();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PartitionManifest)) {
            return false;
        }
        PartitionManifest that = (PartitionManifest) o;
        return table.equals(that.table)
                && partition.equals(that.partition)
                && files.equals(that.files)
                && java.util.Objects.equals(committedAt, that.committedAt);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(table, partition, files, committedAt);
    }
}
