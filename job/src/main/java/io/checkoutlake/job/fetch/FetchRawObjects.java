package io.checkoutlake.job.fetch;

import io.checkoutlake.functions.model.DeadLetterReason;
import io.checkoutlake.functions.model.RawObject;
import io.checkoutlake.functions.model.RawObjectRef;
import io.checkoutlake.functions.path.RawObjectPath;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.Collection;
import java.util.Collections;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fetch stage: many objects in flight per subtask (an S3 GET takes ~20 ms, so one at a time
 * caps near 50 documents/s). Runs under Flink's async I/O operator, whose in-flight inputs are part
 * of every checkpoint, so a restore re-fetches exactly what was not yet emitted.
 *
 * <p>A missing object becomes an {@code object_not_found} dead letter. Other I/O errors are retried
 * with backoff. When retries run out, an error that is the object's own and permanent ({@link
 * FetchFailure}: access denied, archived) becomes an {@code access_denied} or {@code not_readable}
 * dead letter, since failing over would restore the same reference and fail again forever; any
 * other error fails the job over to replay from its last checkpoint, because a transient outage
 * must not turn good documents into dead letters.
 */
public final class FetchRawObjects extends RichAsyncFunction<RawObjectRef, RawObject> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(FetchRawObjects.class);

    private final ObjectFetcher fetcher;
    private final int concurrency;
    private final int retries;
    private final int limitBytes;

    private transient ExecutorService pool;

    /** Set by {@link #close()}: see {@link CompletionAfterClose}. */
    private transient volatile boolean closing;

    public FetchRawObjects(
            ObjectFetcher fetcher, int concurrency, int retries, long maxDocumentBytes) {
        this.fetcher = fetcher;
        this.concurrency = concurrency;
        this.retries = retries;
        // One byte beyond the limit tells the decoder the object is too large.
        this.limitBytes = (int) Math.min(Integer.MAX_VALUE - 8, maxDocumentBytes + 1);
    }

    @Override
    public void open(Configuration parameters) {
        AtomicInteger n = new AtomicInteger();
        int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        ThreadFactory threads =
                r -> {
                    Thread t = new Thread(r, "raw-fetch-" + subtask + "-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                };
        pool = Executors.newFixedThreadPool(concurrency, threads);
    }

    @Override
    public void asyncInvoke(RawObjectRef ref, ResultFuture<RawObject> result) {
        if (RawObjectPath.entityOf(ref.uri).isEmpty()) {
            // Not an order: the decoder dead-letters it by its key alone, without reading it.
            result.complete(Collections.singleton(RawObject.of(ref.uri, null)));
            return;
        }
        try {
            pool.execute(() -> fetchWithRetries(ref, new CompletionAfterClose(result)));
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(e);
        }
    }

    /**
     * Completes the operator's future unless its task is closing (stop-with-savepoint, cancel,
     * failover, end): then the reference is in the operator's checkpointed state and is fetched
     * again on restore, and the completion has nowhere to go. An exceptional completion in
     * particular would fail the task at once, since the async operator reports it to the task
     * directly rather than through the mailbox.
     */
    private final class CompletionAfterClose implements ResultFuture<RawObject> {
        private final ResultFuture<RawObject> delegate;

        CompletionAfterClose(ResultFuture<RawObject> delegate) {
            this.delegate = delegate;
        }

        @Override
        public void complete(Collection<RawObject> objects) {
            unlessClosed(
                    "fetch finished after its task closed", null, () -> delegate.complete(objects));
        }

        @Override
        public void completeExceptionally(Throwable error) {
            unlessClosed(
                    "fetch failed after its task closed",
                    error,
                    () -> delegate.completeExceptionally(error));
        }

        private void unlessClosed(String closed, Throwable error, Runnable completion) {
            if (closing) {
                LOG.debug(closed, error);
                return;
            }
            try {
                completion.run();
            } catch (RejectedExecutionException e) {
                LOG.debug(closed, e);
            }
        }
    }

    private void fetchWithRetries(RawObjectRef ref, ResultFuture<RawObject> result) {
        for (int attempt = 0; ; attempt++) {
            try {
                byte[] bytes = fetcher.fetch(ref.uri, ref.size, limitBytes);
                result.complete(Collections.singleton(RawObject.of(ref.uri, bytes)));
                return;
            } catch (FileNotFoundException e) {
                result.complete(
                        Collections.singleton(
                                RawObject.failed(
                                        ref.uri,
                                        DeadLetterReason.OBJECT_NOT_FOUND,
                                        "the object no longer exists")));
                return;
            } catch (IOException e) {
                if (attempt >= retries) {
                    FetchFailure failure = FetchFailure.of(e);
                    Optional<DeadLetterReason> permanent = failure.permanentReason();
                    if (permanent.isPresent()) {
                        String detail =
                                failure.describe() + " after " + (attempt + 1) + " attempts";
                        LOG.warn("fetch of {} failed for good: {}", ref.uri, detail);
                        result.complete(
                                Collections.singleton(
                                        RawObject.failed(ref.uri, permanent.get(), detail)));
                        return;
                    }
                    result.completeExceptionally(
                            new IOException(
                                    "fetch of "
                                            + ref.uri
                                            + " failed after "
                                            + (attempt + 1)
                                            + " attempts",
                                    e));
                    return;
                }
                LOG.warn(
                        "fetch of {} failed (attempt {} of {}): {}",
                        ref.uri,
                        attempt + 1,
                        retries + 1,
                        e.toString());
                if (!sleep(backoffMillis(attempt))) {
                    result.completeExceptionally(e);
                    return;
                }
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
                return;
            }
        }
    }

    private static long backoffMillis(int attempt) {
        return Math.min(10_000L, 100L << Math.min(attempt, 7));
    }

    private static boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        closing = true;
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
