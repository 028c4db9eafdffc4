package io.checkoutlake.tools.deploy;

import io.checkoutlake.tools.catalog.GlueTableTemplate;
import java.io.PrintStream;

/**
 * {@code Tools glue-template > deploy/catalog/glue-catalog.yaml}: prints the Glue Data Catalog
 * CloudFormation template generated from the Avro schemas. Only the template goes to stdout, so the
 * redirect is the whole regeneration step.
 */
public final class GlueTemplateCommand {
    static final int OK = 0;
    static final int USAGE = 2;

    private GlueTemplateCommand() {}

    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            out.println(usage());
            return OK;
        }
        if (args.length > 0) {
            err.println("glue-template takes no arguments\n" + usage());
            return USAGE;
        }
        out.print(GlueTableTemplate.render());
        out.flush();
        return OK;
    }

    private static String usage() {
        return "Usage: checkout-lake glue-template > "
                + GlueTableTemplate.COMMITTED_PATH
                + "\n\nPrints the CloudFormation template of the Glue database and one"
                + " partition-projected Parquet table per entity, generated from the Avro schemas.";
    }
}
