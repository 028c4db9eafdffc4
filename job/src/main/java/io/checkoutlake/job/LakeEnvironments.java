package io.checkoutlake.job;

import io.checkoutlake.job.checkpoint.RestorePoints;
import io.checkoutlake.job.config.LakeJobConfig;
import io.checkoutlake.job.config.LakeOptions;
import io.checkoutlake.job.config.Mode;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Optional;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.JobListener;
import org.apache.flink.core.execution.RestoreMode;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.plugin.PluginUtils;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The execution environment for a config: an embedded MiniCluster (with the web UI on {@code
 * rest.port}) under {@code java -jar}, or the cluster's own under {@code flink run}, on EMR and on
 * Managed Flink, where the service's checkpoint settings take precedence.
 */
public final class LakeEnvironments {
    private static final Logger LOG = LoggerFactory.getLogger(LakeEnvironments.class);

    /** Retained checkpoints: a restore after a bad one can still pick an older one. */
    static final int RETAINED_CHECKPOINTS = 3;

    static final String S3_PATH_STYLE_ACCESS = "s3.path.style.access";
    static final String S3_CREDENTIALS_PROVIDER = "fs.s3a.aws.credentials.provider";

    /**
     * The SDK's default chain: environment variables, Java system properties, web identity, the
     * ~/.aws profile, then the ECS task role or EC2 instance role. S3A's own default list would
     * also read keys from the configuration and would miss profiles and task roles.
     */
    static final String DEFAULT_CREDENTIALS_CHAIN =
            "com.amazonaws.auth.DefaultAWSCredentialsProviderChain";

    /**
     * {@code keep}: S3A does not bulk-delete the parent "folder" markers after every object it
     * writes. The job never creates such markers (the FileSink uploads straight to the final key),
     * so the delete is one wasted request per committed file, counted against the prefix's request
     * rate (and taking seconds on S3Proxy, which the tests use).
     */
    static final String S3_DIRECTORY_MARKER_RETENTION = "fs.s3a.directory.marker.retention";

    private LakeEnvironments() {}

    public static StreamExecutionEnvironment create(LakeJobConfig config) throws IOException {
        Configuration conf = flinkConfiguration(config);
        if (config.mode() == Mode.BACKFILL) {
            conf.set(RestOptions.PORT, backfillRestPort(config.get(LakeOptions.REST_PORT)));
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        if (env instanceof LocalStreamEnvironment) {
            // The embedded MiniCluster uses this JVM's file systems and does not configure them
            // itself (a cluster's processes do, from the cluster's configuration): without this,
            // s3a:// would ignore s3.endpoint, also in the FileSource enumerator.
            initializeFileSystems(conf);
        }
        if (config.mode() == Mode.STREAM) {
            config.getOptional(LakeOptions.RESTORE_FROM)
                    .filter(r -> !r.equals(LakeJobConfig.RESTORE_LATEST))
                    .ifPresent(r -> env.registerJobListener(restoreLineage(config, r)));
        }
        return env;
    }

    /**
     * Nothing drives a backfill through its web UI (it ends by itself), so a port in use, e.g. by a
     * stream job on the same machine, is no reason to fail: any free port serves.
     */
    static int backfillRestPort(int port) throws IOException {
        if (port == 0 || isFree(port)) {
            return port;
        }
        try (ServerSocket any = new ServerSocket(0)) {
            int free = any.getLocalPort();
            LOG.warn("rest.port {} is in use: this backfill's web UI is on port {}", port, free);
            return free;
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket probe = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** True under {@code java -jar} (an embedded MiniCluster), false under a cluster's client. */
    public static boolean runsLocally() {
        return StreamExecutionEnvironment.getExecutionEnvironment()
                instanceof LocalStreamEnvironment;
    }

    /**
     * Configures this JVM's Flink file systems from {@code conf}, e.g. from {@link
     * #flinkConfiguration}: file systems on the classpath (flink-s3-fs-hadoop) and in the plugins
     * folder. Process-wide; cached file system instances are dropped.
     */
    public static void initializeFileSystems(Configuration conf) {
        FileSystem.initialize(conf, PluginUtils.createPluginManagerFromRootFolder(conf));
    }

    /**
     * The job's options as Flink configuration: Flink's own keys ({@code rest.port}, {@code
     * s3.endpoint}) reach Flink as they are; the documented keys that name a Flink option by
     * another key are set under Flink's.
     */
    public static Configuration flinkConfiguration(LakeJobConfig config) throws IOException {
        Configuration conf = config.configuration();
        config.getOptional(LakeOptions.PARALLELISM)
                .ifPresent(p -> conf.set(CoreOptions.DEFAULT_PARALLELISM, p));
        if (config.mode() == Mode.STREAM) {
            conf.set(
                    CheckpointingOptions.CHECKPOINTING_INTERVAL,
                    config.get(LakeOptions.CHECKPOINT_INTERVAL));
            conf.set(
                    CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE,
                    CheckpointingMode.EXACTLY_ONCE);
            conf.set(
                    CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                    ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
            conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, config.checkpointDir().toString());
            conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, RETAINED_CHECKPOINTS);
        }
        conf.setString(
                S3_PATH_STYLE_ACCESS,
                Boolean.toString(config.get(LakeOptions.S3_PATH_STYLE_ACCESS)));
        conf.setString(S3_CREDENTIALS_PROVIDER, DEFAULT_CREDENTIALS_CHAIN);
        conf.setString(S3_DIRECTORY_MARKER_RETENTION, "keep");
        Optional<String> restore = restorePath(config);
        restore.ifPresent(
                path -> {
                    conf.set(StateRecoveryOptions.SAVEPOINT_PATH, path);
                    conf.set(StateRecoveryOptions.RESTORE_MODE, RestoreMode.NO_CLAIM);
                });
        return conf;
    }

    /**
     * {@code latest} resolves to the newest retained checkpoint, or to a fresh start. A savepoint
     * resolves to the newest checkpoint of a job started from it, when one completed: the same
     * command run again (a YARN re-attempt, a killed process started again) continues that job
     * instead of replaying everything since the savepoint ({@link RestorePoints#newestSince}).
     */
    static Optional<String> restorePath(LakeJobConfig config) throws IOException {
        Optional<String> requested = config.getOptional(LakeOptions.RESTORE_FROM);
        if (requested.isEmpty()) {
            return Optional.empty();
        }
        if (!requested.get().equals(LakeJobConfig.RESTORE_LATEST)) {
            Optional<String> since =
                    RestorePoints.newestSince(config.checkpointDir(), requested.get());
            if (since.isPresent()) {
                LOG.info(
                        "restoring from {}, the newest checkpoint of a job started from {}",
                        since.get(),
                        requested.get());
                return since;
            }
            LOG.info("restoring from {}", requested.get());
            return requested;
        }
        Optional<String> latest = RestorePoints.latest(config.checkpointDir());
        if (latest.isPresent()) {
            LOG.info("restoring from the latest retained checkpoint {}", latest.get());
        } else {
            LOG.info("no retained checkpoint under {}: starting fresh", config.checkpointDir());
        }
        return latest;
    }

    /** Records which savepoint a started job came from, for {@link #restorePath}. */
    private static JobListener restoreLineage(LakeJobConfig config, String savepoint) {
        return new JobListener() {
            @Override
            public void onJobSubmitted(JobClient client, Throwable failure) {
                if (client == null) {
                    return;
                }
                try {
                    RestorePoints.recordRestore(
                            config.checkpointDir(), client.getJobID(), savepoint);
                } catch (IOException e) {
                    LOG.error(
                            "cannot record under {} that job {} started from {}: started again"
                                    + " with the same --restore-from, it would restore that"
                                    + " savepoint, not its own newer checkpoints",
                            config.checkpointDir(),
                            client.getJobID(),
                            savepoint,
                            e);
                }
            }

            @Override
            public void onJobExecuted(JobExecutionResult result, Throwable failure) {}
        };
    }
}
