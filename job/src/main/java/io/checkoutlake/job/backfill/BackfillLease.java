package io.checkoutlake.job.backfill;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.checkoutlake.job.coverage.BackfillMarkers;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer per backfill folder: a run's claim on the folders it writes, as {@code
 * <lake.path>/_backfill/_leases/<id>.json} (owner, folders, expiry).
 *
 * <p>Exclusive without a conditional put, which neither S3A nor every S3-compatible store offers: a
 * run first writes its own claim under a name no other run uses (an atomic PUT, or a rename
 * locally), then lists and reads every claim, and starts only if no other live claim shares a
 * folder; otherwise it deletes its claim and refuses. Of two runs racing, the one that lists later
 * sees the other's claim, so at most one starts (both refuse when their steps interleave). This
 * holds on any store whose listings show every completed write (S3 since December 2020, local file
 * systems, HDFS).
 *
 * <p>A live run renews its claim every {@link #RENEW_EVERY}; a claim not renewed for {@link
 * #EXPIRY} is stale, as is one whose owner process on this host is gone (a killed run's), so a dead
 * run blocks its folders at most {@link #EXPIRY}. Before each destructive step the run checks that
 * its claim is still its own and unexpired.
 */
public final class BackfillLease implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BackfillLease.class);

    public static final String FOLDER = "_leases";
    static final Duration EXPIRY = Duration.ofMinutes(2);
    static final Duration RENEW_EVERY = Duration.ofSeconds(20);

    private static final ObjectMapper JSON =
            new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** A claim as stored. A POJO for Jackson. */
    public static class Claim {
        public String id;
        public String host;
        public long pid;
        public String started;
        public long expiresAtMillis;
        public List<String> folders = new ArrayList<>();

        String owner() {
            return host + " pid " + pid + ", started " + started;
        }

        boolean stale(long nowMillis) {
            if (nowMillis > expiresAtMillis) {
                return true;
            }
            return host.equals(HOST) && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        }
    }

    private static final String HOST = hostName();

    private final Path folder;
    private final Path path;
    private final Claim claim;
    private final ScheduledExecutorService renewals;
    private volatile long validUntilMillis;
    private boolean released;

    private BackfillLease(Path folder, Claim claim) {
        this.folder = folder;
        this.path = new Path(folder, claim.id + ".json");
        this.claim = claim;
        this.renewals =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "backfill-lease-renewal");
                            t.setDaemon(true);
                            return t;
                        });
    }

    /**
     * Claims {@code folders} for this run.
     *
     * @throws BackfillRefusedException naming the folders and the lease of another live run
     */
    public static BackfillLease acquire(URI lakePath, Collection<String> folders)
            throws IOException {
        Path leases = new Path(new Path(new Path(lakePath), BackfillMarkers.FOLDER), FOLDER);
        Claim claim = new Claim();
        claim.id = Instant.now().toEpochMilli() + "-" + UUID.randomUUID();
        claim.host = HOST;
        claim.pid = ProcessHandle.current().pid();
        claim.started = Instant.now().toString();
        claim.folders = new ArrayList<>(new TreeSet<>(folders));
        BackfillLease lease = new BackfillLease(leases, claim);
        lease.write();
        try {
            lease.refuseIfHeld();
        } catch (RuntimeException | IOException e) {
            lease.close();
            throw e;
        }
        lease.renewals.scheduleWithFixedDelay(
                lease::renew,
                RENEW_EVERY.toMillis(),
                RENEW_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        LOG.info("holding the backfill lease {} on {} folders", lease.path, folders.size());
        return lease;
    }

    /**
     * Fails unless this run still holds its lease: unexpired, and its claim is where it wrote it
     * (another run deletes it only once it expired).
     */
    public void check() throws IOException {
        if (System.currentTimeMillis() > validUntilMillis) {
            throw new IOException(
                    "the backfill lease " + path + " expired: it could not be renewed in time");
        }
        Claim stored = read(path);
        if (stored == null || !claim.id.equals(stored.id)) {
            throw new IOException("the backfill lease " + path + " is gone: another run took it");
        }
    }

    /** Stops renewing and deletes the claim (after a renewal in progress, never before it). */
    @Override
    public synchronized void close() {
        released = true;
        renewals.shutdown();
        try {
            path.getFileSystem().delete(path, false);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot delete the backfill lease {}: {}; it expires in {}", path, e, EXPIRY);
        }
    }

    private void refuseIfHeld() throws IOException {
        FileSystem fs = folder.getFileSystem();
        long now = System.currentTimeMillis();
        Set<String> ours = new TreeSet<>(claim.folders);
        List<String> conflicts = new ArrayList<>();
        List<Path> stale = new ArrayList<>();
        for (FileStatus s : fs.listStatus(folder)) {
            Path p = s.getPath();
            String name = p.getName();
            if (s.isDir()
                    || !name.endsWith(".json")
                    || name.equals(path.getName())
                    || name.startsWith(".")) {
                continue;
            }
            Claim other;
            try {
                other = read(p);
            } catch (IOException e) {
                throw new BackfillRefusedException(
                        "backfill: cannot read the lease "
                                + p
                                + " ("
                                + e.getMessage()
                                + "); delete it if no other backfill of "
                                + folder.getParent().getParent()
                                + " runs");
            }
            if (other == null) {
                continue; // its run ended
            }
            Set<String> shared = new TreeSet<>(other.folders);
            shared.retainAll(ours);
            if (shared.isEmpty()) {
                continue;
            }
            if (other.stale(now)) {
                stale.add(p);
                continue;
            }
            conflicts.add(describe(shared) + " (lease " + p + ", " + other.owner() + ")");
        }
        if (!conflicts.isEmpty()) {
            throw new BackfillRefusedException(
                    "backfill: another backfill is writing "
                            + String.join("; ", conflicts)
                            + ": refused. Wait for it to end; a dead run's lease expires "
                            + EXPIRY.toMinutes()
                            + " min after its last renewal");
        }
        for (Path p : stale) {
            LOG.warn("taking over the folders of the stale backfill lease {}", p);
            fs.delete(p, false);
        }
    }

    private static String describe(Set<String> folders) {
        List<String> names = new ArrayList<>(folders);
        String shown = String.join(", ", names.subList(0, Math.min(5, names.size())));
        return names.size() <= 5
                ? "folder(s) " + shown
                : names.size() + " folders (" + shown + ", ...)";
    }

    private synchronized void renew() {
        if (released) {
            return;
        }
        try {
            write();
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot renew the backfill lease {}: {}", path, e.toString());
        }
    }

    /** Writes the claim whole: an upload on object stores, a hidden file renamed locally. */
    private synchronized void write() throws IOException {
        long now = System.currentTimeMillis();
        claim.expiresAtMillis = now + EXPIRY.toMillis();
        byte[] bytes = JSON.writeValueAsBytes(claim);
        FileSystem fs = path.getFileSystem();
        String scheme = path.toUri().getScheme();
        boolean inPlace = scheme != null && scheme.toLowerCase(Locale.ROOT).startsWith("s3");
        Path written = inPlace ? path : new Path(folder, "." + claim.id + ".json.tmp");
        try (OutputStream out = fs.create(written, FileSystem.WriteMode.OVERWRITE)) {
            out.write(bytes);
        }
        if (!inPlace && !fs.rename(written, path)) {
            throw new IOException("cannot rename " + written + " to " + path);
        }
        // Renewals leave a margin for the clock and pauses before the claim counts as stale.
        validUntilMillis = now + EXPIRY.toMillis() - RENEW_EVERY.toMillis();
    }

    /** The claim at {@code p}; null when it is gone. */
    private static Claim read(Path p) throws IOException {
        try (InputStream in = p.getFileSystem().open(p)) {
            return JSON.readValue(in, Claim.class);
        } catch (FileNotFoundException e) {
            return null;
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            String env = System.getenv("HOSTNAME");
            return env != null ? env : "unknown-host";
        }
    }
}
