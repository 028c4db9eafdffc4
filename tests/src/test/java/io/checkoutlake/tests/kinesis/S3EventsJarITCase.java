package io.checkoutlake.tests.kinesis;

import static io.checkoutlake.tests.kinesis.MotoServerExtension.record;
import static io.checkoutlake.tests.kinesis.S3Notifications.eventBridge;
import static io.checkoutlake.tests.kinesis.S3Notifications.s3Notification;

import io.checkoutlake.functions.model.Entity;
import io.checkoutlake.tests.ChildProcess;
import io.checkoutlake.tests.LakeContents;
import io.checkoutlake.tests.LakeOutcomes;
import io.checkoutlake.tests.s3.S3ProxyExtension;
import io.checkoutlake.tools.generator.GeneratedObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * End to end for {@code source.kind=s3-events}: {@code java -jar checkout-lake.jar --mode stream
 * --source.kind s3-events --source.path s3a://raw/in --kinesis.stream events --aws.endpoint <moto>
 * --s3.endpoint <S3Proxy> ...} as a child process. Raw objects sit in S3Proxy, their object-created
 * notifications (S3 event notification records and EventBridge events alternately, keys
 * URL-encoded) on moto's Kinesis, with notifications to skip among them; every object ends as
 * exactly one row or dead letter, and DuckDB sees each row once in its event-time partition. The
 * child gets S3Proxy's credentials through the default AWS provider chain (environment), which moto
 * accepts as well. Needs {@code job/target/checkout-lake.jar}.
 */
class S3EventsJarITCase {
    private static final int DOCUMENTS = 40;
    private static final String BUCKET = "raw";
    private static final String PREFIX = "in/";

    @RegisterExtension static final S3ProxyExtension S3 = new S3ProxyExtension(BUCKET);
    @RegisterExtension static final MotoServerExtension MOTO = new MotoServerExtension();

    @TempDir Path dir;

    @Test
    @Timeout(300)
    void theJarPutsEveryNotifiedObjectIntoTheLakeExactlyOnce() throws Exception {
        String stream = "events";
        KinesisClient kinesis = MOTO.kinesis();
        MOTO.createStream(stream, 2);
        List<GeneratedObject> objects = new ArrayList<>(KinesisRuns.generate(DOCUMENTS, 29));
        Map<String, String> expected = new TreeMap<>();
        List<String> keys = new ArrayList<>();
        for (GeneratedObject o : objects) {
            // Through the S3 API: S3A checks the ETag of every read.
            S3.putObject(BUCKET, PREFIX + o.key(), o.bytes());
            keys.add(o.key());
            expected.put(uriOf(o.key()), LakeOutcomes.expectedOutcome(o));
        }
        // A key that must be URL-decoded: a space (sent as +) and a plus (sent as %2B).
        GeneratedObject valid =
                objects.stream()
                        .filter(o -> o.isValid() && o.entity() == Entity.CHECKOUT)
                        .findFirst()
                        .get();
        String spaced = "3A_CheckoutOrder/order one/id/doc+1.json";
        S3.putObject(BUCKET, PREFIX + spaced, valid.bytes());
        keys.add(spaced);
        expected.put(uriOf(spaced), LakeOutcomes.ROW);

        for (int i = 0; i < keys.size(); i++) {
            String key = PREFIX + keys.get(i);
            kinesis.putRecord(
                    record(
                            stream,
                            keys.get(i),
                            i % 2 == 0
                                    ? s3Notification("ObjectCreated:Put", BUCKET, key)
                                    : eventBridge("Object Created", BUCKET, key)));
        }
        // Skipped, never an output: a delete, another bucket, another prefix, not JSON.
        kinesis.putRecord(
                record(stream, "x", s3Notification("ObjectRemoved:Delete", BUCKET, PREFIX + "a")));
        kinesis.putRecord(
                record(stream, "x", eventBridge("Object Created", "other", PREFIX + "a")));
        kinesis.putRecord(
                record(stream, "x", s3Notification("ObjectCreated:Put", BUCKET, "out/a")));
        kinesis.putRecord(record(stream, "x", "not json"));

        Path lake = dir.resolve("lake");
        Path deadLetters = dir.resolve("deadletter");
        try (ChildProcess job =
                ChildProcess.startJobJar(
                        dir,
                        S3ProxyExtension.jobEnvironment(),
                        "--mode",
                        "stream",
                        "--source.kind",
                        "s3-events",
                        "--source.path",
                        "s3a://" + BUCKET + "/" + PREFIX,
                        "--kinesis.stream",
                        stream,
                        "--aws.region",
                        "us-east-1",
                        "--aws.endpoint",
                        MOTO.endpoint().toString(),
                        "--s3.endpoint",
                        S3.endpoint().toString(),
                        "--s3.path-style-access",
                        "true",
                        "--lake.path",
                        lake.toUri().toString(),
                        "--deadletter.path",
                        deadLetters.toUri().toString(),
                        "--checkpoint.dir",
                        dir.resolve("checkpoints").toUri().toString(),
                        "--checkpoint.interval",
                        "1s",
                        "--fetch.concurrency",
                        "4",
                        "--rest.port",
                        "0")) {
            job.awaitOutputs(lake, deadLetters, expected.keySet(), Duration.ofMinutes(3));
        }

        LakeOutcomes.read(lake, deadLetters).assertExactly(expected);
        List<GeneratedObject> rows =
                objects.stream()
                        .filter(o -> o.expectedReason() == null)
                        .collect(Collectors.toList());
        rows.add(valid); // the spaced key holds a copy of a valid checkout document
        LakeContents.assertHolds(
                lake,
                rows.stream()
                        .collect(
                                Collectors.groupingBy(
                                        GeneratedObject::entity, Collectors.counting())));
    }

    private static String uriOf(String key) {
        return "s3a://" + BUCKET + "/" + PREFIX + key;
    }
}
