package io.checkoutlake.job.commit;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.core.fs.Path;
import org.apache.flink.util.function.ThrowingRunnable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a table's partition commits and footer reads off the task thread, so a checkpoint never
 * waits for S3 or Glue: commits one at a time on a thread of their own (a partition's manifest is
 * never written by two commits at once), footers on a small pool. Each outcome is handed back to
 * the task thread through its mailbox; the caller's state is touched only there.
 *
 * <p>Not thread-safe: call it from the task thread only.
 */
final class BackgroundCommits implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundCommits.class);

    /**
     * Footer reads in flight. Each is ~3 small requests whose time is the store's latency, so a few
     * threads divide the first commit of a day that the job did not write itself (after an upgrade,
     * a backfill) without loading the store.
     */
    static final int FOOTER_READERS = 8;

    private static final long POLL_MILLIS = 10;

    /** What becomes of a commit, on the task thread. */
    interface CommitCallback {
        void committed(PartitionManifest manifest, long durationMillis);

        void failed(Exception cause);
    }

    private final String table;
    private final PartitionCommitter committer;
    private final MailboxExecutor mailbox;
    private final ExecutorService commits;
    private final ExecutorService footers;
    private int inFlight;

    BackgroundCommits(String table, PartitionCommitter committer, MailboxExecutor mailbox) {
        this.table = table;
        this.committer = committer;
        this.mailbox = mailbox;
        this.commits = Executors.newSingleThreadExecutor(threads("partition-commit-" + table));
        this.footers =
                Executors.newFixedThreadPool(FOOTER_READERS, threads("footer-reader-" + table));
    }

    /** Commits {@code partition} in the background; {@code known} must not change afterwards. */
    void commit(String partition, Map<String, ManifestEntry> known, CommitCallback callback) {
        inFlight++;
        commits.execute(
                () -> {
                    long started = System.nanoTime();
                    try {
                        PartitionManifest manifest = committer.commit(partition, known, footers);
                        long millis = (System.nanoTime() - started) / 1_000_000;
                        reply(
                                () -> {
                                    inFlight--;
                                    callback.committed(manifest, millis);
                                },
                                partition);
                    } catch (Throwable t) {
                        // Any outcome must come back, or the partition would never be retried.
                        Exception e = t instanceof Exception ? (Exception) t : new Exception(t);
                        reply(
                                () -> {
                                    inFlight--;
                                    callback.failed(e);
                                },
                                partition);
                    }
                });
    }

    /**
     * Reads the footer of one committed file in the background; {@code callback} gets its stats on
     * the task thread, null when the file is gone.
     */
    void readStats(String path, Consumer<ManifestEntry> callback) {
        inFlight++;
        footers.execute(
                () -> {
                    Path file = new Path(path);
                    ManifestEntry entry = null;
                    try {
                        entry = PartitionCommitter.readEntry(file.getFileSystem(), file);
                    } catch (Exception e) {
                        // Only a cache: the commit reads the footer itself.
                        LOG.debug("Footer of {} not read ahead: {}", path, e.toString());
                    }
                    ManifestEntry read = entry;
                    reply(
                            () -> {
                                inFlight--;
                                callback.accept(read);
                            },
                            path);
                });
    }

    /**
     * Runs mailbox actions until no commit or footer read is in flight, or {@code bound} has
     * passed; true when none is.
     */
    boolean awaitIdle(Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (inFlight > 0) {
            if (mailbox.tryYield()) {
                continue;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            // The outcome arrives as a mail.
            Thread.sleep(POLL_MILLIS);
        }
        return true;
    }

    /**
     * Lets a running commit finish within {@code bound}, then stops. Outcomes that arrive after
     * this are dropped: the partitions are still in the operator's state and committed again after
     * a restore.
     */
    @Override
    public void close() {
        Duration bound = Duration.ofSeconds(30);
        commits.shutdown();
        try {
            if (!commits.awaitTermination(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn(
                        "A partition commit of {} did not finish within {}; it is redone after a"
                                + " restore",
                        table,
                        bound);
                commits.shutdownNow();
            }
        } catch (InterruptedException e) {
            commits.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            // A running commit reads footers on this pool: stop it only after the commit.
            footers.shutdownNow();
            committer.close();
        }
    }

    private void reply(ThrowingRunnable<? extends Exception> action, String about) {
        try {
            mailbox.execute(action, "partition commit outcome for %s", about);
        } catch (RejectedExecutionException closed) {
            // The task is closing: its state already holds what this would have changed.
            LOG.debug("Dropped the outcome for {} of {}: the task is closing", about, table);
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
