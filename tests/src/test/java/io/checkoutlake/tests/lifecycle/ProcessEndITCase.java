package io.checkoutlake.tests.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.checkoutlake.tests.ChildProcess;
import io.checkoutlake.tests.LakeOutcomes;
import io.checkoutlake.tools.generator.GeneratedObject;
import io.checkoutlake.tools.generator.GeneratorSettings;
import io.checkoutlake.tools.generator.RawDocumentGenerator;
import io.checkoutlake.tools.generator.RawFolderWriter;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar checkout-lake.jar} ends when it should, so that a scheduler or the next command
 * can go on: a start that fails exits non-zero within seconds with one line naming the cause; a job
 * stopped with a savepoint through the REST API (no client fetching the result) exits and frees its
 * port at once, so the restore that follows can bind it; a backfill whose web UI port is taken uses
 * another one.
 */
class ProcessEndITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir Path dir;

    private final Map<String, String> expected = new TreeMap<>();
    private Path raw;
    private Path lake;
    private Path deadLetters;

    @BeforeEach
    void rawDocuments() throws IOException {
        raw = Files.createDirectories(dir.resolve("raw"));
        lake = dir.resolve("lake");
        deadLetters = dir.resolve("deadletter");
        RawFolderWriter writer = new RawFolderWriter(raw);
        for (GeneratedObject o : new RawDocumentGenerator(settings()).next(20)) {
            writer.write(o);
            expected.put(LakeOutcomes.uriOf(raw, o.key()), LakeOutcomes.expectedOutcome(o));
        }
    }

    @Test
    @Timeout(120)
    void aStartThatCannotBindItsPortExitsAtOnceWithOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0);
                ChildProcess job =
                        ChildProcess.startJobJar(
                                dir.resolve("run"), Map.of(), stream(taken.getLocalPort()))) {
            assertThat(job.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
            assertThat(causeLines(dir.resolve("run")))
                    .containsExactly(
                            "checkout-lake: cannot start: port "
                                    + taken.getLocalPort()
                                    + " is in use (rest.port)");
        }
    }

    @Test
    @Timeout(240)
    void aStopWithSavepointThroughRestEndsTheProcessAndFreesItsPort() throws Exception {
        int port = freePort();
        Path savepoints = dir.resolve("savepoints");
        try (ChildProcess job =
                ChildProcess.startJobJar(dir.resolve("first"), Map.of(), stream(port))) {
            job.awaitOutputs(lake, deadLetters, expected.keySet(), Duration.ofSeconds(120));
            String jobId = runningJob(port).orElseThrow();
            // Only the trigger, as a plain curl would: nobody asks for the savepoint's result.
            HttpResponse<String> stop =
                    HTTP.send(
                            HttpRequest.newBuilder(rest(port, "/jobs/" + jobId + "/stop"))
                                    .header("Content-Type", "application/json")
                                    .POST(
                                            HttpRequest.BodyPublishers.ofString(
                                                    "{\"targetDirectory\": \""
                                                            + savepoints.toUri()
                                                            + "\", \"drain\": false}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(stop.statusCode()).as(stop.body()).isEqualTo(202);
            assertThat(job.awaitExit(Duration.ofSeconds(45))).isZero();
        }
        Path savepoint = savepointUnder(savepoints);

        String[] restore = restore(stream(port), savepoint.toUri().toString());
        try (ChildProcess restored =
                ChildProcess.startJobJar(dir.resolve("second"), Map.of(), restore)) {
            assertThat(
                            restored.awaitWhileRunning(
                                    () -> runningJob(port).isPresent(),
                                    Duration.ofSeconds(90),
                                    Duration.ofMillis(500)))
                    .as("the restore runs on port %d; %s", port, restored.tail())
                    .isTrue();
        }
        LakeOutcomes.read(lake, deadLetters).assertExactly(expected);
    }

    @Test
    @Timeout(240)
    void aBackfillWhosePortIsTakenUsesAnotherOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0);
                ChildProcess backfill =
                        ChildProcess.startJobJar(
                                dir.resolve("backfill"),
                                Map.of(),
                                "--mode",
                                "backfill",
                                "--source.path",
                                raw.toUri().toString(),
                                "--lake.path",
                                lake.toUri().toString(),
                                "--deadletter.path",
                                deadLetters.toUri().toString(),
                                "--parallelism",
                                "2",
                                "--rest.port",
                                Integer.toString(taken.getLocalPort()))) {
            assertThat(backfill.awaitExit(Duration.ofSeconds(180))).as(backfill.tail()).isZero();
            assertThat(backfill.tail())
                    .contains("rest.port " + taken.getLocalPort() + " is in use");
        }
        LakeOutcomes.read(lake, deadLetters).assertExactly(expected);
    }

    private String[] stream(int port) {
        return new String[] {
            "--mode", "stream",
            "--source.path", raw.toUri().toString(),
            "--source.monitor-interval", "500ms",
            "--lake.path", lake.toUri().toString(),
            "--deadletter.path", deadLetters.toUri().toString(),
            "--checkpoint.dir", dir.resolve("checkpoints").toUri().toString(),
            "--checkpoint.interval", "1s",
            "--parallelism", "2",
            "--rest.port", Integer.toString(port)
        };
    }

    private static String[] restore(String[] args, String savepoint) {
        return Stream.concat(Stream.of(args), Stream.of("--restore-from", savepoint))
                .toArray(String[]::new);
    }

    /** The lines of the run's output that say why it failed. */
    private static List<String> causeLines(Path run) throws IOException {
        try (Stream<String> lines = Files.lines(run.resolve("job.log"))) {
            return lines.filter(l -> l.startsWith("checkout-lake: ")).collect(Collectors.toList());
        }
    }

    /** The id of the RUNNING job behind {@code port}; empty while nothing answers there. */
    private static Optional<String> runningJob(int port) {
        try {
            HttpResponse<String> jobs =
                    HTTP.send(
                            HttpRequest.newBuilder(rest(port, "/jobs"))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            if (jobs.statusCode() != 200) {
                return Optional.empty();
            }
            for (JsonNode job : JSON.readTree(jobs.body()).path("jobs")) {
                if (job.path("status").asText().equals("RUNNING")) {
                    return Optional.of(job.path("id").asText());
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static URI rest(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static Path savepointUnder(Path savepoints) throws IOException {
        try (Stream<Path> found = Files.list(savepoints)) {
            List<Path> complete =
                    found.filter(p -> Files.isRegularFile(p.resolve("_metadata")))
                            .collect(Collectors.toList());
            assertThat(complete).as("one savepoint under %s", savepoints).hasSize(1);
            return complete.get(0);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static GeneratorSettings settings() {
        return GeneratorSettings.builder()
                .seed(71)
                .minDocumentBytes(2_000)
                .maxDocumentBytes(GeneratorSettings.SMALLEST_MAX_DOCUMENT_BYTES)
                .badShare(0.1)
                .eventTimeStart(Instant.parse("2019-08-01T02:00:00Z"))
                .eventTimeEnd(Instant.parse("2019-08-01T22:00:00Z"))
                .build();
    }
}
