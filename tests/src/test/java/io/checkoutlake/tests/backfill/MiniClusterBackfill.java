package io.checkoutlake.tests.backfill;

import io.checkoutlake.job.BackfillRunner;
import io.checkoutlake.job.BackfillSummary;
import io.checkoutlake.job.config.LakeJobConfig;
import io.checkoutlake.job.fetch.ObjectFetcher;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A backfill whose jobs run on the test's MiniCluster (the environment the test class's
 * MiniClusterExtension provides), with parallelism 2, so folders are read by two subtasks.
 */
public final class MiniClusterBackfill {
    private MiniClusterBackfill() {}

    public static BackfillSummary run(LakeJobConfig config, ObjectFetcher fetcher)
            throws Exception {
        return new BackfillRunner(
                        config,
                        fetcher,
                        c -> {
                            StreamExecutionEnvironment env =
                                    StreamExecutionEnvironment.getExecutionEnvironment();
                            env.setParallelism(2);
                            return env;
                        })
                .run();
    }
}
