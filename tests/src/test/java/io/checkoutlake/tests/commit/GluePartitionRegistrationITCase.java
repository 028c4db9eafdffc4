package io.checkoutlake.tests.commit;

import static org.assertj.core.api.Assertions.assertThat;

import io.checkoutlake.functions.model.Entity;
import io.checkoutlake.functions.schema.LakeSchemas;
import io.checkoutlake.job.commit.PartitionCommitSettings;
import io.checkoutlake.job.commit.PartitionCommitter;
import io.checkoutlake.job.config.LakeJobConfig;
import io.checkoutlake.tests.kinesis.MotoServerExtension;
import io.checkoutlake.tools.catalog.GlueColumn;
import io.checkoutlake.tools.catalog.GlueTableTemplate;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.Partition;
import software.amazon.awssdk.services.glue.model.SerDeInfo;
import software.amazon.awssdk.services.glue.model.StorageDescriptor;

/**
 * Partition registration in the Glue Data Catalog against moto's Glue ({@code python3 -m
 * moto.server}): the database and tables are created as deploy/catalog does, the stream job commits
 * a day and registers it with the table's storage descriptor; committing it again is no error and
 * leaves one partition.
 */
class GluePartitionRegistrationITCase {
    private static final String DATABASE = "checkout_lake";
    private static final String DAY1 = "YEAR=2019/MONTH=08/DAY=01";

    @RegisterExtension static final MotoServerExtension MOTO = new MotoServerExtension();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static boolean setSecret;

    @TempDir Path dir;

    /** The SDK v2 reads aws.secretAccessKey (the extension sets v1's aws.secretKey). */
    @BeforeAll
    static void credentials() {
        if (System.getProperty("aws.secretAccessKey") == null) {
            System.setProperty("aws.secretAccessKey", "testing");
            setSecret = true;
        }
    }

    @AfterAll
    static void clearCredentials() {
        if (setSecret) {
            System.clearProperty("aws.secretAccessKey");
        }
    }

    @Test
    void committedDayIsRegisteredOnceAndAgainWithoutError() throws Exception {
        try (GlueClient glue = client()) {
            createCatalog(glue);
            LakeJobConfig config;
            try (StreamingLake lake = new StreamingLake(dir)) {
                config =
                        lake.config()
                                .set("glue.register-partitions", "true")
                                .set("glue.database", DATABASE)
                                .set("aws.region", "us-east-1")
                                .set("aws.endpoint", MOTO.endpoint().toString())
                                .build();
                lake.start(config);
                lake.write(1, 40, "2019-08-01T00:00:00Z", "2019-08-01T20:00:00Z");
                lake.write(2, 40, "2019-08-03T00:00:00Z", "2019-08-03T12:00:00Z");
                for (Entity e : Entity.values()) {
                    lake.waitFor(
                            () -> !partitions(glue, e).isEmpty(), e.table() + " day 1 registered");
                }
                for (Entity e : Entity.values()) {
                    List<Partition> registered = partitions(glue, e);
                    assertThat(registered).hasSize(1);
                    Partition p = registered.get(0);
                    assertThat(p.values()).containsExactly("2019", "8", "1");
                    assertThat(p.storageDescriptor().location())
                            .startsWith("file:")
                            .endsWith("/lake/" + e.table() + "/" + DAY1 + "/");
                    StorageDescriptor table =
                            glue.getTable(r -> r.databaseName(DATABASE).name(e.table()))
                                    .table()
                                    .storageDescriptor();
                    assertThat(p.storageDescriptor().columns()).isEqualTo(table.columns());
                    assertThat(p.storageDescriptor().serdeInfo().serializationLibrary())
                            .isEqualTo(GlueTableTemplate.PARQUET_SERDE);
                    assertThat(p.storageDescriptor().inputFormat())
                            .isEqualTo(GlueTableTemplate.PARQUET_INPUT_FORMAT);
                }
            }

            // Committed again (a late row, a restore): AlreadyExists is success.
            for (Entity e : Entity.values()) {
                try (PartitionCommitter committer =
                        PartitionCommitSettings.of(config, e.table()).openCommitter()) {
                    committer.commit(DAY1);
                }
                assertThat(partitions(glue, e)).hasSize(1);
            }
        }
    }

    private static GlueClient client() {
        return GlueClient.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(MOTO.endpoint())
                .credentialsProvider(
                        StaticCredentialsProvider.create(
                                AwsBasicCredentials.create("testing", "testing")))
                .build();
    }

    /** The database and the tables as deploy/catalog/glue-catalog.yaml defines them. */
    private static void createCatalog(GlueClient glue) {
        glue.createDatabase(r -> r.databaseInput(d -> d.name(DATABASE)));
        for (Entity e : Entity.values()) {
            List<Column> columns = new ArrayList<>();
            for (GlueColumn c : GlueTableTemplate.columnsOf(LakeSchemas.of(e))) {
                columns.add(Column.builder().name(c.name()).type(c.type()).build());
            }
            List<Column> partitionKeys =
                    List.of(GlueTableTemplate.PartitionKey.values()).stream()
                            .map(k -> Column.builder().name(k.column()).type("int").build())
                            .collect(Collectors.toList());
            glue.createTable(
                    r ->
                            r.databaseName(DATABASE)
                                    .tableInput(
                                            t ->
                                                    t.name(e.table())
                                                            .tableType("EXTERNAL_TABLE")
                                                            .partitionKeys(partitionKeys)
                                                            .storageDescriptor(
                                                                    StorageDescriptor.builder()
                                                                            .location(
                                                                                    "s3://lake/"
                                                                                            + e
                                                                                                    .table()
                                                                                            + "/")
                                                                            .inputFormat(
                                                                                    GlueTableTemplate
                                                                                            .PARQUET_INPUT_FORMAT)
                                                                            .outputFormat(
                                                                                    GlueTableTemplate
                                                                                            .PARQUET_OUTPUT_FORMAT)
                                                                            .serdeInfo(
                                                                                    SerDeInfo
                                                                                            .builder()
                                                                                            .serializationLibrary(
                                                                                                    GlueTableTemplate
                                                                                                            .PARQUET_SERDE)
                                                                                            .build())
                                                                            .columns(columns)
                                                                            .build())));
        }
    }

    private static List<Partition> partitions(GlueClient glue, Entity e) {
        return glue.getPartitions(r -> r.databaseName(DATABASE).tableName(e.table())).partitions();
    }
}
