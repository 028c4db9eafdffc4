package io.checkoutlake.tests.kinesis;

import static io.checkoutlake.tests.kinesis.MotoServerExtension.record;
import static io.checkoutlake.tests.kinesis.MotoServerExtension.sourceUri;
import static org.assertj.core.api.Assertions.assertThat;

import io.checkoutlake.tests.ChildProcess;
import io.checkoutlake.tests.LakeOutcomes;
import io.checkoutlake.tools.generator.GeneratedObject;
import java.nio.file.Files;
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
 * {@code aws.region} unset, {@code AWS_REGION} in the environment, as every AWS tool takes it: the
 * jar with a Kinesis source (which needs a region) starts, names the region it took, and puts every
 * record into the lake. Instance metadata is off ({@code AWS_EC2_METADATA_DISABLED}) so that the
 * lookup never waits for it.
 */
class RegionFromEnvironmentJarITCase {
    private static final int DOCUMENTS = 10;

    @RegisterExtension static final MotoServerExtension MOTO = new MotoServerExtension();

    @TempDir Path dir;

    @Test
    @Timeout(240)
    void aKinesisJobTakesItsRegionFromAwsRegion() throws Exception {
        String stream = "raw";
        KinesisClient kinesis = MOTO.kinesis();
        MOTO.createStream(stream, 1);
        Map<String, String> expected = new LinkedHashMap<>();
        List<GeneratedObject> objects = KinesisRuns.generate(DOCUMENTS, 31);
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
                                "AWS_REGION", "us-east-1",
                                "AWS_EC2_METADATA_DISABLED", "true",
                                "AWS_CONFIG_FILE", dir.resolve("no-aws-config").toString(),
                                "AWS_CBOR_DISABLE", "true",
                                "AWS_ACCESS_KEY_ID", "testing",
                                "AWS_SECRET_ACCESS_KEY", "testing"),
                        "--mode",
                        "stream",
                        "--source.kind",
                        "kinesis",
                        "--kinesis.stream",
                        stream,
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
            job.awaitOutputs(lake, deadLetters, expected.keySet(), Duration.ofMinutes(2));
            assertThat(Files.readString(dir.resolve("job.log")))
                    .contains("aws.region is not set: us-east-1 from the AWS SDK's default region");
        }
        LakeOutcomes.read(lake, deadLetters).assertExactly(expected);
    }
}
