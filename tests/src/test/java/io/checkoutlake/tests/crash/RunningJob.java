package io.checkoutlake.tests.crash;

import io.checkoutlake.job.CheckoutLakeJob;
import io.checkoutlake.tests.LakeOutcomes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The job submitted to a MiniCluster without waiting for it, as production stream mode runs it: an
 * unbounded source, stopped from outside (cancel, or stop with a savepoint without draining, which
 * commits what the savepoint covers). The JobClient comes from {@code executeAsync}, so the job's
 * wiring ({@link CheckoutLakeJob#build}) needs no hook.
 */
final class RunningJob implements AutoCloseable {
    private final MiniCluster miniCluster;
    private final JobClient client;

    private RunningJob(MiniCluster miniCluster, JobClient client) {
        this.miniCluster = miniCluster;
        this.client = client;
    }

    static RunningJob start(
            MiniCluster miniCluster, CheckoutLakeJob job, Configuration flink, int parallelism)
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        env.setParallelism(parallelism);
        job.build(env);
        return new RunningJob(miniCluster, env.executeAsync(CheckoutLakeJob.JOB_NAME));
    }

    JobID id() {
        return client.getJobID();
    }

    JobStatus status() throws Exception {
        return client.getJobStatus().get(30, TimeUnit.SECONDS);
    }

    /** Checkpoints completed so far in this job (restarts do not reset the count). */
    long completedCheckpoints() throws Exception {
        CheckpointStatsSnapshot stats =
                miniCluster
                        .getExecutionGraph(id())
                        .get(30, TimeUnit.SECONDS)
                        .getCheckpointStatsSnapshot();
        return stats == null ? 0 : stats.getCounts().getNumberOfCompletedCheckpoints();
    }

    /**
     * Waits until the job has failed over at least once (the JobMaster learns of a lost TaskManager
     * asynchronously).
     */
    void awaitFailover(Duration timeout) throws Exception {
        awaitOrFail(
                () -> {
                    try {
                        return miniCluster
                                        .getExecutionGraph(id())
                                        .get(30, TimeUnit.SECONDS)
                                        .getStatusTimestamp(JobStatus.RESTARTING)
                                > 0;
                    } catch (Exception e) {
                        return false;
                    }
                },
                timeout,
                "the job to fail over");
    }

    /** Waits for {@code more} checkpoints to complete after now. */
    void awaitCheckpoints(int more, Duration timeout) throws Exception {
        long target = completedCheckpoints() + more;
        awaitOrFail(
                () -> {
                    try {
                        return completedCheckpoints() >= target;
                    } catch (Exception e) {
                        return false;
                    }
                },
                timeout,
                more + " more completed checkpoints");
    }

    /** Waits until every one of {@code sources} has a committed row or dead letter. */
    void awaitOutputs(Path lake, Path deadLetters, Collection<String> sources, Duration timeout)
            throws Exception {
        awaitOrFail(
                () -> {
                    try {
                        assertAlive();
                        return LakeOutcomes.read(lake, deadLetters).covers(sources);
                    } catch (AssertionError e) {
                        throw e;
                    } catch (Exception e) {
                        // a file committed while we read it: look again
                        return false;
                    }
                },
                timeout,
                "outputs of all " + sources.size() + " objects");
    }

    /**
     * Stops with a savepoint under {@code dir}, without draining: no end of input, the savepoint
     * commits what was written before it. Returns the savepoint's path.
     */
    String stopWithSavepoint(Path dir) throws Exception {
        String path =
                client.stopWithSavepoint(
                                false, dir.toUri().toString(), SavepointFormatType.CANONICAL)
                        .get(60, TimeUnit.SECONDS);
        awaitTerminal();
        return path;
    }

    void cancel() throws Exception {
        client.cancel().get(30, TimeUnit.SECONDS);
        awaitTerminal();
    }

    private void awaitTerminal() throws Exception {
        awaitOrFail(
                () -> {
                    try {
                        return status().isGloballyTerminalState();
                    } catch (Exception e) {
                        return false;
                    }
                },
                Duration.ofSeconds(60),
                "a terminal job status");
    }

    /** Whether the job is (still) running; fails the test if it ended on its own. */
    void assertAlive() throws Exception {
        JobStatus s = status();
        if (s.isGloballyTerminalState()) {
            throw new AssertionError(
                    "the job ended by itself: "
                            + s
                            + ", "
                            + client.getJobExecutionResult()
                                    .handle((r, t) -> t == null ? "no error" : t.toString())
                                    .get());
        }
    }

    @Override
    public void close() throws Exception {
        if (!status().isGloballyTerminalState()) {
            cancel();
        }
    }

    static void awaitOrFail(BooleanSupplier condition, Duration timeout, String what)
            throws InterruptedException {
        if (!CrashRuns.await(condition, timeout)) {
            throw new AssertionError("timed out after " + timeout + " waiting for " + what);
        }
    }
}
