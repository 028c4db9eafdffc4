package io.checkoutlake.tests.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import io.checkoutlake.tests.ChildProcess;
import io.checkoutlake.tests.LakeOutcomes;
import io.checkoutlake.tools.generator.GeneratedObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real process, {@code --mode stream} with the {@code files} source: a raw object overwritten
 * with new content while the stream runs becomes a second row (its new version); overwritten with
 * identical bytes, a {@code duplicate} dead letter. Both keys are within {@code
 * source.files-horizon}, where the source once ignored a path it had read.
 */
class OverwrittenKeyJarITCase {
    @TempDir Path dir;

    @Test
    @Timeout(240)
    void anOverwrittenKeyIsReadAgainAndIdenticalBytesAreADuplicate() throws Exception {
        HandOffRuns runs = new HandOffRuns(dir, 13);
        List<GeneratedObject> first = runs.write(30);
        List<GeneratedObject> valid =
                first.stream()
                        .filter(GeneratedObject::isValid)
                        .collect(java.util.stream.Collectors.toList());
        GeneratedObject changed = valid.get(0);
        GeneratedObject replacement =
                valid.stream()
                        .filter(o -> o != changed && o.entity() == changed.entity())
                        .findFirst()
                        .orElseThrow();
        GeneratedObject rewritten = valid.get(valid.size() - 1);
        assertThat(rewritten).isNotSameAs(changed).isNotSameAs(replacement);

        try (ChildProcess stream = runs.start("stream", HandOffRuns.stream())) {
            stream.awaitOutputs(
                    runs.lake, runs.deadLetters, runs.expected.keySet(), Duration.ofSeconds(120));
            runs.outcomes().assertExactly(runs.expected);

            // A new version under the same key, and the same bytes written again.
            runs.writer.write(changed.key(), replacement.bytes());
            runs.writer.write(rewritten.key(), rewritten.bytes());
            String changedUri = runs.uri(changed.key());
            String rewrittenUri = runs.uri(rewritten.key());
            boolean both =
                    stream.awaitWhileRunning(
                            () -> {
                                try {
                                    LakeOutcomes now = runs.outcomes();
                                    return now.bySource().get(changedUri).size() >= 2
                                            && now.bySource().get(rewrittenUri).size() >= 2;
                                } catch (java.io.IOException e) {
                                    return false;
                                }
                            },
                            Duration.ofSeconds(60),
                            Duration.ofMillis(500));
            Thread.sleep(3_000);
            LakeOutcomes outcomes = runs.outcomes();
            assertThat(outcomes.bySource().get(changedUri))
                    .as("the new version is a row beside the first; read again: %s", both)
                    .containsExactly(LakeOutcomes.ROW, LakeOutcomes.ROW);
            assertThat(outcomes.bySource().get(rewrittenUri))
                    .as("identical bytes are a duplicate")
                    .containsExactlyInAnyOrder(LakeOutcomes.ROW, "duplicate");
            assertThat(outcomes.outputs()).isEqualTo(runs.expected.size() + 2);
            assertThat(
                            outcomes.rows().stream()
                                    .filter(r -> r.sourceFile().equals(changedUri))
                                    .map(r -> r.record.get("_event_time"))
                                    .distinct())
                    .as("two different documents under the changed key")
                    .hasSize(2);
        }
    }
}
