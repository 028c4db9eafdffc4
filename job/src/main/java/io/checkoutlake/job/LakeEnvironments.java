package io.checkoutlake.job;

import io.checkoutlake.job.checkpoint.RestorePoints;
import io.checkoutlake.job.config.LakeJobConfig;
import io.checkoutlake.job.config.Mode;
import java.io.IOException;
import java.util.Optional;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.RestoreMode;
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

    private LakeEnvironments() {}

    public static StreamExecutionEnvironment create(LakeJobConfig config) throws IOException {
        return StreamExecutionEnvironment.getExecutionEnvironment(flinkConfiguration(config));
    }

    public static Configuration flinkConfiguration(LakeJobConfig config) throws IOException {
        Configuration conf = new Configuration();
        conf.set(RestOptions.PORT, config.restPort());
        config.parallelism().ifPresent(p -> conf.set(CoreOptions.DEFAULT_PARALLELISM, p));
        if (config.mode() == Mode.STREAM) {
            conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, config.checkpointInterval());
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
        Optional<String> restore = restorePath(config);
        restore.ifPresent(
                path -> {
                    conf.set(StateRecoveryOptions.SAVEPOINT_PATH, path);
                    conf.set(StateRecoveryOptions.RESTORE_MODE, RestoreMode.NO_CLAIM);
                });
        return conf;
    }

    /** {@code latest} resolves to the newest retained checkpoint, or to a fresh start. */
    static Optional<String> restorePath(LakeJobConfig config) throws IOException {
        Optional<String> requested = config.restoreFrom();
        if (requested.isEmpty()) {
            return Optional.empty();
        }
        if (!requested.get().equals("latest")) {
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
}
