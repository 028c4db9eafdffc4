package io.checkoutlake.job;

import io.checkoutlake.job.backfill.BackfillRefusedException;
import io.checkoutlake.job.config.LakeJobConfig;
import io.checkoutlake.job.config.Mode;
import io.checkoutlake.job.deploy.GlueTemplateCommand;
import io.checkoutlake.job.generator.GenerateCommand;
import io.checkoutlake.job.local.LocalDemo;
import java.util.Arrays;

/**
 * Entry point. {@code java -jar checkout-lake.jar [--key value ...]} runs the job (in an embedded
 * MiniCluster, or on the cluster under {@code flink run}); {@code generate} writes raw documents;
 * {@code demo} runs generator, job and a live summary locally; {@code glue-template} prints the
 * Glue catalog template. {@code --mode backfill} runs the chosen raw folders as a series of batch
 * jobs ({@link BackfillRunner}). Under {@code java -jar} the process ends when the job does,
 * non-zero with one line naming the cause when it fails ({@link LocalExit}).
 */
public final class CheckoutLakeMain {
    private CheckoutLakeMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("generate")) {
            System.exit(GenerateCommand.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && args[0].equals("glue-template")) {
            System.exit(GlueTemplateCommand.run(Arrays.copyOfRange(args, 1, args.length)));
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
        if (args.length > 0 && args[0].equals("demo")) {
            LocalDemo.run(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (LakeJobConfig.isHelpRequested(args)) {
            System.out.println(LakeJobConfig.usage());
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
