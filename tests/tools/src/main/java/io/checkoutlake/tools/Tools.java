package io.checkoutlake.tools;

import io.checkoutlake.job.LocalExit;
import io.checkoutlake.tools.demo.LocalDemo;
import io.checkoutlake.tools.deploy.GlueTemplateCommand;
import io.checkoutlake.tools.generator.GenerateCommand;
import java.util.Arrays;

/**
 * The developer commands that are no part of the job, so that the jars sent to a cluster carry none
 * of them: {@code generate} writes raw documents, {@code demo} runs generator, job and a live
 * summary locally, {@code glue-template} prints the Glue catalog template. Runs with the job jar on
 * the class path ({@link #COMMAND}).
 */
public final class Tools {
    /** How to run these commands from the repository's root, once both jars are built. */
    public static final String COMMAND =
            "java -cp job/target/checkout-lake.jar:tests/tools/target/checkout-lake-tools.jar"
                    + " io.checkoutlake.tools.Tools";

    static final int USAGE = 2;

    private Tools() {}

    public static void main(String[] args) {
        String command = args.length > 0 ? args[0] : "";
        String[] rest = args.length > 0 ? Arrays.copyOfRange(args, 1, args.length) : args;
        switch (command) {
            case "generate":
                System.exit(GenerateCommand.run(rest));
                break;
            case "glue-template":
                System.exit(GlueTemplateCommand.run(rest));
                break;
            case "demo":
                // Ends the process the way a local run of the job jar does: the MiniCluster
                // leaves threads behind that would keep it alive.
                LocalExit.runAndExit(() -> LocalDemo.run(rest));
                break;
            default:
                System.err.println("Usage: " + COMMAND + " generate|demo|glue-template [options]");
                System.exit(USAGE);
        }
    }
}
