package io.checkoutlake.tests.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.checkoutlake.functions.model.Entity;
import io.checkoutlake.functions.path.RawObjectUris;
import io.checkoutlake.job.CheckoutLakeJob;
import io.checkoutlake.job.config.LakeJobConfig;
import io.checkoutlake.job.fetch.FlinkFileSystemFetcher;
import io.checkoutlake.job.fetch.ObjectFetcher;
import io.checkoutlake.job.source.FileDiscovery;
import io.checkoutlake.tests.CapturedLogs;
import io.checkoutlake.tests.LakeContents;
import io.checkoutlake.tests.LakeOutcomes;
import io.checkoutlake.tools.generator.GeneratedObject;
import io.checkoutlake.tools.generator.GeneratorSettings;
import io.checkoutlake.tools.generator.RawDocumentGenerator;
import io.checkoutlake.tools.generator.RawFolderWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every kind of bad input in one raw folder, beside valid documents under keys that URL-encoding
 * would change, through the whole job on a MiniCluster: each object ends exactly as stated here (a
 * row, a dead letter with its precise reason, or, for hidden names, nothing by documented rule), in
 * both modes, and the job neither fails nor stalls. Plus a {@code source.path} that does not exist:
 * a backfill finishes with no documents and a WARN naming it, a stream keeps listing it and reads
 * what appears there later.
 */
class BadInputITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    /** The default {@code document.max-bytes}. */
    private static final int MAX_BYTES = 16 * 1024 * 1024;

    private static final String CHECKOUT = "3A_CheckoutOrder/33c887b2bf494a188a0aacc6b0d724bf/";
    private static final String FULFILLMENT = "86_FulfillmentOrder/1234567890123-01/";

    /** Valid documents under these names must become rows naming them exactly. */
    static final List<String> SPECIAL_NAMES =
            Arrays.asList(
                    "with space.json",
                    "caf\u00e9-\u65e5\u672c-\ud83d\ude00.json",
                    "100%.json",
                    "%2B%20looks-encoded.json",
                    "a+b.json",
                    "hash#tag.json",
                    "semi;colon.json",
                    "q?x=1&y=2.json",
                    "at@sign.json");

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @TempDir Path dir;

    /** Key → {@link LakeOutcomes#ROW} or the reason code its dead letter must carry. */
    private final Map<String, String> expected = new LinkedHashMap<>();

    private Path raw;
    private Path lake;
    private Path deadLetters;

    @ParameterizedTest(name = "mode {0}")
    @ValueSource(strings = {"backfill", "stream"})
    @Timeout(180)
    void everyBadInputGetsItsPreciseAnswer(String mode) throws Exception {
        raw = Files.createDirectories(dir.resolve("raw"));
        lake = dir.resolve("lake");
        deadLetters = dir.resolve("deadletter");
        writeAllKinds();

        LakeJobConfig config =
                LakeJobConfig.builder()
                        .set("mode", mode)
                        .set("source.path", raw.toUri().toString())
                        .set("lake.path", lake.toUri().toString())
                        .set("deadletter.path", deadLetters.toUri().toString())
                        .set("fetch.concurrency", "4")
                        .build();
        // Production wiring, but a bounded listing in stream mode too (so that the run ends) and a
        // fetcher that deletes one object just before reading it.
        CheckoutLakeJob job =
                new CheckoutLakeJob(
                        config,
                        FileDiscovery.bounded(raw.toUri()),
                        new VanishingFetcher(new FlinkFileSystemFetcher()),
                        CheckoutLakeJob.sinksOf(config));
        Configuration flink = new Configuration();
        flink.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        env.setParallelism(2);
        job.execute(env);

        LakeOutcomes outcomes = LakeOutcomes.read(lake, deadLetters);
        outcomes.assertExactly(
                expected.entrySet().stream()
                        .collect(
                                Collectors.toMap(
                                        e -> LakeOutcomes.uriOf(raw, e.getKey()),
                                        Map.Entry::getValue)));
        assertDetails(outcomes);
    }

    /** Writes one object per kind of input and records what it must become. */
    private void writeAllKinds() throws IOException {
        ObjectNode checkout = validDocument(Entity.CHECKOUT);
        ObjectNode fulfillment = validDocument(Entity.FULFILLMENT);
        byte[] valid = bytes(checkout);
        String id = CHECKOUT + "id/";

        write(id + "valid.json", valid, LakeOutcomes.ROW);
        write(FULFILLMENT + "id/valid.json", bytes(fulfillment), LakeOutcomes.ROW);
        write(id + "bom.json", concat(BOM, valid), LakeOutcomes.ROW);
        write(id + "gzipped.json.gz", gzip(valid), LakeOutcomes.ROW);

        write(id + "malformed.json", Arrays.copyOf(valid, valid.length / 2), "malformed_json");
        byte[] gz = gzip(valid);
        write(id + "truncated.json.gz", Arrays.copyOf(gz, gz.length / 2), "unreadable_gzip");
        write(id + "empty.json", new byte[0], "empty_document");
        write(
                id + "blank.json",
                concat(BOM, "\r\n \t".getBytes(StandardCharsets.US_ASCII)),
                "empty_document");
        write(id + "invalid-utf8.json", withInvalidUtf8(checkout), "invalid_utf8");
        write(id + "huge.json", huge(50 * 1024 * 1024), "too_large");
        write(
                id + "array.json",
                concat(concat(new byte[] {'['}, valid), new byte[] {']'}),
                "not_a_json_object");

        // 1,000 levels (the root object and 999 arrays) is the parser's limit; one more is not.
        write(id + "nested-1000.json", nested(checkout, 999), LakeOutcomes.ROW);
        write(id + "nested-1001.json", nested(checkout, 1_000), "malformed_json");
        write(id + "nested-100000.json", nested(checkout, 100_000), "malformed_json");

        write(
                id + "broken-encoded.json",
                bytes(checkout.deepCopy().put("Items", "[{broken")),
                "malformed_encoded_value");
        write(
                id + "wrong-type.json",
                bytes(checkout.deepCopy().put("Value", "twelve")),
                "type_mismatch");
        ObjectNode noTime = checkout.deepCopy();
        noTime.remove("LastChange");
        noTime.remove("CreationDate");
        write(id + "no-event-time.json", bytes(noTime), "missing_event_time");
        write(
                id + "null-event-time.json",
                bytes(checkout.deepCopy().put("LastChange", "null").put("CreationDate", "")),
                "missing_event_time");
        write(
                id + "garbage-time.json",
                bytes(checkout.deepCopy().put("LastChange", "yesterday")),
                "invalid_timestamp");
        write(
                id + "year-1650.json",
                bytes(withEventTime(checkout, "1650-08-23T17:02:11.7010747-03:00")),
                "event_time_out_of_range");
        write(
                id + "too-early.json",
                bytes(withEventTime(checkout, "1999-12-31T23:59:59.999999Z")),
                "event_time_out_of_range");
        write(
                id + "too-late.json",
                bytes(withEventTime(checkout, "2100-01-01T00:00:00Z")),
                "event_time_out_of_range");
        write(
                id + "earliest.json",
                bytes(withEventTime(checkout, "2000-01-01T00:00:00Z")),
                LakeOutcomes.ROW);
        write(
                id + "latest.json",
                bytes(withEventTime(checkout, "2099-12-31T23:59:59.999999Z")),
                LakeOutcomes.ROW);
        write(id + "vanished.json", valid, "object_not_found");

        for (String name : SPECIAL_NAMES) {
            write(id + name, valid, LakeOutcomes.ROW);
        }

        // Not orders: what the history holds besides documents. Their content is never read.
        write(FULFILLMENT + "id/attachments/extra-1.json", bytes(fulfillment), "not_an_order");
        write(
                CHECKOUT + "notes.txt",
                "call after 6pm\n".getBytes(StandardCharsets.UTF_8),
                "not_an_order");
        write("3A_ReturnOrder/33c887b2bf494a188a0aacc6b0d724bf/id/doc.json", valid, "not_an_order");
        write("README.txt", "raw bucket\n".getBytes(StandardCharsets.UTF_8), "not_an_order");

        // Hidden names are not read (documented rule: objects still being written).
        Files.write(raw.resolve(id + ".in-flight.json"), valid);
        Files.write(raw.resolve(id + "_temporary.json"), valid);
    }

    private void assertDetails(LakeOutcomes outcomes) {
        Map<String, JsonNode> dead =
                outcomes.deadLetters().stream()
                        .collect(Collectors.toMap(d -> d.get("source_file").asText(), d -> d));
        Map<String, LakeContents.Row> rows =
                outcomes.rows().stream()
                        .collect(Collectors.toMap(LakeContents.Row::sourceFile, r -> r));
        String id = CHECKOUT + "id/";

        // The fetch stops at max-bytes + 1: the job never holds the 50 MB.
        JsonNode huge = dead.get(uri(id + "huge.json"));
        assertThat(huge.get("raw_bytes").asLong()).isEqualTo(MAX_BYTES + 1L);
        assertThat(huge.get("raw_truncated").asBoolean()).isTrue();
        assertThat(huge.get("raw_text").asText()).hasSize(64 * 1024);

        JsonNode utf8 = dead.get(uri(id + "invalid-utf8.json"));
        assertThat(utf8.hasNonNull("raw_text")).isFalse();
        assertThat(utf8.get("raw_base64").asText()).isNotEmpty();
        assertThat(dead.get(uri(id + "broken-encoded.json")).get("detail").asText())
                .startsWith("Items:");
        assertThat(dead.get(uri(id + "wrong-type.json")).get("detail").asText())
                .containsIgnoringCase("value")
                .doesNotContain("twelve");
        assertThat(dead.get(uri(id + "truncated.json.gz")).hasNonNull("raw_base64")).isTrue();
        for (String notAnOrder :
                Arrays.asList(FULFILLMENT + "id/attachments/extra-1.json", "README.txt")) {
            JsonNode d = dead.get(uri(notAnOrder));
            assertThat(d.hasNonNull("raw_text") || d.hasNonNull("raw_base64"))
                    .as("content of %s", notAnOrder)
                    .isFalse();
        }
        for (JsonNode d : dead.values()) {
            assertThat(d.get("detail").asText()).as("detail of %s", d).isNotBlank();
        }

        assertThat(rows.get(uri(id + "earliest.json")).partition)
                .isEqualTo("YEAR=2000/MONTH=01/DAY=01");
        assertThat(rows.get(uri(id + "latest.json")).partition)
                .isEqualTo("YEAR=2099/MONTH=12/DAY=31");
        assertThat(String.valueOf(rows.get(uri(id + "nested-1000.json")).record.get("_extra")))
                .startsWith("{\"Deep\":[[[");
        assertThat(rows.get(uri(FULFILLMENT + "id/valid.json")).entity)
                .isEqualTo(Entity.FULFILLMENT);
        for (String name : SPECIAL_NAMES) {
            // exactly the key as stored: not percent-encoded, not decoded
            String uri = "file://" + raw.toAbsolutePath() + "/" + id + name;
            assertThat(rows).as("a row whose _source_file is %s", uri).containsKey(uri);
        }
    }

    @Test
    @Timeout(60)
    void aBackfillOfAMissingPrefixFinishesWithNoDocumentsAndAWarning() throws Exception {
        Path missing = dir.resolve("no-such-prefix");
        LakeJobConfig config =
                LakeJobConfig.builder()
                        .set("mode", "backfill")
                        .set("source.path", missing.toUri().toString())
                        .set("lake.path", dir.resolve("lake").toUri().toString())
                        .set("deadletter.path", dir.resolve("deadletter").toUri().toString())
                        .build();
        try (CapturedLogs logs = CapturedLogs.atLeast(Level.WARN)) {
            CheckoutLakeJob.fromConfig(config)
                    .execute(StreamExecutionEnvironment.getExecutionEnvironment());
            // (a batch job may list its paths more than once)
            assertThat(logs.containing(missing.toAbsolutePath().toString()))
                    .as("WARN lines naming the missing prefix")
                    .isNotEmpty()
                    .allMatch(l -> l.startsWith("WARN"));
        }
        LakeOutcomes outcomes = LakeOutcomes.read(dir.resolve("lake"), dir.resolve("deadletter"));
        assertThat(outcomes.outputs()).isZero();
    }

    @Test
    @Timeout(90)
    void aStreamKeepsListingAMissingPrefixAndReadsWhatAppearsThere() throws Exception {
        raw = dir.resolve("not-yet");
        lake = dir.resolve("lake");
        deadLetters = dir.resolve("deadletter");
        LakeJobConfig config =
                LakeJobConfig.builder()
                        .set("mode", "stream")
                        .set("source.path", raw.toUri().toString())
                        .set("source.monitor-interval", "100ms")
                        .set("lake.path", lake.toUri().toString())
                        .set("deadletter.path", deadLetters.toUri().toString())
                        .build();
        Configuration flink = new Configuration();
        flink.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        CheckoutLakeJob.fromConfig(config).build(env);
        try (CapturedLogs logs = CapturedLogs.atLeast(Level.WARN)) {
            JobClient client = env.executeAsync(CheckoutLakeJob.JOB_NAME);
            try {
                // The first listing's WARN, however long the job takes to start on a busy
                // machine; then many more listings of the missing prefix.
                Instant listing = Instant.now().plusSeconds(60);
                while (logs.containing(raw.toAbsolutePath().toString()).isEmpty()
                        || client.getJobStatus().get(10, TimeUnit.SECONDS) != JobStatus.RUNNING) {
                    assertThat(Instant.now()).as("the job running and listing").isBefore(listing);
                    Thread.sleep(100);
                }
                Thread.sleep(1_500);
                assertThat(client.getJobStatus().get(10, TimeUnit.SECONDS))
                        .isEqualTo(JobStatus.RUNNING);
                assertThat(logs.containing(raw.toAbsolutePath().toString()))
                        .as("one WARN naming the missing prefix, not one per listing")
                        .hasSize(1)
                        .allMatch(l -> l.startsWith("WARN"));

                Files.createDirectories(raw);
                expected.clear();
                write(
                        CHECKOUT + "id/late.json",
                        bytes(validDocument(Entity.CHECKOUT)),
                        LakeOutcomes.ROW);
                String uri = uri(CHECKOUT + "id/late.json");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!LakeOutcomes.read(lake, deadLetters).covers(List.of(uri))) {
                    assertThat(System.nanoTime())
                            .as("the row of %s in time", uri)
                            .isLessThan(deadline);
                    Thread.sleep(100);
                }
                assertThat(client.getJobStatus().get(10, TimeUnit.SECONDS))
                        .isEqualTo(JobStatus.RUNNING);
            } finally {
                client.cancel().get(30, TimeUnit.SECONDS);
            }
        }
        LakeOutcomes.read(lake, deadLetters)
                .assertExactly(Map.of(uri(CHECKOUT + "id/late.json"), LakeOutcomes.ROW));
    }

    // ---- documents ------------------------------------------------------------------------

    private static ObjectNode validDocument(Entity entity) throws IOException {
        GeneratedObject o =
                new RawDocumentGenerator(
                                GeneratorSettings.builder()
                                        .seed(7)
                                        .checkoutShare(entity == Entity.CHECKOUT ? 1.0 : 0.0)
                                        .eventTimeStart(Instant.parse("2019-08-20T00:00:00Z"))
                                        .eventTimeEnd(Instant.parse("2019-08-21T00:00:00Z"))
                                        .build())
                        .next();
        assertThat(o.entity()).isEqualTo(entity);
        return (ObjectNode) JSON.readTree(o.bytes());
    }

    private static ObjectNode withEventTime(ObjectNode doc, String lastChange) {
        ObjectNode copy = doc.deepCopy();
        copy.put("LastChange", lastChange);
        copy.put("CreationDate", lastChange);
        return copy;
    }

    /** The document with {@code "Deep"} nested {@code arrays} arrays deep. */
    private static byte[] nested(ObjectNode doc, int arrays) throws IOException {
        String text = JSON.writeValueAsString(doc);
        StringBuilder sb = new StringBuilder(text.length() + 2 * arrays + 16);
        sb.append("{\"Deep\":");
        for (int i = 0; i < arrays; i++) {
            sb.append('[');
        }
        for (int i = 0; i < arrays; i++) {
            sb.append(']');
        }
        sb.append(',').append(text, 1, text.length());
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A lead byte without its continuation inside a string value. */
    private static byte[] withInvalidUtf8(ObjectNode doc) throws IOException {
        byte[] marked = bytes(doc.deepCopy().put("InstanceId", "i-QQBADQQ"));
        String text = new String(marked, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("QQBADQQ");
        byte[] out = marked.clone();
        out[at] = (byte) 0xC3;
        out[at + 1] = (byte) 0x28;
        return out;
    }

    /** A syntactically valid document of {@code size} bytes, mostly one long string. */
    private static byte[] huge(int size) {
        byte[] head =
                "{\"LastChange\":\"2019-08-23T17:02:11Z\",\"Padding\":\""
                        .getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "\"}".getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[size];
        Arrays.fill(out, (byte) 'x');
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(tail, 0, out, size - tail.length, tail.length);
        return out;
    }

    private static byte[] bytes(JsonNode doc) throws IOException {
        return JSON.writeValueAsBytes(doc);
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Writes an object whole (hidden, then renamed), as a running job may list it any time. */
    private void write(String key, byte[] bytes, String outcome) throws IOException {
        new RawFolderWriter(raw).write(key, bytes);
        expected.put(key, outcome);
    }

    private String uri(String key) {
        return LakeOutcomes.uriOf(raw, key);
    }

    /**
     * Deletes an object named {@code vanished.json} just before reading it: the object was listed
     * and is gone when fetched.
     */
    static final class VanishingFetcher implements ObjectFetcher {
        private static final long serialVersionUID = 1L;

        private final ObjectFetcher delegate;

        VanishingFetcher(ObjectFetcher delegate) {
            this.delegate = delegate;
        }

        @Override
        public byte[] fetch(String uri, long size, int limit) throws IOException {
            if (uri.endsWith("/vanished.json")) {
                Files.deleteIfExists(Paths.get(RawObjectUris.toPath(uri).toUri()));
            }
            return delegate.fetch(uri, size, limit);
        }
    }
}
