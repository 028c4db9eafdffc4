package io.checkoutlake.tests.savepoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.checkoutlake.job.checkpoint.RestorePoints;
import io.checkoutlake.tests.ChildProcess;
import io.checkoutlake.tests.LakeOutcomes;
import io.checkoutlake.tools.generator.GeneratedObject;
import io.checkoutlake.tools.generator.GeneratorSettings;
import io.checkoutlake.tools.generator.RawDocumentGenerator;
import io.checkoutlake.tools.generator.RawFolderWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same upgrade command run twice, as YARN runs {@code main()} again when it re-attempts a lost
 * JobManager without high availability ({@code deploy/emr/on-master.sh upgrade}): the old release
 * is stopped with a savepoint, {@code java -jar ... --restore-from <savepoint>} processes new
 * documents and completes checkpoints, is killed with SIGKILL, and the identical command starts
 * again. It must continue from the newest checkpoint of the killed job, not from the savepoint
 * (which would write every document processed since the upgrade a second time).
 */
class UpgradeReattemptITCase {
    @TempDir Path dir;

    private final Map<String, String> expected = new TreeMap<>();
    private Path raw;
    private RawFolderWriter writer;

    @Test
    @Timeout(300)
    void theUpgradeCommandRunAgainContinuesFromTheUpgradedJobsCheckpoint() throws Exception {
        raw = Files.createDirectories(dir.resolve("raw"));
        writer = new RawFolderWriter(raw);
        Path lake = dir.resolve("lake");
        Path deadLetters = dir.resolve("deadletter");
        URI checkpoints = dir.resolve("checkpoints").toUri();
        RawDocumentGenerator generator = new RawDocumentGenerator(settings());

        write(generator.next(20));
        int port = freePort();
        String savepoint;
        try (ChildProcess old =
                ChildProcess.startJobJar(dir.resolve("old"), Map.of(), args(port))) {
            old.awaitOutputs(lake, deadLetters, expected.keySet(), Duration.ofSeconds(120));
            savepoint = stopWithSavepoint(port, old);
            assertThat(old.awaitExit(Duration.ofSeconds(60))).isZero();
        }

        write(generator.next(20));
        String[] upgrade = withRestore(args(freePort()), savepoint);
        try (ChildProcess upgraded =
                ChildProcess.startJobJar(dir.resolve("upgraded"), Map.of(), upgrade)) {
            upgraded.awaitOutputs(lake, deadLetters, expected.keySet(), Duration.ofSeconds(120));
            awaitNewCheckpoint(upgraded, checkpoints);
            upgraded.kill();
        }
        int committedByUpgraded = LakeOutcomes.read(lake, deadLetters).outputs();
        assertThat(committedByUpgraded).as("the upgraded job committed its outputs").isEqualTo(40);

        write(generator.next(10));
        try (ChildProcess again =
                ChildProcess.startJobJar(dir.resolve("again"), Map.of(), upgrade)) {
            again.awaitOutputs(lake, deadLetters, expected.keySet(), Duration.ofSeconds(120));
            awaitNewCheckpoint(again, checkpoints);
            awaitNewCheckpoint(again, checkpoints);
        }
        LakeOutcomes.read(lake, deadLetters).assertExactly(expected);
        assertThat(Files.readString(dir.resolve("again/job.log")))
                .contains("the newest checkpoint of a job started from " + savepoint);
    }

    private String[] args(int port) {
        return new String[] {
            "--mode", "stream",
            "--source.path", raw.toUri().toString(),
            "--source.monitor-interval", "500ms",
            "--lake.path", dir.resolve("lake").toUri().toString(),
            "--deadletter.path", dir.resolve("deadletter").toUri().toString(),
            "--checkpoint.dir", dir.resolve("checkpoints").toUri().toString(),
            "--checkpoint.interval", "1s",
            "--parallelism", "2",
            "--rest.port", Integer.toString(port)
        };
    }

    private static String[] withRestore(String[] args, String savepoint) {
        String[] all = Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--restore-from";
        all[args.length + 1] = savepoint;
        return all;
    }

    private String stopWithSavepoint(int port, ChildProcess job) throws Exception {
        ChildProcess.Result stop =
                ChildProcess.run(
                        List.of(
                                "bash",
                                SavepointPaths.savepoints()
                                        .resolve("stop-with-savepoint.sh")
                                        .toString(),
                                "--rest",
                                "http://127.0.0.1:" + port,
                                "--target",
                                dir.resolve("savepoints").toString(),
                                "--timeout",
                                "90"),
                        dir,
                        Map.of(),
                        Duration.ofSeconds(120));
        assertThat(stop.exitCode).as("%s; %s", stop, job.tail()).isZero();
        return stop.stdoutLines().get(0).trim();
    }

    /** Waits until a checkpoint completes that is newer than the newest one now. */
    private static void awaitNewCheckpoint(ChildProcess job, URI checkpoints) throws Exception {
        Optional<String> before = latest(checkpoints);
        assertThat(
                        job.awaitWhileRunning(
                                () -> {
                                    Optional<String> now = latest(checkpoints);
                                    return now.isPresent() && !now.equals(before);
                                },
                                Duration.ofSeconds(60),
                                Duration.ofMillis(200)))
                .as("a new checkpoint; %s", job.tail())
                .isTrue();
    }

    /** A job deletes its older checkpoints while we list them: look again. */
    private static Optional<String> latest(URI checkpoints) {
        for (int attempt = 1; ; attempt++) {
            try {
                return RestorePoints.latest(checkpoints);
            } catch (IOException e) {
                if (attempt == 10) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    private void write(List<GeneratedObject> objects) throws IOException {
        for (GeneratedObject o : objects) {
            writer.write(o);
            expected.put(LakeOutcomes.uriOf(raw, o.key()), LakeOutcomes.expectedOutcome(o));
        }
    }

    private static GeneratorSettings settings() {
        return GeneratorSettings.builder()
                .seed(13)
                .minDocumentBytes(2_000)
                .maxDocumentBytes(GeneratorSettings.SMALLEST_MAX_DOCUMENT_BYTES)
                .badShare(0.1)
                .eventTimeStart(Instant.parse("2019-08-01T02:00:00Z"))
                .eventTimeEnd(Instant.parse("2019-08-01T22:00:00Z"))
                .build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
