package io.checkoutlake.job.commit;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/** One committed file of a partition manifest: its name within the partition and its stats. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class ManifestEntry {
    private final String name;
    private final long size;
    private final long rows;
    private final String minEventTime;
    private final String maxEventTime;

    @JsonCreator
    public ManifestEntry(
            @JsonProperty("name") String name,
            @JsonProperty("size") long size,
            @JsonProperty("rows") long rows,
            @JsonProperty("min_event_time") String minEventTime,
            @JsonProperty("max_event_time") String maxEventTime) {
        this.name = name;
        this.size = size;
        this.rows = rows;
        this.minEventTime = minEventTime;
        this.maxEventTime = maxEventTime;
    }

    @JsonProperty("name")
    public String name() {
        return name;
    }

    @JsonProperty("size")
    public long size() {
        return size;
    }

    @JsonProperty("rows")
    public long rows() {
        return rows;
    }

    /** ISO-8601 UTC instant, microseconds; null for a file without event times. */
    @JsonProperty("min_event_time")
    public String minEventTime() {
        return minEventTime;
    }

    @JsonProperty("max_event_time")
    public String maxEventTime() {
        return maxEventTime;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ManifestEntry)) {
            return false;
        }
        ManifestEntry that = (ManifestEntry) o;
        return size == that.size
                && rows == that.rows
                && name.equals(that.name)
                && Objects.equals(minEventTime, that.minEventTime)
                && Objects.equals(maxEventTime, that.maxEventTime);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, size, rows, minEventTime, maxEventTime);
    }

    @Override
    public String toString() {
        return name + " (" + size + " bytes, " + rows + " rows)";
    }
}
