package io.checkoutlake.tests.crash;

import io.checkoutlake.job.fetch.ObjectFetcher;
import java.io.IOException;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where crash tests make the job fail, each point at most once per run, at the n-th call of its
 * site counted over the whole JVM (restarts included). State is static because Flink serializes
 * sinks and fetchers into its tasks, as in {@code FailingFetcher}.
 */
public final class CrashPoints {
    /** Where calls are counted. */
    public enum Site {
        FETCH,
        WRITE,
        PREPARE_COMMIT,
        COMMIT
    }

    /** A way to fail, at its site. */
    public enum Point {
        /** A sink writer's write: records in flight, nothing of them checkpointed. */
        WRITE(Site.WRITE),
        /**
         * A sink writer's prepareCommit, while a checkpoint barrier passes (during a checkpoint).
         */
        PREPARE_COMMIT(Site.PREPARE_COMMIT),
        /** A committer before it commits: the checkpoint is complete, its files not committed. */
        COMMIT_BEFORE(Site.COMMIT),
        /** A committer after committing the first half of its files. */
        COMMIT_MIDWAY(Site.COMMIT),
        /** A committer after committing everything: the commit happened, Flink does not know. */
        COMMIT_AFTER(Site.COMMIT);

        final Site site;

        Point(Site site) {
            this.site = site;
        }
    }

    private static final Map<Site, AtomicInteger> CALLS = new EnumMap<>(Site.class);
    private static final Map<Point, Integer> ARMED = new ConcurrentHashMap<>();
    private static final Set<Point> FIRED = ConcurrentHashMap.newKeySet();

    static {
        for (Site s : Site.values()) {
            CALLS.put(s, new AtomicInteger());
        }
    }

    private CrashPoints() {}

    public static void reset() {
        CALLS.values().forEach(c -> c.set(0));
        ARMED.clear();
        FIRED.clear();
    }

    /** Fails at the {@code nthCall}-th call of the point's site (or the first later one). */
    public static void arm(Point point, int nthCall) {
        ARMED.put(point, nthCall);
    }

    public static Set<Point> armed() {
        return ARMED.isEmpty() ? EnumSet.noneOf(Point.class) : EnumSet.copyOf(ARMED.keySet());
    }

    public static Set<Point> fired() {
        return FIRED.isEmpty() ? EnumSet.noneOf(Point.class) : EnumSet.copyOf(FIRED);
    }

    public static int calls(Site site) {
        return CALLS.get(site).get();
    }

    /** Counts one call of {@code site}; returns its number. */
    static int count(Site site) {
        return CALLS.get(site).incrementAndGet();
    }

    /** Whether {@code point} fails at call number {@code call} of its site (true at most once). */
    static boolean fires(Point point, int call) {
        Integer at = ARMED.get(point);
        return at != null && call >= at && FIRED.add(point);
    }

    static IOException failure(Point point, int call) {
        return new IOException("injected failure " + point + " at call " + call);
    }

    /** A fetcher that counts its calls as {@link Site#FETCH}, so tests can act mid-run. */
    public static final class CountingFetcher implements ObjectFetcher {
        private static final long serialVersionUID = 1L;

        private final ObjectFetcher delegate;

        public CountingFetcher(ObjectFetcher delegate) {
            this.delegate = delegate;
        }

        @Override
        public byte[] fetch(String uri, long size, int limit) throws IOException {
            count(Site.FETCH);
            return delegate.fetch(uri, size, limit);
        }
    }
}
