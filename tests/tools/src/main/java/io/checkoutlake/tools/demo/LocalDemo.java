package io.checkoutlake.tools.demo;

import io.checkoutlake.job.CheckoutLakeJob;
import io.checkoutlake.job.LakeEnvironments;
import io.checkoutlake.job.config.LakeJobConfig;
import io.checkoutlake.job.config.LakeOptions;
import io.checkoutlake.tools.generator.GeneratorSettings;
import io.checkoutlake.tools.generator.RawDocumentGenerator;
import io.checkoutlake.tools.generator.RawFolderWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The local default: the generator writes raw documents into {@code <dir>/raw}, the job runs in
 * stream mode in an embedded MiniCluster (web UI on {@code rest.port}) writing {@code <dir>/lake}
 * and {@code <dir>/deadletter}, and a summary line is printed every few seconds until Ctrl-C.
 *
 * <p>Options: {@code --dir} (default {@code local-run}), {@code --rate} documents per second
 * (default 50), {@code --bad-share} (default 0.02); any job key ({@code --checkpoint.interval 5s})
 * is passed on to the job.
 */
public final class LocalDemo {
    private LocalDemo() {}

    public static void run(String[] args) throws Exception {
        Path dir = Paths.get("local-run");
        double rate = 50;
        double badShare = 0.02;
        List<String> jobArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String key = args[i];
            String value = i + 1 < args.length ? args[i + 1] : null;
            if (key.equals("--dir") && value != null) {
                dir = Paths.get(value);
                i++;
            } else if (key.equals("--rate") && value != null) {
                rate = Double.parseDouble(value);
                i++;
            } else if (key.equals("--bad-share") && value != null) {
                badShare = Double.parseDouble(value);
                i++;
            } else {
                jobArgs.add(key);
            }
        }
        dir = dir.toAbsolutePath().normalize();
        Path raw = Files.createDirectories(dir.resolve("raw"));
        Path lake = Files.createDirectories(dir.resolve("lake"));
        Path deadLetters = Files.createDirectories(dir.resolve("deadletter"));
        Path checkpoints = Files.createDirectories(dir.resolve("checkpoints"));

        List<String> all = new ArrayList<>();
        addDefault(all, jobArgs, "--source.path", raw.toUri().toString());
        addDefault(all, jobArgs, "--lake.path", lake.toUri().toString());
        addDefault(all, jobArgs, "--deadletter.path", deadLetters.toUri().toString());
        addDefault(all, jobArgs, "--checkpoint.dir", checkpoints.toUri().toString());
        addDefault(all, jobArgs, "--checkpoint.interval", "10s");
        addDefault(all, jobArgs, "--source.monitor-interval", "2s");
        addDefault(all, jobArgs, "--parallelism", "2");
        all.addAll(jobArgs);
        LakeJobConfig config = LakeJobConfig.fromArgs(all.toArray(new String[0]));

        AtomicLong generated = new AtomicLong();
        startGenerator(raw, rate, badShare, generated);
        startSummary(new LakeSummary(lake, deadLetters), generated);
        System.out.printf(
                "checkout-lake demo: raw %s -> lake %s, dead letters %s%n"
                        + "Flink web UI: http://localhost:%d   (Ctrl-C to stop)%n",
                raw, lake, deadLetters, config.get(LakeOptions.REST_PORT));
        CheckoutLakeJob.fromConfig(config).execute(LakeEnvironments.create(config));
    }

    private static void addDefault(List<String> out, List<String> given, String key, String value) {
        if (!given.contains(key)) {
            out.add(key);
            out.add(value);
        }
    }

    private static void startGenerator(Path raw, double rate, double badShare, AtomicLong count) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        GeneratorSettings settings =
                GeneratorSettings.builder()
                        .seed(System.nanoTime())
                        .badShare(badShare)
                        .gzipShare(0.1)
                        .eventTimeStart(now.minus(3, ChronoUnit.DAYS))
                        .eventTimeEnd(now)
                        .build();
        RawDocumentGenerator generator = new RawDocumentGenerator(settings);
        RawFolderWriter writer = new RawFolderWriter(raw);
        long periodNanos = (long) (1_000_000_000L / Math.max(0.1, rate));
        Thread t =
                new Thread(
                        () -> {
                            long next = System.nanoTime();
                            while (!Thread.currentThread().isInterrupted()) {
                                try {
                                    writer.write(generator.next());
                                    count.incrementAndGet();
                                } catch (IOException e) {
                                    System.err.println("generator: " + e);
                                    return;
                                }
                                next += periodNanos;
                                long sleep = next - System.nanoTime();
                                if (sleep > 0) {
                                    try {
                                        Thread.sleep(
                                                sleep / 1_000_000L, (int) (sleep % 1_000_000L));
                                    } catch (InterruptedException e) {
                                        return;
                                    }
                                }
                            }
                        },
                        "demo-generator");
        t.setDaemon(true);
        t.start();
    }

    private static void startSummary(LakeSummary summary, AtomicLong generated) {
        Thread t =
                new Thread(
                        () -> {
                            while (!Thread.currentThread().isInterrupted()) {
                                try {
                                    Thread.sleep(5_000);
                                    System.out.println(line(summary, generated.get()));
                                } catch (InterruptedException e) {
                                    return;
                                } catch (IOException | RuntimeException e) {
                                    System.err.println("summary: " + e);
                                }
                            }
                        },
                        "demo-summary");
        t.setDaemon(true);
        t.start();
    }

    static String line(LakeSummary summary, long generated) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append('[').append(LocalTime.now().truncatedTo(ChronoUnit.SECONDS)).append("] ");
        sb.append("raw objects written ").append(generated);
        for (Map.Entry<String, LakeSummary.TableCounts> e : summary.tables().entrySet()) {
            LakeSummary.TableCounts c = e.getValue();
            sb.append(" | ")
                    .append(e.getKey())
                    .append(": ")
                    .append(c.rows)
                    .append(" rows, ")
                    .append(c.partitions)
                    .append(" partitions, ")
                    .append(c.files)
                    .append(" files");
        }
        Map<String, Long> dead = summary.deadLettersByReason();
        long total = dead.values().stream().mapToLong(Long::longValue).sum();
        sb.append(" | dead letters: ").append(total);
        if (!dead.isEmpty()) {
            sb.append(' ').append(dead);
        }
        return sb.toString();
    }
}
