package io.checkoutlake.tests.kinesis;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;

/**
 * moto's AWS API server ({@code python3 -m moto.server}) as a process of its own on a free loopback
 * port, for a test class: its Kinesis API is what the Kinesis ITs read. Needs {@code python3} with
 * moto installed ({@code pip install 'moto[server]'}); the python executable can be named with the
 * {@code moto.python} system property.
 *
 * <p>The job's Kinesis consumer takes credentials from the default AWS provider chain; moto accepts
 * any, so the class sets the system properties {@code aws.accessKeyId}/{@code aws.secretKey} to
 * {@code testing} unless they are set already (the S3Proxy extension sets its own). The consumer's
 * shaded AWS SDK speaks CBOR to Kinesis unless the environment variable {@code
 * AWS_CBOR_DISABLE=true} is set (tests/pom.xml sets it for failsafe); moto only speaks JSON. The
 * tests' own client ({@link #kinesis()}, AWS SDK v2) reads the system property {@code
 * aws.cborEnabled} instead, which this class sets to {@code false}.
 */
public final class MotoServerExtension implements BeforeAllCallback, AfterAllCallback {
    private static final long START_TIMEOUT_MILLIS = 60_000;

    private int port;
    private Process process;
    private Path log;
    private Thread killOnExit;
    private boolean setCredentials;
    private KinesisClient kinesis;

    /** {@code http://127.0.0.1:<port>}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** An AWS SDK client of moto's Kinesis, open while the class runs. */
    public KinesisClient kinesis() {
        if (kinesis == null) {
            System.setProperty("aws.cborEnabled", "false");
            kinesis =
                    KinesisClient.builder()
                            .endpointOverride(endpoint())
                            .region(Region.US_EAST_1)
                            .credentialsProvider(
                                    StaticCredentialsProvider.create(
                                            AwsBasicCredentials.create("testing", "testing")))
                            .httpClientBuilder(ApacheHttpClient.builder())
                            .build();
        }
        return kinesis;
    }

    /** Creates a stream and waits until it is ACTIVE. */
    public void createStream(String stream, int shards) {
        kinesis().createStream(r -> r.streamName(stream).shardCount(shards));
        kinesis().waiter().waitUntilStreamExists(r -> r.streamName(stream));
    }

    public static PutRecordRequest record(String stream, String partitionKey, byte[] data) {
        return PutRecordRequest.builder()
                .streamName(stream)
                .partitionKey(partitionKey)
                .data(SdkBytes.fromByteArray(data))
                .build();
    }

    public static PutRecordRequest record(String stream, String partitionKey, String data) {
        return record(stream, partitionKey, data.getBytes(UTF_8));
    }

    /** The {@code _source_file} the job gives a record: its stream, shard and sequence number. */
    public static String sourceUri(String stream, PutRecordResponse put) {
        return "kinesis://" + stream + "/" + put.shardId() + "/" + put.sequenceNumber();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (!"true".equalsIgnoreCase(System.getenv("AWS_CBOR_DISABLE"))) {
            throw new IllegalStateException(
                    "AWS_CBOR_DISABLE=true must be in the environment: the Kinesis connector's"
                            + " shaded SDK otherwise speaks CBOR, which moto does not (Maven's"
                            + " failsafe run sets it)");
        }
        port = freeLoopbackPort();
        Path target = Files.createDirectories(Paths.get("target"));
        log = target.toAbsolutePath().resolve("moto-" + port + ".log");
        process =
                new ProcessBuilder(
                                System.getProperty("moto.python", "python3"),
                                "-m",
                                "moto.server",
                                "-H",
                                "127.0.0.1",
                                "-p",
                                Integer.toString(port))
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        killOnExit = new Thread(process::destroyForcibly, "moto-kill-" + port);
        Runtime.getRuntime().addShutdownHook(killOnExit);
        awaitPort();
        if (System.getProperty("aws.accessKeyId") == null) {
            System.setProperty("aws.accessKeyId", "testing");
            System.setProperty("aws.secretKey", "testing");
            setCredentials = true;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (kinesis != null) {
            kinesis.close();
            kinesis = null;
        }
        if (setCredentials) {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretKey");
        }
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        }
    }

    private void awaitPort() throws Exception {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "moto exited with " + process.exitValue() + "; see " + log);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return;
            } catch (IOException notYet) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException(
                            "moto did not listen on port " + port + " in time; see " + log);
                }
                Thread.sleep(100);
            }
        }
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
