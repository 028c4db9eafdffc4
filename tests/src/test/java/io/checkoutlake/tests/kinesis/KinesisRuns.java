package io.checkoutlake.tests.kinesis;

import io.checkoutlake.tests.LakeOutcomes;
import io.checkoutlake.tools.generator.GeneratedObject;
import io.checkoutlake.tools.generator.GeneratorSettings;
import io.checkoutlake.tools.generator.RawDocumentGenerator;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Shared by the Kinesis tests: generated documents, waiting for a running job's outputs. */
final class KinesisRuns {
    private KinesisRuns() {}

    static List<GeneratedObject> generate(int count, long seed) {
        GeneratorSettings settings =
                GeneratorSettings.builder()
                        .seed(seed)
                        .badShare(0.2)
                        .gzipShare(0.1)
                        .bomShare(0.05)
                        .unknownFieldShare(0.05)
                        .eventTimeStart(Instant.parse("2019-08-01T00:00:00Z"))
                        .eventTimeEnd(Instant.parse("2019-08-15T00:00:00Z"))
                        .build();
        return new RawDocumentGenerator(settings).next(count);
    }

    /** Waits until every source in {@code sources} has a committed output. */
    static LakeOutcomes awaitOutputs(
            Path lake, Path deadLetters, Collection<String> sources, long timeoutMillis)
            throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            LakeOutcomes outcomes = LakeOutcomes.read(lake, deadLetters);
            if (outcomes.covers(sources)) {
                return outcomes;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError(
                        "after "
                                + timeoutMillis
                                + " ms, "
                                + outcomes.bySource().size()
                                + " of "
                                + sources.size()
                                + " sources have an output");
            }
            Thread.sleep(500);
        }
    }

    static void await(BooleanSupplier condition, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("condition not met in " + timeoutMillis + " ms");
            }
            Thread.sleep(200);
        }
    }
}
