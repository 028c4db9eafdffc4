package io.checkoutlake.tests.readers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Spark SQL 3.5 in local mode, as a process of its own (tests/spark-reader's {@code
 * SparkSqlRunner}): its Scala, Jackson and Hadoop would clash with Flink's on the test's class
 * path. One statement a line in, one JSON answer a line out.
 */
final class SparkSql implements SqlEngine, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What Spark 3.5 needs opened on Java 17 (its launcher's JavaModuleOptions). */
    private static final List<String> OPENS =
            List.of(
                    "java.lang",
                    "java.lang.invoke",
                    "java.lang.reflect",
                    "java.io",
                    "java.net",
                    "java.nio",
                    "java.util",
                    "java.util.concurrent",
                    "java.util.concurrent.atomic",
                    "jdk.internal.ref",
                    "sun.nio.ch",
                    "sun.nio.cs",
                    "sun.security.action",
                    "sun.util.calendar");

    private final Process process;
    private final Writer in;
    private final BufferedReader out;

    private SparkSql(Process process) {
        this.process = process;
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.out =
                new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /**
     * Starts Spark with the JVM's time zone UTC, as on EMR (whose instances run in UTC), and the
     * given Spark settings ({@code key=value}).
     */
    static SparkSql start(Path workDir, String... settings) throws IOException {
        Path classpathFile = Path.of(requiredProperty("spark.reader.classpath"));
        Path classes = Path.of(requiredProperty("spark.reader.classes"));
        if (!Files.isRegularFile(classpathFile) || !Files.isDirectory(classes)) {
            throw new IllegalStateException(
                    "the Spark reader is not built ("
                            + classpathFile
                            + "): run the tests through the reactor (mvn verify)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx768m");
        command.add("-XX:+UseSerialGC");
        command.add("-Duser.timezone=UTC");
        command.add("-Djdk.reflect.useDirectMethodHandle=false");
        for (String p : OPENS) {
            command.add("--add-opens=java.base/" + p + "=ALL-UNNAMED");
        }
        command.add("-cp");
        command.add(classes + java.io.File.pathSeparator + Files.readString(classpathFile).trim());
        command.add("io.checkoutlake.readers.spark.SparkSqlRunner");
        command.add("spark.sql.warehouse.dir=" + workDir.resolve("warehouse").toUri());
        command.add("spark.driver.extraJavaOptions=-Dderby.system.home=" + workDir);
        command.addAll(List.of(settings));
        Files.createDirectories(workDir);
        Process process =
                new ProcessBuilder(command)
                        .directory(workDir.toFile())
                        .redirectError(workDir.resolve("spark.log").toFile())
                        .start();
        SparkSql spark = new SparkSql(process);
        String ready = spark.out.readLine();
        if (ready == null || !ready.contains("\"ready\"")) {
            spark.close();
            throw new IllegalStateException(
                    "Spark did not start; see " + workDir.resolve("spark.log"));
        }
        return spark;
    }

    @Override
    public String name() {
        return "Spark";
    }

    @Override
    public synchronized List<List<JsonNode>> query(String sql) throws IOException {
        in.write(JSON.writeValueAsString(sql));
        in.write('\n');
        in.flush();
        String line = out.readLine();
        if (line == null) {
            throw new IOException("Spark ended; statement: " + sql);
        }
        JsonNode answer = JSON.readTree(line);
        if (answer.has("error")) {
            throw new IOException("Spark: " + answer.get("error").asText() + "\nstatement: " + sql);
        }
        List<List<JsonNode>> rows = new ArrayList<>();
        for (JsonNode row : answer.get("rows")) {
            List<JsonNode> values = new ArrayList<>();
            row.forEach(values::add);
            rows.add(values);
        }
        return rows;
    }

    @Override
    public void close() throws IOException {
        try {
            in.close();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            process.destroyForcibly();
        }
    }

    static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(
                    "system property " + name + " is not set (tests/pom.xml sets it)");
        }
        return value;
    }
}
