package io.checkoutlake.tools.catalog;

import io.checkoutlake.functions.model.Entity;
import io.checkoutlake.functions.schema.LakeSchemas;
import io.checkoutlake.functions.time.EventTimes;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * The CloudFormation template of the Glue Data Catalog: one database and one table per {@link
 * Entity}, generated from the entity's Avro schema so the catalog cannot drift from the files.
 *
 * <p>Tables use partition projection: Athena computes the {@code YEAR=yyyy/MONTH=MM/DAY=dd} folders
 * from the table properties, so no crawler and no partition registration are needed. The partition
 * columns are lower-case ({@code year}, ...) like every Hive identifier; the folder names keep the
 * lake's upper-case layout through {@code storage.location.template}.
 */
public final class GlueTableTemplate {
    /** Committed output of {@link #render()}, relative to the repository root. */
    public static final String COMMITTED_PATH = "deploy/catalog/glue-catalog.yaml";

    public static final String PARQUET_SERDE =
            "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";
    public static final String PARQUET_INPUT_FORMAT =
            "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat";
    public static final String PARQUET_OUTPUT_FORMAT =
            "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat";

    private GlueTableTemplate() {}

    /** The partition columns, outermost first, with the lake's folder name and zero-padding. */
    public enum PartitionKey {
        YEAR(4, EventTimes.EARLIEST.atZone(ZoneOffset.UTC).getYear(), lastYear()),
        MONTH(2, 1, 12),
        DAY(2, 1, 31);

        private final int digits;
        private final int first;
        private final int last;

        PartitionKey(int digits, int first, int last) {
            this.digits = digits;
            this.first = first;
            this.last = last;
        }

        /** The Hive column: lower case. */
        public String column() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The folder segment's name, as the job writes it: {@code YEAR}. */
        public String folder() {
            return name();
        }

        public int digits() {
            return digits;
        }

        /**
         * Projected values: every value the job can write (days 29-31 of short months hold no
         * files).
         */
        public String range() {
            return first + "," + last;
        }

        private static int lastYear() {
            return EventTimes.LATEST_EXCLUSIVE.minusSeconds(1).atZone(ZoneOffset.UTC).getYear();
        }
    }

    public static String render() {
        List<String> header =
                List.of(
                        "GENERATED from functions/src/main/resources/schemas/*.avsc by"
                                + " io.checkoutlake.tools.catalog.GlueTableTemplate: do not edit.",
                        "Regenerate: java -cp job/target/checkout-lake.jar:"
                                + "tests/tools/target/checkout-lake-tools.jar"
                                + " io.checkoutlake.tools.Tools glue-template > "
                                + COMMITTED_PATH,
                        "DeployGlueCatalogITCase fails while this file differs from what the"
                                + " schemas generate.");
        return CfnYaml.render(header, template());
    }

    /** The columns of an entity's table: the schema's top-level fields, in order. */
    public static List<GlueColumn> columnsOf(Schema schema) {
        List<GlueColumn> columns = new ArrayList<>();
        for (Schema.Field field : schema.getFields()) {
            String name = HiveTypes.nameOf(field.name());
            for (PartitionKey key : PartitionKey.values()) {
                if (key.column().equals(name)) {
                    throw new IllegalArgumentException(
                            "field " + field.name() + " clashes with partition column " + name);
                }
            }
            columns.add(new GlueColumn(name, HiveTypes.of(field.schema()), field.doc()));
        }
        return columns;
    }

    /** The S3 folder of a table's partition, with {@code ${year}}-style projection placeholders. */
    public static String partitionFolders() {
        StringBuilder folders = new StringBuilder();
        for (PartitionKey key : PartitionKey.values()) {
            folders.append(key.folder()).append("=${").append(key.column()).append("}/");
        }
        return folders.toString();
    }

    private static Map<String, Object> template() {
        Map<String, Object> template = new LinkedHashMap<>();
        template.put("AWSTemplateFormatVersion", "2010-09-09");
        template.put(
                "Description",
                "checkout-lake Glue Data Catalog: one database, one partition-projected Parquet"
                        + " table per entity (generated from the Avro schemas).");
        template.put("Parameters", parameters());
        Map<String, Object> resources = new LinkedHashMap<>();
        resources.put("Database", database());
        for (Entity entity : Entity.values()) {
            resources.put(logicalId(entity), table(entity));
        }
        template.put("Resources", resources);
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("DatabaseName", Map.of("Value", CfnYaml.ref("Database")));
        template.put("Outputs", outputs);
        return template;
    }

    /** {@code CheckoutTable} for the table {@code checkout}. */
    public static String logicalId(Entity entity) {
        String table = entity.table();
        return table.substring(0, 1).toUpperCase(Locale.ROOT) + table.substring(1) + "Table";
    }

    private static Map<String, Object> parameters() {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put(
                "DatabaseName",
                parameter(
                        "checkout_lake",
                        "^[a-z0-9_]{1,255}$",
                        "Glue database of the lake tables (lower case: Athena lower-cases names)."));
        parameters.put(
                "LakeBucketName",
                parameter(
                        null,
                        "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$",
                        "Bucket of the lake: the LakeBucketName output of the storage stack."));
        parameters.put(
                "LakePrefix",
                parameter(
                        "lake",
                        "^[A-Za-z0-9._=-]+(/[A-Za-z0-9._=-]+)*$",
                        "Key prefix of lake.path in that bucket, without leading or trailing"
                                + " slash."));
        return parameters;
    }

    private static Map<String, Object> parameter(
            String defaultValue, String allowedPattern, String description) {
        Map<String, Object> parameter = new LinkedHashMap<>();
        parameter.put("Type", "String");
        if (defaultValue != null) {
            parameter.put("Default", defaultValue);
        }
        parameter.put("AllowedPattern", allowedPattern);
        parameter.put("Description", description);
        return parameter;
    }

    private static Map<String, Object> database() {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("Name", CfnYaml.ref("DatabaseName"));
        input.put(
                "Description",
                "checkout-lake: order documents as event-time-partitioned Parquet, written"
                        + " exactly once by the checkout-lake Flink job.");
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("CatalogId", CfnYaml.ref("AWS::AccountId"));
        properties.put("DatabaseInput", input);
        return resource("AWS::Glue::Database", properties);
    }

    private static Map<String, Object> table(Entity entity) {
        Schema schema = LakeSchemas.of(entity);
        String location = "s3://${LakeBucketName}/${LakePrefix}/" + entity.table() + "/";

        Map<String, Object> tableParameters = new LinkedHashMap<>();
        tableParameters.put("classification", "parquet");
        tableParameters.put("EXTERNAL", "TRUE");
        tableParameters.put("checkoutlake.schema", entity.schemaResource());
        tableParameters.put("projection.enabled", "true");
        for (PartitionKey key : PartitionKey.values()) {
            String prefix = "projection." + key.column() + ".";
            tableParameters.put(prefix + "type", "integer");
            tableParameters.put(prefix + "range", key.range());
            tableParameters.put(prefix + "digits", Integer.toString(key.digits()));
        }
        // ${!year} is !Sub's escape for a literal ${year}: Athena fills it in, not CloudFormation.
        tableParameters.put(
                "storage.location.template",
                CfnYaml.sub(location + partitionFolders().replace("${", "${!")));

        List<Object> partitionKeys = new ArrayList<>();
        for (PartitionKey key : PartitionKey.values()) {
            partitionKeys.add(
                    new GlueColumn(
                                    key.column(),
                                    "int",
                                    "UTC "
                                            + key.column()
                                            + " of "
                                            + LakeSchemas.EVENT_TIME
                                            + " (folder "
                                            + key.folder()
                                            + "=, projected)")
                            .toCloudFormation());
        }

        List<Object> columns = new ArrayList<>();
        for (GlueColumn column : columnsOf(schema)) {
            columns.add(column.toCloudFormation());
        }

        Map<String, Object> serdeParameters = new LinkedHashMap<>();
        serdeParameters.put("serialization.format", "1");
        Map<String, Object> serde = new LinkedHashMap<>();
        serde.put("SerializationLibrary", PARQUET_SERDE);
        serde.put("Parameters", serdeParameters);

        Map<String, Object> storage = new LinkedHashMap<>();
        storage.put("Location", CfnYaml.sub(location));
        storage.put("InputFormat", PARQUET_INPUT_FORMAT);
        storage.put("OutputFormat", PARQUET_OUTPUT_FORMAT);
        storage.put("Compressed", false);
        storage.put("SerdeInfo", serde);
        storage.put("Columns", columns);

        Map<String, Object> input = new LinkedHashMap<>();
        input.put("Name", entity.table());
        input.put(
                "Description",
                entity.rawFolderSuffix()
                        + " documents, one row per document version ("
                        + entity.schemaResource()
                        + "), partitioned by the UTC day of "
                        + LakeSchemas.EVENT_TIME
                        + ".");
        input.put("TableType", "EXTERNAL_TABLE");
        input.put("Parameters", tableParameters);
        input.put("PartitionKeys", partitionKeys);
        input.put("StorageDescriptor", storage);

        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("CatalogId", CfnYaml.ref("AWS::AccountId"));
        properties.put("DatabaseName", CfnYaml.ref("Database"));
        properties.put("TableInput", input);
        return resource("AWS::Glue::Table", properties);
    }

    private static Map<String, Object> resource(String type, Map<String, Object> properties) {
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("Type", type);
        resource.put("Properties", properties);
        return resource;
    }
}
