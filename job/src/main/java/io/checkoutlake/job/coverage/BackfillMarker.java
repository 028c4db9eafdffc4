package io.checkoutlake.job.coverage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a finished backfill folder wrote, kept as {@code <lake.path>/_backfill/<folder>.json}: a run
 * skips folders with a marker, and a re-run deletes the files its marker lists that the re-run did
 * not write again. A POJO for Jackson.
 */
public class BackfillMarker {
    /** One written file: under {@code lake} or {@code deadletter}, its path relative to that. */
    public static class Output {
        public String root;
        public String path;
        public long records;

        public Output() {}

        public Output(String root, String path, long records) {
            this.root = root;
            this.path = path;
            this.records = records;
        }

        /** Identity of the file, whatever it holds. */
        public String location() {
            return root + ":" + path;
        }
    }

    public String folder;
    public String source;
    public long objects;
    public long bytes;
    public long rows;
    public long deadLetters;
    public String finishedAt;
    public List<Output> outputs = new ArrayList<>();

    /** When the folder's first listing started (the start of what it covers). */
    public String listedAt;

    /**
     * Epoch millis: the run read every object of the folder modified before this; null in markers
     * of earlier builds, which cover nothing a stream knows of. See {@link FolderCoverage}.
     */
    public Long coveredBefore;

    /** The objects modified at or after {@link #coveredBefore} the run read: key to millis. */
    public Map<String, Long> covered = new TreeMap<>();

    /** The object versions this run read, or null for a marker of an earlier build. */
    public FolderCoverage coverage() {
        return coveredBefore == null ? null : new FolderCoverage(coveredBefore, covered);
    }
}
