package io.checkoutlake.tests;

import io.checkoutlake.job.fetch.ObjectFetcher;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wraps a fetcher: adds a per-object latency (so a run spans many checkpoints, as S3 GETs do) and
 * fails the job once, at the n-th fetch of the whole JVM, with an error the fetch stage does not
 * retry. State is static because Flink serializes the fetcher into its tasks.
 */
public final class FailingFetcher implements ObjectFetcher {
    private static final long serialVersionUID = 1L;

    static final AtomicInteger FETCHES = new AtomicInteger();
    static final AtomicBoolean FAILED = new AtomicBoolean();

    private final ObjectFetcher delegate;
    private final long latencyMillis;
    private final int failAtFetch;

    public FailingFetcher(ObjectFetcher delegate, long latencyMillis, int failAtFetch) {
        this.delegate = delegate;
        this.latencyMillis = latencyMillis;
        this.failAtFetch = failAtFetch;
    }

    public static void reset() {
        FETCHES.set(0);
        FAILED.set(false);
    }

    public static boolean failed() {
        return FAILED.get();
    }

    @Override
    public byte[] fetch(String uri, long size, int limit) throws IOException {
        if (latencyMillis > 0) {
            try {
                Thread.sleep(latencyMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        if (failAtFetch > 0
                && FETCHES.incrementAndGet() >= failAtFetch
                && FAILED.compareAndSet(false, true)) {
            throw new IllegalStateException("injected failure at fetch " + failAtFetch);
        }
        return delegate.fetch(uri, size, limit);
    }
}
