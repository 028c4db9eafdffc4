package io.checkoutlake.tests.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.checkoutlake.tests.LakeContents;
import io.checkoutlake.tools.generator.GeneratedObject;
import io.checkoutlake.tools.generator.GeneratorSettings;
import io.checkoutlake.tools.generator.RawDocumentGenerator;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Raw objects for an S3 run, and what the lake must hold afterwards. The objects are generated
 * valid and invalid documents of both entities, put through the S3 API (S3Proxy's file system
 * backend then lists every folder on the way as a {@code .../} object too), plus folder
 * placeholders put through the S3 API, plus one valid document of several MB (an unknown field of
 * random text), so that its Parquet part file needs a multipart upload of more than one part.
 */
final class S3Workload {
    static final String ROW = "row";

    /** Larger than flink-s3-fs-hadoop's smallest part (5 MB), and incompressible. */
    static final int LARGE_FIELD_CHARS = 7 * 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    final String bucket;
    final String prefix;
    final List<GeneratedObject> objects;
    final String largeDocumentKey;

    private S3Workload(
            String bucket, String prefix, List<GeneratedObject> objects, String largeDocumentKey) {
        this.bucket = bucket;
        this.prefix = prefix;
        this.objects = objects;
        this.largeDocumentKey = largeDocumentKey;
    }

    static S3Workload write(S3ProxyExtension s3, String bucket, String prefix, int count, long seed)
            throws Exception {
        GeneratorSettings settings =
                GeneratorSettings.builder()
                        .seed(seed)
                        .badShare(0.2)
                        .gzipShare(0.1)
                        .bomShare(0.05)
                        .unknownFieldShare(0.05)
                        // Fewer order folders to list: discovery costs S3 requests per folder.
                        .versionsPerOrder(4)
                        .eventTimeStart(Instant.parse("2019-08-01T00:00:00Z"))
                        .eventTimeEnd(Instant.parse("2019-08-03T00:00:00Z"))
                        .build();
        List<GeneratedObject> objects = new RawDocumentGenerator(settings).next(count);
        GeneratedObject large =
                objects.stream()
                        .filter(o -> o.expectedReason() == null && o.bytes()[0] == '{')
                        .findFirst()
                        .orElseThrow();
        byte[] largeBytes = withLargeUnknownField(large.bytes(), seed);

        // Through the S3 API, not into S3Proxy's folder: S3A checks the ETag of every read, and
        // S3Proxy has one only for objects it stored itself.
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        for (GeneratedObject o : objects) {
            bodies.put(prefix + "/" + o.key(), o == large ? largeBytes : o.bytes());
        }
        s3.putObjects(bucket, bodies);

        // What the S3 console's "Create folder" and EMRFS leave behind: never documents.
        for (String key :
                List.of(
                        prefix + "/console-folder/",
                        prefix + "/console-folder/86_CheckoutOrder/",
                        prefix + "/86_CheckoutOrder_$folder$")) {
            s3.putObject(bucket, key, new byte[0]);
        }
        return new S3Workload(bucket, prefix, objects, large.key());
    }

    private static byte[] withLargeUnknownField(byte[] document, long seed) throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(document);
        Random random = new Random(seed);
        char[] text = new char[LARGE_FIELD_CHARS];
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < text.length; i++) {
            text[i] = alphabet.charAt(random.nextInt(alphabet.length()));
        }
        root.put("LargeUnknownBlob", new String(text));
        return JSON.writeValueAsBytes(root);
    }

    /** The raw bucket's folder placeholders under the prefix, as a flat S3 listing shows them. */
    List<String> listPlaceholders(S3ProxyExtension s3) {
        List<String> placeholders = new ArrayList<>();
        for (String key : s3.listKeys(bucket, prefix + "/")) {
            if (key.endsWith("/") || key.endsWith("_$folder$")) {
                placeholders.add(key);
            }
        }
        return placeholders;
    }

    String sourcePath() {
        return "s3a://" + bucket + "/" + prefix;
    }

    /** The {@code _source_file} of a generated object. */
    String uriOf(String key) {
        return sourcePath() + "/" + key;
    }

    /** Source file to {@link #ROW} or the expected dead-letter reason, for every object. */
    Map<String, String> expectedOutcomes() {
        Map<String, String> expected = new TreeMap<>();
        for (GeneratedObject o : objects) {
            expected.put(
                    uriOf(o.key()), o.expectedReason() == null ? ROW : o.expectedReason().code());
        }
        return expected;
    }

    /**
     * Every object exactly once, as a row or as a dead letter with its reason, nothing else (in
     * particular none of {@code placeholderKeys}, the folder placeholders of the raw bucket), and
     * documents in = rows out + dead letters; the lake read back from S3Proxy's folders with
     * parquet-avro, and again with DuckDB.
     */
    void assertLakeHoldsExactlyOnce(Path lake, Path deadLetters, List<String> placeholderKeys)
            throws Exception {
        List<LakeContents.Row> rows = LakeContents.rows(lake);
        List<JsonNode> dead = LakeContents.deadLetters(deadLetters);
        Map<String, List<String>> outcomes = new TreeMap<>();
        for (LakeContents.Row row : rows) {
            outcomes.computeIfAbsent(row.sourceFile(), k -> new ArrayList<>()).add(ROW);
        }
        for (JsonNode d : dead) {
            outcomes.computeIfAbsent(d.get("source_file").asText(), k -> new ArrayList<>())
                    .add(d.get("reason").asText());
        }

        Map<String, List<String>> duplicated = new TreeMap<>(outcomes);
        duplicated.values().removeIf(list -> list.size() == 1);
        assertThat(duplicated).as("sources with more than one output").isEmpty();
        Set<String> placeholderUris = new HashSet<>();
        for (String key : placeholderKeys) {
            String uri = "s3a://" + bucket + "/" + key;
            placeholderUris.add(uri);
            placeholderUris.add(uri.replaceAll("/+$", ""));
        }
        assertThat(outcomes.keySet())
                .as("folder placeholders that became a row or a dead letter")
                .doesNotContainAnyElementsOf(placeholderUris);
        Map<String, String> actual = new TreeMap<>();
        outcomes.forEach((uri, list) -> actual.put(uri, list.get(0)));
        assertThat(actual).as("the output of every object").isEqualTo(expectedOutcomes());
        assertThat(rows.size() + dead.size()).as("rows + dead letters").isEqualTo(objects.size());
        assertThat(actual).containsEntry(uriOf(largeDocumentKey), ROW);

        LakeContents.assertHolds(
                lake,
                objects.stream()
                        .filter(o -> o.expectedReason() == null)
                        .collect(
                                Collectors.groupingBy(
                                        GeneratedObject::entity, Collectors.counting())));
    }
}
