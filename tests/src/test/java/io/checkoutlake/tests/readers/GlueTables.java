package io.checkoutlake.tests.readers;

import io.checkoutlake.tests.deploy.CfnTemplate;
import io.checkoutlake.tests.deploy.CfnValues;
import io.checkoutlake.tools.catalog.GlueTableTemplate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Glue tables as the project generates them ({@code glue-template}), read back from the
 * template: names, column types, partition keys and table parameters, with {@code !Sub} resolved
 * for a bucket and prefix. What Athena and EMR Spark are given, and all that the reader tests
 * declare.
 */
final class GlueTables {
    static final String BUCKET = "lake-bucket";

    private GlueTables() {}

    /** A column as Glue declares it: a Hive type such as {@code struct<a:bigint>}. */
    static final class Column {
        final String name;
        final String type;

        Column(String name, String type) {
            this.name = name;
            this.type = type;
        }
    }

    static final class Table {
        final String name;
        final List<Column> columns;
        final List<Column> partitionKeys;
        final Map<String, String> parameters;
        final String location;

        Table(
                String name,
                List<Column> columns,
                List<Column> partitionKeys,
                Map<String, String> parameters,
                String location) {
            this.name = name;
            this.columns = columns;
            this.partitionKeys = partitionKeys;
            this.parameters = parameters;
            this.location = location;
        }
    }

    /** The generated template's tables, their locations under {@code s3://lake-bucket/prefix/}. */
    static List<Table> generated(String prefix, Path scratch) throws IOException {
        Path file = scratch.resolve("glue-catalog.yaml");
        Files.writeString(file, GlueTableTemplate.render(), StandardCharsets.UTF_8);
        CfnTemplate template = CfnTemplate.load(file);
        CfnValues values =
                new CfnValues(
                        template,
                        Map.of("LakeBucketName", BUCKET, "LakePrefix", prefix),
                        "eu-west-1");
        List<Table> tables = new ArrayList<>();
        for (Map<String, Object> resource : template.resourcesOfType("AWS::Glue::Table").values()) {
            Map<String, Object> input =
                    CfnTemplate.map(CfnTemplate.properties(resource).get("TableInput"));
            Map<String, Object> storage = CfnTemplate.map(input.get("StorageDescriptor"));
            Map<String, String> parameters = new LinkedHashMap<>();
            CfnTemplate.map(input.get("Parameters"))
                    .forEach((k, v) -> parameters.put(k, values.string(v)));
            tables.add(
                    new Table(
                            values.string(input.get("Name")),
                            columns(storage.get("Columns"), values),
                            columns(input.get("PartitionKeys"), values),
                            parameters,
                            values.string(storage.get("Location"))));
        }
        return tables;
    }

    private static List<Column> columns(Object node, CfnValues values) {
        List<Column> columns = new ArrayList<>();
        for (Object c : CfnTemplate.list(node)) {
            Map<String, Object> column = CfnTemplate.map(c);
            columns.add(
                    new Column(
                            values.string(column.get("Name")), values.string(column.get("Type"))));
        }
        return columns;
    }
}
