package io.checkoutlake.tools.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.checkoutlake.tools.catalog.GlueTableTemplate;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GlueTemplateCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void printsOnlyTheTemplateSoARedirectRegeneratesTheFile() {
        int exit = run();
        assertThat(exit).isEqualTo(GlueTemplateCommand.OK);
        assertThat(text(out)).isEqualTo(GlueTableTemplate.render());
        assertThat(text(out)).startsWith("# GENERATED").contains("AWS::Glue::Table");
        assertThat(text(err)).isEmpty();
    }

    @Test
    void refusesArgumentsWithTheUsage() {
        assertThat(run("--out", "x.yaml")).isEqualTo(GlueTemplateCommand.USAGE);
        assertThat(text(out)).isEmpty();
        assertThat(text(err))
                .contains(
                        "Usage: checkout-lake glue-template > " + GlueTableTemplate.COMMITTED_PATH);
    }

    @Test
    void helpGoesToStdout() {
        assertThat(run("--help")).isEqualTo(GlueTemplateCommand.OK);
        assertThat(text(out)).startsWith("Usage: checkout-lake glue-template");
    }

    private int run(String... args) {
        return GlueTemplateCommand.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
