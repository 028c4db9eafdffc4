package io.checkoutlake.tests.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * job/target/checkout-lake-cluster.jar, the jar the deploy scripts upload: the job, its connectors
 * and formats, none of Flink's own modules or logging (the cluster provides those, and a second
 * copy of Flink's classes in the job's jar is a classic source of linkage errors). Built by the job
 * module's package phase, which runs before these tests in {@code mvn verify}.
 */
class DeployClusterJarITCase {
    private static Set<String> entries;
    private static Set<String> localEntries;
    private static JarFile jar;

    @BeforeAll
    static void open() throws IOException {
        jar = new JarFile(built("checkout-lake-cluster.jar").toFile());
        entries = jar.stream().map(ZipEntry::getName).collect(Collectors.toSet());
        try (JarFile local = new JarFile(built("checkout-lake.jar").toFile())) {
            localEntries = local.stream().map(ZipEntry::getName).collect(Collectors.toSet());
        }
    }

    @AfterAll
    static void close() throws IOException {
        jar.close();
    }

    private static Path built(String jarName) {
        Path path = RepoFiles.root().resolve("job/target").resolve(jarName);
        assertThat(Files.exists(path))
                .as("%s is built by: mvn -B package -pl job -am", path)
                .isTrue();
        return path;
    }

    @Test
    void bundlesTheJobItsConnectorsAndFormats() {
        assertThat(entries)
                .contains(
                        "io/checkoutlake/job/CheckoutLakeMain.class",
                        "io/checkoutlake/functions/decode/DocumentDecoder.class",
                        "schemas/checkout_order.v1.avsc",
                        "schemas/fulfillment_order.v1.avsc",
                        "org/apache/flink/connector/file/sink/FileSink.class",
                        "org/apache/flink/formats/parquet/ParquetWriterFactory.class",
                        "org/apache/flink/formats/avro/typeutils/GenericRecordAvroTypeInfo.class",
                        "org/apache/parquet/avro/AvroParquetWriter.class",
                        "org/apache/avro/Schema.class",
                        "com/fasterxml/jackson/databind/ObjectMapper.class");
    }

    @Test
    void holdsNoDeveloperTools() {
        // The generator, the local demo and the Glue template live in tests/tools
        // (checkout-lake-tools.jar).
        List<String> toolPackages =
                List.of(
                        "io/checkoutlake/tools/",
                        "io/checkoutlake/functions/generator/",
                        "io/checkoutlake/functions/catalog/",
                        "io/checkoutlake/job/generator/",
                        "io/checkoutlake/job/local/");
        for (Set<String> jarEntries : List.of(entries, localEntries)) {
            assertThat(jarEntries)
                    .filteredOn(e -> toolPackages.stream().anyMatch(e::startsWith))
                    .isEmpty();
        }
    }

    @Test
    void leavesFlinksOwnModulesAndLoggingToTheCluster() {
        List<String> provided =
                List.of(
                        "org/apache/flink/api/common/ExecutionConfig.class", // flink-core
                        "org/apache/flink/runtime/jobgraph/JobGraph.class", // flink-runtime
                        "org/apache/flink/streaming/api/environment/StreamExecutionEnvironment.class",
                        "org/apache/flink/client/cli/CliFrontend.class", // flink-clients
                        "org/apache/flink/runtime/webmonitor/handlers/JarUploadHandler.class", // -web
                        "org/apache/flink/metrics/Counter.class", // flink-metrics-core
                        "org/apache/flink/annotation/Public.class",
                        "com/esotericsoftware/kryo/Kryo.class",
                        "org/slf4j/Logger.class",
                        "org/apache/logging/log4j/Logger.class",
                        "org/apache/logging/slf4j/Log4jLoggerFactory.class",
                        "log4j2.properties");
        // The local jar, for java -jar, keeps all of them: so each name is real.
        assertThat(localEntries).containsAll(provided);
        assertThat(entries).doesNotContainAnyElementsOf(provided);
        assertThat(entries.stream().filter(e -> e.startsWith("org/apache/flink/shaded/")))
                .as("flink-shaded-*")
                .isEmpty();
        assertThat(entries.stream().filter(e -> e.startsWith("org/apache/flink/runtime/rpc/")))
                .as("flink-rpc-*")
                .isEmpty();
    }

    @Test
    void mergesServiceFilesAndNamesTheMainClass() throws IOException {
        String factories = service("org.apache.flink.table.factories.Factory");
        assertThat(factories)
                .contains(
                        "org.apache.flink.formats.parquet.ParquetFileFormatFactory",
                        "org.apache.flink.formats.avro.AvroFormatFactory",
                        "org.apache.flink.connector.file.table.FileSystemTableFactory");
        // s3a:// on Managed Flink comes from the jar, as in AWS's own S3 sink examples.
        assertThat(service("org.apache.flink.core.fs.FileSystemFactory"))
                .contains("org.apache.flink.fs.s3hadoop.S3AFileSystemFactory");
        assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                .isEqualTo("io.checkoutlake.job.CheckoutLakeMain");
    }

    private static String service(String name) throws IOException {
        ZipEntry entry = jar.getEntry("META-INF/services/" + name);
        assertThat(entry).as("service file %s", name).isNotNull();
        try (InputStream in = jar.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
