package io.checkoutlake.tests.kinesis;

import static io.checkoutlake.tests.kinesis.MotoServerExtension.record;
import static io.checkoutlake.tests.kinesis.MotoServerExtension.sourceUri;

import io.checkoutlake.tests.ChildProcess;
import io.checkoutlake.tests.LakeOutcomes;
import io.checkoutlake.tools.generator.GeneratedObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;

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
        String stream = "raw";
        KinesisClient kinesis = MOTO.kinesis();
        MOTO.createStream(stream, 2);
        Map<String, String> expected = new LinkedHashMap<>();
        List<GeneratedObject> objects = KinesisRuns.generate(DOCUMENTS, 23);
        for (GeneratedObject o : objects) {
            expected.put(
                    sourceUri(stream, kinesis.putRecord(record(stream, o.key(), o.bytes()))),
                    LakeOutcomes.expectedOutcome(o));
        }
        Path lake = dir.resolve("lake");
        Path deadLetters = dir.resolve("deadletter");
        try (ChildProcess job =
                ChildProcess.startJobJar(
                        dir,
                        Map.of(
                                "AWS_CBOR_DISABLE", "true",
                                "AWS_ACCESS_KEY_ID", "testing",
                                "AWS_SECRET_ACCESS_KEY", "testing"),
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
                        "0")) {
            job.awaitOutputs(lake, deadLetters, expected.keySet(), Duration.ofMinutes(3));
        }
        LakeOutcomes.read(lake, deadLetters).assertExactly(expected);
    }
}
