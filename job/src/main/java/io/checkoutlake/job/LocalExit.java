package io.checkoutlake.job;

import io.checkoutlake.job.config.ConfigException;
import java.net.BindException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.runtime.client.JobExecutionException;
import org.apache.flink.util.ExceptionUtils;
import org.apache.flink.util.function.RunnableWithException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a {@code java -jar} run ends. The embedded MiniCluster leaves non-daemon threads behind when
 * it fails to start, and after a stop-with-savepoint through the REST API its shutdown waits up to
 * 5 minutes for a client to fetch the savepoint's result, holding the REST port. So: a failure
 * prints one line naming its cause and exits 1 at once; a job that ended gets {@link
 * #SHUTDOWN_GRACE} to shut its cluster down, then the process exits 0 anyway.
 */
public final class LocalExit {
    private static final Logger LOG = LoggerFactory.getLogger(LocalExit.class);

    /** Enough for a MiniCluster to clean up a finished job (its checkpoints) and close. */
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);

    /** Shutdown hooks (Flink's temp-folder cleanup) that hang do not keep the process. */
    private static final Duration HALT_AFTER = Duration.ofSeconds(20);

    private static final Pattern PORT_RANGE = Pattern.compile("port range (\\S+)");

    /** Prefix of the one line on stderr that says why the process failed. */
    static final String PREFIX = "checkout-lake: ";

    private LocalExit() {}

    /** Runs {@code run}, then ends the process: 0 when it returned, 1 when it threw. */
    public static void runAndExit(RunnableWithException run) {
        try {
            run.run();
        } catch (Throwable t) {
            if (!(t instanceof ConfigException)) {
                // A wrong setting needs no stack trace; anything else may.
                LOG.error("failed", t);
            }
            System.err.println(PREFIX + describe(t));
            exit(1);
            return;
        }
        // A daemon: when the cluster shuts down in time the JVM ends on its own.
        afterOnDaemon(
                SHUTDOWN_GRACE,
                "checkout-lake-exit",
                () -> {
                    LOG.warn(
                            "the local Flink cluster still runs {} after the job ended (e.g."
                                    + " waiting for a REST client to fetch a savepoint's result):"
                                    + " exiting",
                            SHUTDOWN_GRACE);
                    exit(0);
                });
    }

    /** One line: what failed and why, without the stack trace (the log above has it). */
    static String describe(Throwable t) {
        if (t instanceof ConfigException) {
            return "cannot start: " + t.getMessage();
        }
        BindException bind = ExceptionUtils.findThrowable(t, BindException.class).orElse(null);
        if (bind != null) {
            Matcher m = PORT_RANGE.matcher(String.valueOf(bind.getMessage()));
            String port = m.find() ? "port " + m.group(1) : "the web UI's port";
            return "cannot start: " + port + " is in use (rest.port)";
        }
        Throwable root =
                ExceptionUtils.findThrowable(t, c -> c.getCause() == null || c.getCause() == c)
                        .orElse(t);
        String cause = root.getClass().getSimpleName() + ": " + root.getMessage();
        return ExceptionUtils.findThrowable(t, JobExecutionException.class).isPresent()
                ? "the job failed: " + cause
                : "cannot start: " + cause;
    }

    private static void exit(int code) {
        afterOnDaemon(HALT_AFTER, "checkout-lake-halt", () -> Runtime.getRuntime().halt(code));
        System.exit(code);
    }

    private static void afterOnDaemon(Duration delay, String name, Runnable then) {
        Thread thread =
                new Thread(
                        () -> {
                            try {
                                Thread.sleep(delay.toMillis());
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            then.run();
                        },
                        name);
        thread.setDaemon(true);
        thread.start();
    }
}
