package io.checkoutlake.job.backfill;

import java.time.Duration;
import java.util.Locale;

/**
 * One progress line of a backfill: objects and bytes done of the total, rate and ETA. Rate and ETA
 * count bytes since the run started, which is what bounds a backfill's time.
 */
public final class BackfillProgress {
    private final int foldersDone;
    private final int foldersTotal;
    private final long filesDone;
    private final long filesTotal;
    private final long bytesDone;
    private final long bytesTotal;
    private final Duration elapsed;

    public BackfillProgress(
            int foldersDone,
            int foldersTotal,
            long filesDone,
            long filesTotal,
            long bytesDone,
            long bytesTotal,
            Duration elapsed) {
        this.foldersDone = foldersDone;
        this.foldersTotal = foldersTotal;
        this.filesDone = filesDone;
        this.filesTotal = filesTotal;
        this.bytesDone = bytesDone;
        this.bytesTotal = bytesTotal;
        this.elapsed = elapsed;
    }

    /** Bytes per second since the start; 0 before anything is done. */
    public double bytesPerSecond() {
        double seconds = elapsed.toMillis() / 1000.0;
        return seconds <= 0 ? 0 : bytesDone / seconds;
    }

    /** Time left at the rate so far; empty while nothing is done yet. */
    public java.util.Optional<Duration> eta() {
        double rate = bytesPerSecond();
        if (rate <= 0) {
            return java.util.Optional.empty();
        }
        long left = Math.max(0, bytesTotal - bytesDone);
        return java.util.Optional.of(Duration.ofSeconds((long) Math.ceil(left / rate)));
    }

    public String line() {
        double seconds = Math.max(elapsed.toMillis(), 1) / 1000.0;
        return String.format(
                Locale.ROOT,
                "backfill progress: folders %d/%d, objects %d/%d (%.1f%%), bytes %s/%s,"
                        + " %s/s, %.0f objects/s, elapsed %s, ETA %s",
                foldersDone,
                foldersTotal,
                filesDone,
                filesTotal,
                filesTotal == 0 ? 100.0 : 100.0 * filesDone / filesTotal,
                bytes(bytesDone),
                bytes(bytesTotal),
                bytes((long) bytesPerSecond()),
                filesDone / seconds,
                duration(elapsed),
                eta().map(BackfillProgress::duration).orElse("unknown"));
    }

    public static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    public static String duration(Duration d) {
        long s = d.getSeconds();
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, s % 3600 / 60, s % 60);
        }
        if (s >= 60) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return s + "s";
    }
}
