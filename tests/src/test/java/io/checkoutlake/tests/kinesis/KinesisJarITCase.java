package io.checkoutlake.tests.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import io.checkoutlake.functions.generator.GeneratedObject;
import io.checkoutlake.tests.LakeOutcomes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: {@code java -jar checkout-lake.jar --mode stream --source.kind kinesis
 * --kinesis.stream raw --aws.endpoint <moto> ...} as a child process with {@code
 * AWS_CBOR_DISABLE=true} and test credentials in its environment; every record put on the stream
 * ends in the lake or the dead letters exactly once. Needs {@code job/target/checkout-lake.jar} (or
 * the {@code checkoutlake.jar} system property).
 */
class KinesisJarITCase {
    private static final int DOCUMENTS = 60;

    @RegisterExtension static final MotoServerExtension MOTO = new MotoServerExtension();

    @TempDir Path dir;

    @Test
    @Timeout(300)
    void theJarPutsEveryRecordIntoTheLakeExactlyOnce() throws Exception {
        Path jar =
                Paths.get(
                        System.getProperty("checkoutlake.jar", "../job/target/checkout-lake.jar"));
        assertThat(jar).as("the job jar (mvn -pl job package)").exists();
        String stream = "raw";
        KinesisTestClient kinesis = MOTO.kinesis();
        kinesis.createStream(stream, 2);
        Map<String, String> expected = new LinkedHashMap<>();
        List<GeneratedObject> objects = KinesisRuns.generate(DOCUMENTS, 23);
        for (GeneratedObject o : objects) {
            expected.put(
                    kinesis.putRecord(stream, o.key(), o.bytes()).uri(stream),
                    LakeOutcomes.expectedOutcome(o));
        }
        Path lake = dir.resolve("lake");
        Path deadLetters = dir.resolve("deadletter");
        Path log = dir.resolve("job.log");
        ProcessBuilder builder =
                new ProcessBuilder(
                                Paths.get(System.getProperty("java.home"), "bin", "java")
                                        .toString(),
                                "-Xmx512m",
                                "-Djava.io.tmpdir=" + Files.createDirectories(dir.resolve("tmp")),
                                "-jar",
                                jar.toString(),
                                "--mode",
                                "stream",
                                "--source.kind",
                                "kinesis",
                                "--kinesis.stream",
                                stream,
                                "--aws.region",
                                "us-east-1",
                                "--aws.endpoint",
                                MOTO.endpoint().toString(),
                                "--lake.path",
                                lake.toUri().toString(),
                                "--deadletter.path",
                                deadLetters.toUri().toString(),
                                "--checkpoint.dir",
                                dir.resolve("checkpoints").toUri().toString(),
                                "--checkpoint.interval",
                                "1s",
                                "--rest.port",
                                "0")
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
        builder.environment().put("AWS_CBOR_DISABLE", "true");
        builder.environment().put("AWS_ACCESS_KEY_ID", "testing");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "testing");
        Process process = builder.start();
        try {
            long deadline = System.currentTimeMillis() + 180_000;
            while (!LakeOutcomes.read(lake, deadLetters).covers(expected.keySet())) {
                assertThat(process.isAlive())
                        .as("the job is running; see %s:%n%s", log, tail(log))
                        .isTrue();
                assertThat(System.currentTimeMillis())
                        .as("outputs in time; see %s:%n%s", log, tail(log))
                        .isLessThan(deadline);
                Thread.sleep(500);
            }
            Thread.sleep(3_000);
        } finally {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
            }
        }
        LakeOutcomes.read(lake, deadLetters).assertExactly(expected);
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (Exception e) {
            return "(no log: " + e + ")";
        }
    }
}
