package io.checkoutlake.tests.readers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A one-node Trino server (the {@code trino-server} tarball from the Maven registry) as a local
 * process, with one Hive catalog {@code lake} on a file metastore over a local folder; queried
 * through Trino's HTTP protocol. Trino needs Java 24 or later.
 */
final class TrinoServer implements SqlEngine, AutoCloseable {
    static final String CATALOG = "lake";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration STARTUP = Duration.ofMinutes(4);

    private final Process process;
    private final URI base;
    private final Path log;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private TrinoServer(Process process, URI base, Path log) {
        this.process = process;
        this.base = base;
        this.log = log;
    }

    /**
     * Starts Trino over {@code root}: the catalog's file system is {@code local:///} = {@code
     * root}, its metastore is {@code root/metastore}.
     */
    static TrinoServer start(Path root, Path workDir) throws IOException, InterruptedException {
        Path home = installation();
        Path java = javaHome().resolve("bin").resolve("java");
        int port = freePort();
        Path etc = Files.createDirectories(workDir.resolve("etc"));
        Path catalogs = Files.createDirectories(etc.resolve("catalog"));
        Path plugins = Files.createDirectories(workDir.resolve("plugin"));
        // Only the Hive connector: loading every plugin of the tarball takes a minute.
        Path hive = plugins.resolve("hive");
        if (!Files.exists(hive)) {
            Files.createSymbolicLink(hive, home.resolve("plugin").resolve("hive"));
        }
        Files.createDirectories(root.resolve("metastore"));
        Files.writeString(
                etc.resolve("config.properties"),
                String.join(
                        "\n",
                        "coordinator=true",
                        "node-scheduler.include-coordinator=true",
                        "http-server.http.port=" + port,
                        "discovery.uri=http://127.0.0.1:" + port,
                        "node.internal-address=127.0.0.1",
                        "plugin.dir=" + plugins,
                        "query.max-memory=256MB",
                        "query.max-memory-per-node=256MB",
                        "memory.heap-headroom-per-node=256MB",
                        ""));
        Files.writeString(
                catalogs.resolve(CATALOG + ".properties"),
                String.join(
                        "\n",
                        "connector.name=hive",
                        "hive.metastore=file",
                        "hive.metastore.catalog.dir=local:///metastore",
                        "fs.native-local.enabled=true",
                        "local.location=" + root,
                        // Athena skips projected partitions that have no folder; so does this.
                        "hive.ignore-absent-partitions=true",
                        ""));
        Files.writeString(etc.resolve("log.properties"), "io.trino=WARN\n");
        List<String> command =
                List.of(
                        java.toString(),
                        "-Xmx1g",
                        "-XX:+UseSerialGC",
                        "-Duser.timezone=UTC",
                        "-Djdk.attach.allowAttachSelf=true",
                        "--enable-native-access=ALL-UNNAMED",
                        "-Dnode.environment=test",
                        "-Dnode.id=checkout-lake-test",
                        "-Dnode.data-dir=" + Files.createDirectories(workDir.resolve("data")),
                        "-Dconfig=" + etc.resolve("config.properties"),
                        "-Dcatalog.config-dir=" + catalogs,
                        "-Dlog.levels-file=" + etc.resolve("log.properties"),
                        "-cp",
                        home.resolve("lib") + "/*",
                        "io.trino.server.TrinoServer");
        Path log = workDir.resolve("trino.log");
        Process process =
                new ProcessBuilder(command)
                        .directory(workDir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        TrinoServer server = new TrinoServer(process, URI.create("http://127.0.0.1:" + port), log);
        server.awaitStarted();
        return server;
    }

    private void awaitStarted() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Trino ended while starting; see " + log);
            }
            try {
                HttpResponse<String> info =
                        http.send(
                                HttpRequest.newBuilder(base.resolve("/v1/info")).build(),
                                HttpResponse.BodyHandlers.ofString());
                if (info.statusCode() == 200
                        && !JSON.readTree(info.body()).path("starting").asBoolean(true)) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        close();
        throw new IllegalStateException("Trino did not start within " + STARTUP + "; see " + log);
    }

    @Override
    public String name() {
        return "Trino";
    }

    @Override
    public List<List<JsonNode>> query(String sql) throws IOException {
        try {
            JsonNode page =
                    send(
                            HttpRequest.newBuilder(base.resolve("/v1/statement"))
                                    .POST(
                                            HttpRequest.BodyPublishers.ofString(
                                                    sql, StandardCharsets.UTF_8)));
            List<List<JsonNode>> rows = new ArrayList<>();
            while (true) {
                if (page.has("error")) {
                    throw new IOException(
                            "Trino: "
                                    + page.get("error").path("message").asText()
                                    + "\nstatement: "
                                    + sql);
                }
                for (JsonNode row : page.path("data")) {
                    List<JsonNode> values = new ArrayList<>();
                    row.forEach(values::add);
                    rows.add(values);
                }
                if (!page.hasNonNull("nextUri")) {
                    return rows;
                }
                page = send(HttpRequest.newBuilder(URI.create(page.get("nextUri").asText())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response =
                http.send(
                        request.header("X-Trino-User", "checkout-lake-test")
                                .header("X-Trino-Catalog", CATALOG)
                                .timeout(Duration.ofMinutes(2))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(
                    "Trino answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The unpacked tarball; unpacked on first use (its hard links need tar). */
    private static Path installation() throws IOException, InterruptedException {
        Path tarball = Path.of(SparkSql.requiredProperty("trino.server.tarball"));
        if (!Files.isRegularFile(tarball)) {
            throw new IllegalStateException(
                    tarball + " is missing: the tests' build copies it (mvn verify)");
        }
        Path dir = tarball.getParent();
        Path done = dir.resolve("unpacked");
        if (!Files.exists(done)) {
            Process tar =
                    new ProcessBuilder("tar", "-xzf", tarball.toString(), "-C", dir.toString())
                            .redirectErrorStream(true)
                            .redirectOutput(dir.resolve("tar.log").toFile())
                            .start();
            if (!tar.waitFor(10, TimeUnit.MINUTES) || tar.exitValue() != 0) {
                throw new IllegalStateException("unpacking " + tarball + " failed; see tar.log");
            }
            Files.writeString(done, "");
        }
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(p -> p.getFileName().toString().startsWith("trino-server-"))
                    .filter(Files::isDirectory)
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no trino-server-* in " + dir));
        }
    }

    /**
     * The JDK Trino runs on: {@code -Dtrino.java.home}, else the newest JDK 24+ under {@code
     * /usr/lib/jvm} (.ci/run installs Temurin 25 there).
     */
    static Path javaHome() throws IOException {
        String given = System.getProperty("trino.java.home", "");
        if (!given.isBlank()) {
            Path home = Path.of(given);
            if (Files.isExecutable(home.resolve("bin/java")) && featureOf(home) >= 24) {
                return home;
            }
            throw new IllegalStateException(
                    "trino.java.home=" + given + " is not a JDK 24 or later; Trino 476 needs one");
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> homes = Files.list(jvms)) {
                Path best = null;
                int bestFeature = 0;
                for (Path home : (Iterable<Path>) homes::iterator) {
                    int feature = featureOf(home);
                    if (feature >= 24
                            && feature > bestFeature
                            && Files.isExecutable(home.resolve("bin/java"))) {
                        best = home;
                        bestFeature = feature;
                    }
                }
                if (best != null) {
                    return best;
                }
            }
        }
        throw new IllegalStateException(
                "no JDK 24 or later for Trino 476: install Temurin 25 (.ci/run does) or set"
                        + " -Dtrino.java.home");
    }

    /** The feature release of a JDK from its {@code release} file; 0 if unknown. */
    private static int featureOf(Path home) throws IOException {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release)) {
            return 0;
        }
        for (String line : Files.readAllLines(release)) {
            if (line.startsWith("JAVA_VERSION=")) {
                String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                String feature = version.split("[.+-]")[0];
                try {
                    return Integer.parseInt(feature);
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
