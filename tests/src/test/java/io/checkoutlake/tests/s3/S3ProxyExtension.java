package io.checkoutlake.tests.s3;

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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * S3Proxy (an S3 API server over a local folder) as a process of its own, for a test class: picks a
 * free loopback port, starts {@code java -jar s3proxy.jar}, waits until it answers, creates the
 * buckets through the S3 API, and stops it after the class. Each bucket is a folder of {@link
 * #basedir()}, so tests can read committed lake files back directly. Objects the job reads must be
 * put through the S3 API ({@link #client()}): S3A checks every read against the object's ETag, and
 * S3Proxy has none for files placed into its folder by hand. {@code -Ds3proxy.keep=true} keeps the
 * folder after the run.
 *
 * <p>S3Proxy cannot run in the test JVM: flink-s3-fs-hadoop puts unshaded Guava and Jackson on the
 * classpath that S3Proxy's own versions clash with. The jar comes from Maven (tests/pom.xml copies
 * it to {@code target/s3proxy/s3proxy.jar} and names it in the {@code s3proxy.jar} system
 * property).
 *
 * <p>The job gets the proxy's credentials the way production gets real ones, through the default
 * AWS provider chain: as the Java system properties {@code aws.accessKeyId} and {@code
 * aws.secretKey}, set while the class runs.
 */
public final class S3ProxyExtension implements BeforeAllCallback, AfterAllCallback {
    public static final String IDENTITY = "checkout-lake-test";
    public static final String CREDENTIAL = "checkout-lake-test-credential";

    private static final long START_TIMEOUT_MILLIS = 60_000;

    private final List<String> buckets;
    private Path basedir;
    private Path log;
    private int port;
    private Process process;
    private Thread killOnExit;
    private S3Client client;

    public S3ProxyExtension(String... buckets) {
        this.buckets = List.of(buckets);
    }

    /**
     * The environment of a job process that reads through this S3Proxy and Kinesis on moto: its
     * credentials (the default AWS provider chain reads them there) and JSON instead of CBOR.
     */
    public static Map<String, String> jobEnvironment() {
        return Map.of(
                "AWS_CBOR_DISABLE", "true",
                "AWS_ACCESS_KEY_ID", IDENTITY,
                "AWS_SECRET_ACCESS_KEY", CREDENTIAL);
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The folder S3Proxy keeps its buckets in, one sub-folder each. */
    public Path basedir() {
        return basedir;
    }

    public Path bucketDir(String bucket) {
        return basedir.resolve(bucket);
    }

    /**
     * An AWS SDK client of this S3Proxy, open while the class runs. Path-style: S3Proxy serves no
     * bucket host names. The SDK line the job's Glue client uses (2.20) computes no flexible
     * checksums and sends no checksum trailers, which S3Proxy would not accept; an SDK of 2.30 or
     * later needs {@code requestChecksumCalculation(WHEN_REQUIRED)} and {@code
     * responseChecksumValidation(WHEN_REQUIRED)} here, as the Python tools set them through
     * AWS_REQUEST_CHECKSUM_CALCULATION / AWS_RESPONSE_CHECKSUM_VALIDATION.
     */
    public S3Client client() {
        if (client == null) {
            client =
                    S3Client.builder()
                            .endpointOverride(endpoint())
                            .region(Region.US_EAST_1)
                            .credentialsProvider(
                                    StaticCredentialsProvider.create(
                                            AwsBasicCredentials.create(IDENTITY, CREDENTIAL)))
                            .serviceConfiguration(
                                    S3Configuration.builder().pathStyleAccessEnabled(true).build())
                            .httpClientBuilder(ApacheHttpClient.builder())
                            .build();
        }
        return client;
    }

    public void putObject(String bucket, String key, byte[] body) {
        client().putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(body));
    }

    /** Puts every key's body, four at a time; fails with the first upload that failed. */
    public void putObjects(String bucket, Map<String, byte[]> bodies) throws Exception {
        ExecutorService uploads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (Map.Entry<String, byte[]> e : bodies.entrySet()) {
                done.add(uploads.submit(() -> putObject(bucket, e.getKey(), e.getValue())));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            uploads.shutdownNow();
        }
    }

    /** Every key under {@code prefix}, as a flat (undelimited) ListObjectsV2 returns them. */
    public List<String> listKeys(String bucket, String prefix) {
        return client()
                .listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix))
                .contents()
                .stream()
                .map(S3Object::key)
                .collect(Collectors.toList());
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        String envKey = System.getenv("AWS_ACCESS_KEY_ID");
        if (envKey != null && !envKey.isEmpty()) {
            throw new IllegalStateException(
                    "AWS_ACCESS_KEY_ID is set: the default AWS provider chain would hand it to"
                            + " S3Proxy instead of the test credentials; unset it (Maven's failsafe"
                            + " run does)");
        }
        Path jar = Paths.get(System.getProperty("s3proxy.jar", "target/s3proxy/s3proxy.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    jar.toAbsolutePath()
                            + " is missing: run `mvn -pl tests generate-test-resources` once");
        }
        Path target = Files.createDirectories(Paths.get("target"));
        basedir = Files.createTempDirectory(target.toAbsolutePath(), "s3proxy-data-");
        port = freeLoopbackPort();
        log = target.toAbsolutePath().resolve("s3proxy-" + port + ".log");

        Properties properties = new Properties();
        properties.setProperty("s3proxy.endpoint", "http://127.0.0.1:" + port);
        properties.setProperty("s3proxy.authorization", "aws-v2-or-v4");
        properties.setProperty("s3proxy.identity", IDENTITY);
        properties.setProperty("s3proxy.credential", CREDENTIAL);
        properties.setProperty("jclouds.provider", "filesystem");
        properties.setProperty("jclouds.filesystem.basedir", basedir.toString());
        Path propertiesFile = basedir.resolveSibling(basedir.getFileName() + ".properties");
        try (var out = Files.newBufferedWriter(propertiesFile, UTF_8)) {
            properties.store(out, "S3Proxy for " + context.getDisplayName());
        }

        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        process =
                new ProcessBuilder(
                                java,
                                "-Xmx256m",
                                "-XX:+UseSerialGC",
                                "-XX:TieredStopAtLevel=1",
                                "-jar",
                                jar.toAbsolutePath().toString(),
                                "--properties",
                                propertiesFile.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        killOnExit = new Thread(process::destroyForcibly, "s3proxy-kill-" + port);
        Runtime.getRuntime().addShutdownHook(killOnExit);
        awaitPort();

        System.setProperty("aws.accessKeyId", IDENTITY);
        System.setProperty("aws.secretKey", CREDENTIAL);
        for (String bucket : buckets) {
            client().createBucket(r -> r.bucket(bucket));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretKey");
        if (client != null) {
            client.close();
            client = null;
        }
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        }
        if (basedir != null && !Boolean.getBoolean("s3proxy.keep")) {
            deleteTree(basedir);
        }
    }

    private void awaitPort() throws Exception {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "S3Proxy exited with " + process.exitValue() + "; see " + log);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return;
            } catch (IOException notYet) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException(
                            "S3Proxy did not listen on port " + port + " in time; see " + log);
                }
                Thread.sleep(100);
            }
        }
    }

    static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(root.resolveSibling(root.getFileName() + ".properties"));
    }
}
