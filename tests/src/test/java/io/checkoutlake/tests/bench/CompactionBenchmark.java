package io.checkoutlake.tests.bench;

import io.checkoutlake.functions.model.Entity;
import io.checkoutlake.job.CheckoutLakeJob;
import io.checkoutlake.job.config.LakeJobConfig;
import io.checkoutlake.job.fetch.FlinkFileSystemFetcher;
import io.checkoutlake.job.source.FileDiscovery;
import io.checkoutlake.tests.LakeContents;
import io.checkoutlake.tools.generator.GeneratedObject;
import io.checkoutlake.tools.generator.GeneratorSettings;
import io.checkoutlake.tools.generator.RawDocumentGenerator;
import io.checkoutlake.tools.generator.RawFolderWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Not a test: a steady local stream run, once without and once with compaction, printing the
 * visible Parquet files, their median size and the rows they hold. Run from the repository root
 * with the tests' class path (see README, "Compaction"):
 *
 * <pre>
 * java -cp ... io.checkoutlake.tests.bench.CompactionBenchmark [seconds] [docs-per-second]
 * </pre>
 */
public final class CompactionBenchmark {
    private CompactionBenchmark() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        Path root = Files.createTempDirectory("compaction-bench");
        System.out.printf(
                "steady run: %d s at %d documents/s, parallelism 2, checkpoint every 1 s%n",
                seconds, rate);
        run(root.resolve("plain"), false, seconds, rate);
        run(root.resolve("compacted"), true, seconds, rate);
    }

    private static void run(Path dir, boolean compaction, int seconds, int rate) throws Exception {
        Path raw = Files.createDirectories(dir.resolve("raw"));
        Path lake = dir.resolve("lake");
        LakeJobConfig config =
                LakeJobConfig.builder()
                        .set("source.path", raw.toUri().toString())
                        .set("lake.path", lake.toUri().toString())
                        .set("deadletter.path", dir.resolve("dlq").toUri().toString())
                        .set("rest.port", "0")
                        .set("lake.compaction.enabled", Boolean.toString(compaction))
                        .set("lake.compaction.max-checkpoints", "10")
                        .build();
        CheckoutLakeJob job =
                new CheckoutLakeJob(
                        config,
                        FileDiscovery.monitoring(raw.toUri(), Duration.ofMillis(500)),
                        new FlinkFileSystemFetcher(),
                        CheckoutLakeJob.sinksOf(config));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(1_000);
        job.build(env);
        JobClient client = env.executeAsync("compaction-bench");

        // Event times of one day: one open partition per table, as in a steady production day.
        RawDocumentGenerator generator =
                new RawDocumentGenerator(
                        GeneratorSettings.builder()
                                .seed(11)
                                .badShare(0)
                                .eventTimeStart(Instant.parse("2024-05-01T00:00:00Z"))
                                .eventTimeEnd(Instant.parse("2024-05-01T23:00:00Z"))
                                .build());
        RawFolderWriter writer = new RawFolderWriter(raw);
        int written = 0;
        long start = System.nanoTime();
        for (int s = 0; s < seconds; s++) {
            for (GeneratedObject o : generator.next(rate)) {
                writer.write(o);
                written++;
            }
            long next = start + (s + 1) * 1_000_000_000L;
            Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
        }
        // Let the last documents through and compaction's checkpoint bound pass.
        Thread.sleep(15_000);
        client.cancel().get();

        List<Long> sizes = new ArrayList<>();
        for (Entity e : Entity.values()) {
            for (Path f : LakeContents.committedFiles(lake.resolve(e.table()), ".parquet")) {
                sizes.add(Files.size(f));
            }
        }
        Collections.sort(sizes);
        long median = sizes.isEmpty() ? 0 : sizes.get(sizes.size() / 2);
        System.out.printf(
                "compaction %-5s documents %6d  rows %6d  files %5d  median file %8d bytes%n",
                compaction, written, LakeContents.rows(lake).size(), sizes.size(), median);
    }
}
