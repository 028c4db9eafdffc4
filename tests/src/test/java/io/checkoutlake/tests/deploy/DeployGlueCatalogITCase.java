package io.checkoutlake.tests.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.checkoutlake.functions.model.Entity;
import io.checkoutlake.functions.partition.EventTimeBucketAssigner;
import io.checkoutlake.functions.schema.LakeSchemas;
import io.checkoutlake.job.config.LakeOptions;
import io.checkoutlake.tools.catalog.GlueTableTemplate;
import io.checkoutlake.tools.catalog.HiveTypes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

/**
 * The Glue catalog template is generated from the Avro schemas: the committed file is exactly what
 * the generator writes, and its columns are the schemas' fields, node by node.
 */
class DeployGlueCatalogITCase {
    private static final Map<String, String> LAKE =
            Map.of("LakeBucketName", "lake-bucket", "LakePrefix", "lake");

    @Test
    void committedTemplateIsWhatTheSchemasGenerate() {
        String committed =
                RepoFiles.read(RepoFiles.root().resolve(GlueTableTemplate.COMMITTED_PATH));
        assertThat(committed)
                .as(
                        "%s is stale; regenerate it: java -cp job/target/checkout-lake.jar:"
                                + "tests/tools/target/checkout-lake-tools.jar"
                                + " io.checkoutlake.tools.Tools glue-template > %s",
                        GlueTableTemplate.COMMITTED_PATH, GlueTableTemplate.COMMITTED_PATH)
                .isEqualTo(GlueTableTemplate.render());
    }

    @Test
    void everyEntityHasOneTableWhoseColumnsAreItsSchemaFields() {
        Map<String, Map<String, Object>> tables = template().resourcesOfType("AWS::Glue::Table");
        assertThat(tables).hasSize(Entity.values().length);
        for (Entity entity : Entity.values()) {
            Map<String, Object> input = tableInput(entity);
            List<Object> columns = CfnTemplate.list(storage(input).get("Columns"));
            List<Schema.Field> fields = LakeSchemas.of(entity).getFields();
            assertThat(columns).as(entity.table()).hasSameSizeAs(fields);
            for (int i = 0; i < fields.size(); i++) {
                Map<String, Object> column = CfnTemplate.map(columns.get(i));
                Schema.Field field = fields.get(i);
                assertThat(column.get("Name")).isEqualTo(field.name().toLowerCase());
                assertMatches(
                        field.schema(),
                        HiveType.parse((String) column.get("Type")),
                        entity.table() + "." + field.name());
            }
        }
    }

    @Test
    void tablesAreParquetPartitionedByProjectedDayColumns() {
        for (Entity entity : Entity.values()) {
            Map<String, Object> input = tableInput(entity);
            assertThat(input.get("TableType")).isEqualTo("EXTERNAL_TABLE");
            List<String> partitionKeys =
                    CfnTemplate.list(input.get("PartitionKeys")).stream()
                            .map(
                                    k ->
                                            CfnTemplate.map(k).get("Name")
                                                    + " "
                                                    + CfnTemplate.map(k).get("Type"))
                            .collect(Collectors.toList());
            assertThat(partitionKeys).containsExactly("year int", "month int", "day int");
            List<Object> columnNames =
                    CfnTemplate.list(storage(input).get("Columns")).stream()
                            .map(c -> CfnTemplate.map(c).get("Name"))
                            .collect(Collectors.toList());
            assertThat(columnNames).doesNotContain("year", "month", "day");

            Map<String, Object> serde = CfnTemplate.map(storage(input).get("SerdeInfo"));
            assertThat(serde.get("SerializationLibrary"))
                    .isEqualTo("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe");
            assertThat(storage(input).get("InputFormat"))
                    .isEqualTo("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat");

            Map<String, Object> parameters = CfnTemplate.map(input.get("Parameters"));
            assertThat(parameters)
                    .containsEntry("projection.enabled", "true")
                    .containsEntry("classification", "parquet")
                    .containsEntry("projection.year.type", "integer")
                    .containsEntry("projection.year.digits", "4")
                    .containsEntry("projection.year.range", "2000,2099")
                    .containsEntry("projection.month.type", "integer")
                    .containsEntry("projection.month.digits", "2")
                    .containsEntry("projection.month.range", "1,12")
                    .containsEntry("projection.day.type", "integer")
                    .containsEntry("projection.day.digits", "2")
                    .containsEntry("projection.day.range", "1,31");
        }
    }

    /** Athena must find exactly the folders the job writes (its default partition pattern). */
    @Test
    void projectedLocationsAreTheFoldersTheJobWrites() {
        CfnTemplate template = template();
        CfnValues values = new CfnValues(template, LAKE, "eu-west-1");
        EventTimeBucketAssigner assigner =
                new EventTimeBucketAssigner(LakeOptions.LAKE_PARTITION_PATTERN.defaultValue());
        Instant eventTime = Instant.parse("2019-08-03T23:59:59.999999Z");
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, eventTime);
        for (Entity entity : Entity.values()) {
            Map<String, Object> input = tableInput(entity);
            String tableRoot = "s3://lake-bucket/lake/" + entity.table() + "/";
            assertThat(values.string(storage(input).get("Location"))).isEqualTo(tableRoot);
            String locationTemplate =
                    values.string(
                            CfnTemplate.map(input.get("Parameters"))
                                    .get("storage.location.template"));
            String projected =
                    locationTemplate
                            .replace("${year}", "2019")
                            .replace("${month}", "08")
                            .replace("${day}", "03");
            assertThat(projected).isEqualTo(tableRoot + assigner.bucketOf(micros) + "/");
        }
    }

    @Test
    void hiveTypesCoverAvroTypesTheSchemasDoNotUseYet() {
        Schema record =
                SchemaBuilder.record("R")
                        .fields()
                        .name("Amount")
                        .type(decimal())
                        .noDefault()
                        .name("day")
                        .type(date())
                        .noDefault()
                        .name("kind")
                        .type()
                        .enumeration("Kind")
                        .symbols("A", "B")
                        .noDefault()
                        .name("raw")
                        .type()
                        .bytesType()
                        .noDefault()
                        .name("ratio")
                        .type()
                        .floatType()
                        .noDefault()
                        .name("count")
                        .type()
                        .intType()
                        .noDefault()
                        .name("tags")
                        .type()
                        .map()
                        .values()
                        .array()
                        .items()
                        .stringType()
                        .noDefault()
                        .endRecord();
        assertThat(HiveTypes.of(record))
                .isEqualTo(
                        "struct<amount:decimal(12,2),day:date,kind:string,raw:binary,ratio:float,"
                                + "count:int,tags:map<string,array<string>>>");
        Schema twoTypes =
                SchemaBuilder.unionOf().nullType().and().stringType().and().longType().endUnion();
        assertThatThrownBy(() -> HiveTypes.of(twoTypes)).hasMessageContaining("one type");
        Schema recursive =
                new Schema.Parser()
                        .parse(
                                "{\"type\":\"record\",\"name\":\"Node\",\"fields\":[{\"name\":\"next\","
                                        + "\"type\":[\"null\",\"Node\"]}]}");
        assertThatThrownBy(() -> HiveTypes.of(recursive)).hasMessageContaining("contains itself");
    }

    /** The Avro type and the Hive type agree, recursively; {@code path} names the node. */
    private static void assertMatches(Schema avro, HiveType hive, String path) {
        Schema schema = nonNull(avro);
        switch (schema.getType()) {
            case RECORD:
                assertThat(hive.kind).as(path).isEqualTo("struct");
                List<Schema.Field> fields = schema.getFields();
                assertThat(hive.fieldNames)
                        .as(path)
                        .containsExactlyElementsOf(
                                fields.stream()
                                        .map(f -> f.name().toLowerCase())
                                        .collect(Collectors.toList()));
                for (int i = 0; i < fields.size(); i++) {
                    assertMatches(
                            fields.get(i).schema(),
                            hive.children.get(i),
                            path + "." + fields.get(i).name());
                }
                break;
            case ARRAY:
                assertThat(hive.kind).as(path).isEqualTo("array");
                assertMatches(schema.getElementType(), hive.children.get(0), path + "[]");
                break;
            case MAP:
                assertThat(hive.kind).as(path).isEqualTo("map");
                assertThat(hive.children.get(0).kind).as(path + " key").isEqualTo("string");
                assertMatches(schema.getValueType(), hive.children.get(1), path + "{}");
                break;
            default:
                assertThat(hive.kind).as(path).isEqualTo(primitive(schema));
        }
    }

    private static String primitive(Schema schema) {
        String logical = schema.getLogicalType() == null ? "" : schema.getLogicalType().getName();
        switch (schema.getType()) {
            case STRING:
            case ENUM:
                return "string";
            case LONG:
                return logical.endsWith("timestamp-micros") || logical.endsWith("timestamp-millis")
                        ? "timestamp"
                        : "bigint";
            case INT:
                return logical.equals("date") ? "date" : "int";
            case DOUBLE:
                return "double";
            case FLOAT:
                return "float";
            case BOOLEAN:
                return "boolean";
            default:
                throw new AssertionError("no Hive type expected for " + schema);
        }
    }

    private static Schema nonNull(Schema schema) {
        if (schema.getType() != Schema.Type.UNION) {
            return schema;
        }
        List<Schema> branches =
                schema.getTypes().stream()
                        .filter(s -> s.getType() != Schema.Type.NULL)
                        .collect(Collectors.toList());
        assertThat(branches).hasSize(1);
        return branches.get(0);
    }

    private static Schema decimal() {
        Schema bytes = Schema.create(Schema.Type.BYTES);
        org.apache.avro.LogicalTypes.decimal(12, 2).addToSchema(bytes);
        return bytes;
    }

    private static Schema date() {
        Schema days = Schema.create(Schema.Type.INT);
        org.apache.avro.LogicalTypes.date().addToSchema(days);
        return days;
    }

    private static CfnTemplate template() {
        return CfnTemplate.load(RepoFiles.root().resolve(GlueTableTemplate.COMMITTED_PATH));
    }

    private static Map<String, Object> tableInput(Entity entity) {
        Map<String, Object> table =
                template()
                        .resourcesOfType("AWS::Glue::Table")
                        .get(GlueTableTemplate.logicalId(entity));
        assertThat(table).as("table of %s", entity).isNotNull();
        Map<String, Object> input =
                CfnTemplate.map(CfnTemplate.properties(table).get("TableInput"));
        assertThat(input.get("Name")).isEqualTo(entity.table());
        return input;
    }

    private static Map<String, Object> storage(Map<String, Object> tableInput) {
        return CfnTemplate.map(tableInput.get("StorageDescriptor"));
    }
}
