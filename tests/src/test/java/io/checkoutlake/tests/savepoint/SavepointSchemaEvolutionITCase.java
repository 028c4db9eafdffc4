package io.checkoutlake.tests.savepoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.avro.AvroReadSupport;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schema guard: every version {@code <entity>.v<N>.avsc} under
 * functions/src/main/resources/schemas must be mutually compatible with every earlier one of its
 * entity (new readers read old files, old readers read new files), and adding a nullable field is
 * proven end to end on Parquet.
 */
class SavepointSchemaEvolutionITCase {
    private static final Pattern VERSIONED = Pattern.compile("(.+)\\.v(\\d+)\\.avsc");

    @TempDir Path tmp;

    static Map<String, TreeMap<Integer, Schema>> schemas() throws IOException {
        Path dir = SavepointPaths.repository().resolve("functions/src/main/resources/schemas");
        Map<String, TreeMap<Integer, Schema>> out = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.sorted().collect(Collectors.toList())) {
                Matcher m = VERSIONED.matcher(p.getFileName().toString());
                assertThat(m.matches()).as("schema file name %s", p).isTrue();
                out.computeIfAbsent(m.group(1), k -> new TreeMap<>())
                        .put(
                                Integer.parseInt(m.group(2)),
                                new Schema.Parser()
                                        .parse(Files.readString(p, StandardCharsets.UTF_8)));
            }
        }
        return out;
    }

    /** Problems between {@code newer} and {@code older}, both directions; empty if compatible. */
    static List<String> incompatibilities(Schema older, Schema newer) {
        List<String> problems = new ArrayList<>();
        SchemaCompatibility.SchemaPairCompatibility backward =
                SchemaCompatibility.checkReaderWriterCompatibility(newer, older);
        if (backward.getType() != SchemaCompatibilityType.COMPATIBLE) {
            problems.add("new cannot read old: " + backward.getResult().getIncompatibilities());
        }
        SchemaCompatibility.SchemaPairCompatibility forward =
                SchemaCompatibility.checkReaderWriterCompatibility(older, newer);
        if (forward.getType() != SchemaCompatibilityType.COMPATIBLE) {
            problems.add("old cannot read new: " + forward.getResult().getIncompatibilities());
        }
        return problems;
    }

    @Test
    void everySchemaVersionIsCompatibleWithEveryEarlierOne() throws IOException {
        Map<String, TreeMap<Integer, Schema>> all = schemas();
        assertThat(all).containsKeys("checkout_order", "fulfillment_order");
        all.forEach(
                (entity, versions) -> {
                    assertThat(versions.firstKey()).as("%s starts at v1", entity).isEqualTo(1);
                    assertThat(versions.lastKey())
                            .as("%s versions have no gaps", entity)
                            .isEqualTo(versions.size());
                    versions.forEach(
                            (n, newer) ->
                                    versions.headMap(n)
                                            .forEach(
                                                    (o, older) ->
                                                            assertThat(
                                                                            incompatibilities(
                                                                                    older, newer))
                                                                    .as(
                                                                            "%s v%d against v%d",
                                                                            entity, n, o)
                                                                    .isEmpty()));
                });
    }

    @Test
    void theGuardBlocksIncompatibleChanges() throws IOException {
        Schema v1 = schemas().get("checkout_order").get(1);
        Schema required = withField(v1, "\"string\"", false);
        assertThat(incompatibilities(v1, required)).anyMatch(p -> p.startsWith("new cannot read"));
        Schema retyped = retype(v1, "order_form_id", "[\"null\", \"long\"]");
        assertThat(incompatibilities(v1, retyped)).hasSize(2);
        assertThat(incompatibilities(v1, withField(v1, "[\"null\", \"string\"]", true))).isEmpty();
    }

    /** v2 = v1 + one nullable field: Parquet of v1 read as v2 and Parquet of v2 read as v1. */
    @Test
    void aNullableFieldReadsBothWaysOnParquet() throws IOException {
        Schema v1 = schemas().get("checkout_order").get(1);
        Schema v2 = withField(v1, "[\"null\", \"string\"]", true);
        assertThat(incompatibilities(v1, v2)).isEmpty();

        GenericRecord old = required(new GenericData.Record(v1));
        old.put("order_form_id", "written-by-v1");
        old.put("_source_file", "file:///raw/old");
        Path v1File = write(v1, old, tmp.resolve("v1.parquet"));
        GenericRecord readAsV2 = read(v1File, v2);
        assertThat(readAsV2.getSchema().getField("coupon_code")).isNotNull();
        assertThat(readAsV2.get("coupon_code")).isNull();
        assertThat(readAsV2.get("order_form_id").toString()).isEqualTo("written-by-v1");

        GenericRecord recent = required(new GenericData.Record(v2));
        recent.put("order_form_id", "written-by-v2");
        recent.put("coupon_code", "SUMMER");
        Path v2File = write(v2, recent, tmp.resolve("v2.parquet"));
        GenericRecord readAsV1 = read(v2File, v1);
        assertThat(readAsV1.getSchema().getField("coupon_code")).isNull();
        assertThat(readAsV1.get("order_form_id").toString()).isEqualTo("written-by-v2");
        assertThat(read(v2File, v2).get("coupon_code").toString()).isEqualTo("SUMMER");
    }

    /** Fills the fields that are not nullable (provenance) with a value of their type. */
    private static GenericRecord required(GenericRecord r) {
        for (Schema.Field f : r.getSchema().getFields()) {
            switch (f.schema().getType()) {
                case LONG:
                    r.put(f.name(), 1_565_000_000_000_000L);
                    break;
                case STRING:
                    r.put(f.name(), "x");
                    break;
                default:
                    break;
            }
        }
        return r;
    }

    private static Schema withField(Schema v1, String type, boolean nullDefault) {
        String json = v1.toString();
        String field =
                "{\"name\":\"coupon_code\",\"type\":"
                        + type
                        + (nullDefault ? ",\"default\":null" : "")
                        + "},";
        int at = json.indexOf("\"fields\":[") + "\"fields\":[".length();
        return new Schema.Parser().parse(json.substring(0, at) + field + json.substring(at));
    }

    private static Schema retype(Schema v1, String name, String type) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : v1.getFields()) {
            Schema t = f.name().equals(name) ? new Schema.Parser().parse(type) : f.schema();
            fields.add(new Schema.Field(f.name(), t, f.doc(), f.defaultVal()));
        }
        return Schema.createRecord(v1.getName(), v1.getDoc(), v1.getNamespace(), false, fields);
    }

    private static Path write(Schema schema, GenericRecord record, Path file) throws IOException {
        try (ParquetWriter<GenericRecord> w =
                AvroParquetWriter.<GenericRecord>builder(
                                HadoopOutputFile.fromPath(
                                        new org.apache.hadoop.fs.Path(file.toUri()),
                                        new Configuration()))
                        .withSchema(schema)
                        .build()) {
            w.write(record);
        }
        return file;
    }

    private static GenericRecord read(Path file, Schema readSchema) throws IOException {
        Configuration conf = new Configuration();
        // A reader reads the columns its schema names (as Athena, Spark and DuckDB do by name):
        // without the projection parquet-avro refuses a file column the read schema lacks.
        AvroReadSupport.setRequestedProjection(conf, readSchema);
        AvroReadSupport.setAvroReadSchema(conf, readSchema);
        try (ParquetReader<GenericRecord> r =
                AvroParquetReader.<GenericRecord>builder(
                                HadoopInputFile.fromPath(
                                        new org.apache.hadoop.fs.Path(file.toUri()), conf))
                        .withConf(conf)
                        .build()) {
            GenericRecord record = r.read();
            assertThat(record).isNotNull();
            return record;
        }
    }
}
