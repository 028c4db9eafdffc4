package io.checkoutlake.job.backfill;

import java.io.Serializable;

/** The objects and bytes a backfill has to read, as its listing found them. */
public final class BackfillTotals implements Serializable {
    private static final long serialVersionUID = 1L;

    /** A job started without a backfill's listing (its totals gauges report -1). */
    public static final BackfillTotals UNKNOWN = new BackfillTotals(-1, -1);

    private final long files;
    private final long bytes;

    public BackfillTotals(long files, long bytes) {
        this.files = files;
        this.bytes = bytes;
    }

    public long files() {
        return files;
    }

    public long bytes() {
        return bytes;
    }
}
