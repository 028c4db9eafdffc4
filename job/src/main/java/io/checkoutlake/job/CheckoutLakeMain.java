package io.checkoutlake.job;

import io.checkoutlake.job.backfill.BackfillRefusedException;
import io.checkoutlake.job.config.LakeJobConfig;
import io.checkoutlake.job.config.LakeOptions;
import io.checkoutlake.job.config.Mode;
import java.util.Set;

/**
 * Entry point. {@code java -jar checkout-lake.jar [--key value ...]} runs the job (in an embedded
 * MiniCluster, or on the cluster under {@code flink run}). {@code --mode backfill} runs the chosen
 * raw folders as a series of batch jobs ({@link BackfillRunner}). Under {@code java -jar} the
 * process ends when the job does, non-zero with one line naming the cause when it fails ({@link
 * LocalExit}). The developer commands ({@code generate}, {@code demo}, {@code glue-template}) live
 * in the tools module (tests/tools), out of the jars that go to a cluster.
 */
public final class CheckoutLakeMain {
    /** Sub-commands this jar once had; named so that an old command line gets a pointer. */
    private static final Set<String> TOOLS_COMMANDS = Set.of("generate", "demo", "glue-template");

    private CheckoutLakeMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && TOOLS_COMMANDS.contains(args[0])) {
            System.err.println(
                    "checkout-lake: '"
                            + args[0]
                            + "' is not in the job jar; run it with the tools jar: java -cp"
                            + " job/target/checkout-lake.jar:tests/tools/target/checkout-lake-tools.jar"
                            + " io.checkoutlake.tools.Tools "
                            + args[0]
                            + " ...");
            System.exit(2);
        }
        if (!LakeEnvironments.runsLocally()) {
            // In the cluster's JobManager (flink run, Managed Flink): Flink reports failures and
            // ends the application; System.exit would end the JobManager's process.
            run(args);
            return;
        }
        LocalExit.runAndExit(() -> run(args));
    }

    private static void run(String[] args) throws Exception {
        if (LakeJobConfig.isHelpRequested(args)) {
            System.out.println(LakeOptions.usage());
            return;
        }
        LakeJobConfig config = LakeJobConfig.fromArgs(args);
        if (config.mode() == Mode.BACKFILL) {
            // The backfill lists source.path and reads its markers in this JVM before its first
            // job, so this JVM's file systems need the job's settings (s3.endpoint, path style).
            LakeEnvironments.initializeFileSystems(LakeEnvironments.flinkConfiguration(config));
            try {
                BackfillRunner.fromConfig(config).run();
            } catch (BackfillRefusedException e) {
                System.err.println(e.getMessage());
                System.exit(2);
            }
            return;
        }
        CheckoutLakeJob.fromConfig(config).execute(LakeEnvironments.create(config));
    }
}
