package io.checkoutlake.tests.savepoint;

import io.checkoutlake.job.fetch.ObjectFetcher;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Adds a latency to every fetch (so that a run is mid-stream long enough to be snapshotted) and
 * counts fetches in this JVM. Static because Flink serializes the fetcher into its tasks.
 */
final class SlowFetcher implements ObjectFetcher {
    private static final long serialVersionUID = 1L;

    static final AtomicInteger FETCHED = new AtomicInteger();

    private final ObjectFetcher delegate;
    private final long latencyMillis;

    SlowFetcher(ObjectFetcher delegate, long latencyMillis) {
        this.delegate = delegate;
        this.latencyMillis = latencyMillis;
    }

    @Override
    public byte[] fetch(String uri, long size, int limit) throws IOException {
        try {
            Thread.sleep(latencyMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        byte[] bytes = delegate.fetch(uri, size, limit);
        FETCHED.incrementAndGet();
        return bytes;
    }
}
