package io.checkoutlake.job.commit;

import io.checkoutlake.functions.partition.PartitionValues;
import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.GlueClientBuilder;
import software.amazon.awssdk.services.glue.model.BatchCreatePartitionResponse;
import software.amazon.awssdk.services.glue.model.PartitionError;
import software.amazon.awssdk.services.glue.model.PartitionInput;
import software.amazon.awssdk.services.glue.model.StorageDescriptor;
import software.amazon.awssdk.services.glue.model.Table;

/**
 * Registers partitions in the Glue Data Catalog with BatchCreatePartition (AWS SDK v2). The storage
 * descriptor is the table's own (columns, SerDe, input and output formats, as generated into
 * deploy/catalog/glue-catalog.yaml) with the partition's folder as location, so the catalog cannot
 * drift from the table. An {@code AlreadyExistsException} for the partition is success: commits are
 * repeated for late rows and after restores.
 */
public final class GluePartitionCatalog implements PartitionCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(GluePartitionCatalog.class);
    static final String ALREADY_EXISTS = "AlreadyExistsException";

    private final GlueClient glue;
    private final String database;
    private final Map<String, StorageDescriptor> tableDescriptors = new HashMap<>();

    public GluePartitionCatalog(GlueClient glue, String database) {
        this.glue = glue;
        this.database = database;
    }

    /** A client of {@code region}, at {@code endpoint} if given; default credentials chain. */
    public static GluePartitionCatalog connect(
            String region, Optional<URI> endpoint, String database) {
        GlueClientBuilder builder =
                GlueClient.builder()
                        .region(Region.of(region))
                        .credentialsProvider(DefaultCredentialsProvider.create())
                        .httpClientBuilder(ApacheHttpClient.builder());
        endpoint.ifPresent(builder::endpointOverride);
        return new GluePartitionCatalog(builder.build(), database);
    }

    @Override
    public void register(String table, String partition, String location) throws IOException {
        PartitionValues values = PartitionValues.parse(partition);
        try {
            StorageDescriptor sd = descriptorOf(table).toBuilder().location(location).build();
            PartitionInput input =
                    PartitionInput.builder()
                            .values(values.catalogValues())
                            .storageDescriptor(sd)
                            .build();
            BatchCreatePartitionResponse response =
                    glue.batchCreatePartition(
                            r ->
                                    r.databaseName(database)
                                            .tableName(table)
                                            .partitionInputList(List.of(input)));
            for (PartitionError error : response.errors()) {
                String code = error.errorDetail() == null ? null : error.errorDetail().errorCode();
                if (ALREADY_EXISTS.equals(code)) {
                    LOG.debug(
                            "Glue partition {}/{} {} already registered",
                            database,
                            table,
                            partition);
                    continue;
                }
                throw new IOException(
                        "Glue refused partition "
                                + partition
                                + " of "
                                + database
                                + "."
                                + table
                                + ": "
                                + code
                                + " "
                                + (error.errorDetail() == null
                                        ? ""
                                        : error.errorDetail().errorMessage()));
            }
        } catch (SdkException e) {
            throw new IOException(
                    "cannot register partition " + partition + " of " + database + "." + table, e);
        }
    }

    private StorageDescriptor descriptorOf(String table) {
        return tableDescriptors.computeIfAbsent(
                table,
                t -> {
                    Table glueTable = glue.getTable(r -> r.databaseName(database).name(t)).table();
                    return glueTable.storageDescriptor();
                });
    }

    @Override
    public void close() {
        glue.close();
    }
}
