package io.checkoutlake.tests.crash;

import io.checkoutlake.job.config.LakeJobConfig;
import io.checkoutlake.job.config.LakeJobConfigBuilder;
import io.checkoutlake.tests.LakeOutcomes;
import io.checkoutlake.tools.generator.GeneratedObject;
import io.checkoutlake.tools.generator.GeneratorSettings;
import io.checkoutlake.tools.generator.RawDocumentGenerator;
import io.checkoutlake.tools.generator.RawFolderWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;

/**
 * What the crash tests share: small generated documents (8 KB at most, some bad, some gzipped, all
 * of one UTC day), written where the job reads them, with the outcome each must have; a stream-mode
 * config; fast checkpoints and generous restarts.
 */
final class CrashRuns {
    static final Duration CHECKPOINT_INTERVAL = Duration.ofMillis(100);

    private CrashRuns() {}

    static GeneratorSettings settings(long seed) {
        return documents(seed)
                // One UTC day: one open part file per table and subtask. With a part file per
                // partition rolled at every 100 ms checkpoint, two weeks of partitions would make
                // the runs about part files, not about failures.
                .eventTimeStart(Instant.parse("2019-08-01T02:00:00Z"))
                .eventTimeEnd(Instant.parse("2019-08-01T22:00:00Z"))
                .build();
    }

    /**
     * As {@link #settings}, over two UTC days: a table's committer then commits two part files per
     * checkpoint as a rule, which a failure half-way through a commit needs.
     */
    static GeneratorSettings settingsOverTwoDays(long seed) {
        return documents(seed)
                .eventTimeStart(Instant.parse("2019-08-01T12:00:00Z"))
                .eventTimeEnd(Instant.parse("2019-08-02T12:00:00Z"))
                .build();
    }

    private static GeneratorSettings.Builder documents(long seed) {
        return GeneratorSettings.builder()
                .seed(seed)
                .minDocumentBytes(5_000)
                .maxDocumentBytes(GeneratorSettings.SMALLEST_MAX_DOCUMENT_BYTES)
                .badShare(0.1)
                .gzipShare(0.1)
                .bomShare(0.05);
    }

    /** Writes objects and records what each must become. Thread-safe for distinct objects. */
    static final class Raw {
        final Path root;
        final RawFolderWriter writer;
        final Map<String, String> expected = new ConcurrentHashMap<>();

        Raw(Path root) {
            this.root = root;
            this.writer = new RawFolderWriter(root);
        }

        void write(GeneratedObject o) throws IOException {
            writer.write(o);
            expected.put(LakeOutcomes.uriOf(root, o.key()), LakeOutcomes.expectedOutcome(o));
        }

        void write(RawDocumentGenerator generator, int count) throws IOException {
            for (GeneratedObject o : generator.next(count)) {
                write(o);
            }
        }
    }

    static LakeJobConfigBuilder streamConfig(Path raw, Path lake, Path deadLetters) {
        return LakeJobConfig.builder()
                .set("mode", "stream")
                .set("source.path", raw.toUri().toString())
                .set("lake.path", lake.toUri().toString())
                .set("deadletter.path", deadLetters.toUri().toString())
                .set("fetch.concurrency", "2");
    }

    /** Checkpoints every 100 ms and up to {@code attempts} restarts 50 ms apart. */
    static Configuration flink(int attempts) {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, CHECKPOINT_INTERVAL);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, attempts);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(50));
        return conf;
    }

    /** Polls {@code condition} every 50 ms; false when {@code timeout} passed first. */
    static boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }
}
