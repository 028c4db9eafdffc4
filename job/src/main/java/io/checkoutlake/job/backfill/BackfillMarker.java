package io.checkoutlake.job.backfill;

import java.util.ArrayList;
import java.util.List;

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

    public BackfillMarker() {}
}
