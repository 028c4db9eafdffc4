package io.checkoutlake.tests.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.checkoutlake.job.CheckoutLakeJob;
import io.checkoutlake.job.config.LakeJobConfig;
import io.checkoutlake.job.fetch.FlinkFileSystemFetcher;
import io.checkoutlake.job.source.FileDiscovery;
import io.checkoutlake.tests.CapturedLogs;
import io.checkoutlake.tests.FailingFetcher;
import io.checkoutlake.tests.LakeContents;
import io.checkoutlake.tests.LakeOutcomes;
import io.checkoutlake.tools.generator.GeneratedObject;
import io.checkoutlake.tools.generator.GeneratorSettings;
import io.checkoutlake.tools.generator.RawDocumentGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * No record content in logs at INFO or above. Customer data with marker values is planted in valid
 * documents and in one invalid document per reason that reads content; the job runs over them with
 * one injected failure (so failure paths log too) while every log event of the JVM at INFO and
 * above is captured, stack traces included. No captured line holds a marker; the dead letters
 * (sensitive by design) and the lake do.
 */
class LogSecrecyITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    // Markers must be impossible to meet by chance in a log: Flink prints identity hash codes and
    // ids in hex at INFO, so each word is long and made of letters beyond 'f', fresh every run.
    private static final String EMAIL_WORD = "mrk" + nonHexWord(12);
    private static final String NAME_WORD = "mrk" + nonHexWord(12);
    private static final String EMAIL = "MARKER-" + EMAIL_WORD + "@example.com";
    private static final String NAME = "Zebulon-MARKER-" + NAME_WORD;
    private static final List<String> MARKERS = Arrays.asList(EMAIL, NAME, EMAIL_WORD, NAME_WORD);
    private static final String FOLDER = "3A_CheckoutOrder/33c887b2bf494a188a0aacc6b0d724bf/id/";

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @TempDir Path dir;

    @Test
    @Timeout(120)
    void noRecordContentInLogsAtInfoOrAbove() throws Exception {
        Path raw = Files.createDirectories(dir.resolve("raw"));
        Path lake = dir.resolve("lake");
        Path deadLetters = dir.resolve("deadletter");
        Map<String, String> expected = writeDocuments(raw);

        LakeJobConfig config =
                LakeJobConfig.builder()
                        .set("mode", "stream")
                        .set("source.path", raw.toUri().toString())
                        .set("lake.path", lake.toUri().toString())
                        .set("deadletter.path", deadLetters.toUri().toString())
                        .set("document.max-bytes", "64kb")
                        .build();
        FailingFetcher.reset();
        CheckoutLakeJob job =
                new CheckoutLakeJob(
                        config,
                        FileDiscovery.bounded(raw.toUri()),
                        new FailingFetcher(new FlinkFileSystemFetcher(), 5, expected.size() / 2),
                        CheckoutLakeJob.sinksOf(config));
        Configuration flink = new Configuration();
        flink.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(200));
        flink.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        flink.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        flink.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(50));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        env.setParallelism(2);

        List<String> lines;
        try (CapturedLogs logs = CapturedLogs.atLeast(Level.INFO)) {
            job.execute(env);
            lines = logs.lines();
        }

        assertThat(FailingFetcher.failed()).isTrue();
        // The capture saw the run, the failure and its stack trace.
        assertThat(lines).anyMatch(l -> l.contains("switched from state RUNNING to FINISHED"));
        assertThat(lines).anyMatch(l -> l.contains("injected failure") && l.contains("\tat "));
        for (String marker : MARKERS) {
            assertThat(lines.stream().filter(l -> l.contains(marker)).collect(Collectors.toList()))
                    .as("log lines at INFO or above holding %s", marker)
                    .isEmpty();
        }

        LakeOutcomes outcomes = LakeOutcomes.read(lake, deadLetters);
        assertThat(outcomes.bySource().keySet()).containsAll(expected.keySet());
        for (JsonNode d : outcomes.deadLetters()) {
            String reason = d.get("reason").asText();
            assertThat(reason).isEqualTo(expected.get(d.get("source_file").asText()));
            assertThat(d.get("detail").asText()).doesNotContain("MARKER");
            if (reason.equals("not_an_order")) {
                assertThat(d.hasNonNull("raw_text") || d.hasNonNull("raw_base64")).isFalse();
                continue;
            }
            String raw64 = d.hasNonNull("raw_base64") ? d.get("raw_base64").asText() : null;
            String content =
                    raw64 != null
                            ? new String(
                                    Base64.getDecoder().decode(raw64), StandardCharsets.ISO_8859_1)
                            : d.get("raw_text").asText();
            assertThat(content)
                    .as("the dead letter of %s keeps the document", reason)
                    .contains(EMAIL);
        }
        for (LakeContents.Row row : outcomes.rows()) {
            assertThat(row.record.toString()).contains(EMAIL);
        }
    }

    /** One valid document and one per content-reading reason, all carrying the markers. */
    private static Map<String, String> writeDocuments(Path raw) throws IOException {
        ObjectNode doc = markedDocument();
        Map<String, byte[]> objects = new LinkedHashMap<>();
        Map<String, String> outcome = new LinkedHashMap<>();
        byte[] valid = JSON.writeValueAsBytes(doc);

        add(objects, outcome, "valid.json", valid, LakeOutcomes.ROW);
        add(
                objects,
                outcome,
                "unknown-field.json",
                JSON.writeValueAsBytes(doc.deepCopy().put("LoyaltyNote", NAME)),
                LakeOutcomes.ROW);
        add(
                objects,
                outcome,
                "wrong-type.json",
                JSON.writeValueAsBytes(doc.deepCopy().put("Value", EMAIL)),
                "type_mismatch");
        add(
                objects,
                outcome,
                "garbage-time.json",
                JSON.writeValueAsBytes(doc.deepCopy().put("LastChange", EMAIL)),
                "invalid_timestamp");
        add(
                objects,
                outcome,
                "broken-encoded.json",
                JSON.writeValueAsBytes(doc.deepCopy().put("Items", "[{\"name\":\"" + NAME + "\"")),
                "malformed_encoded_value");
        ObjectNode noTime = doc.deepCopy();
        noTime.remove("LastChange");
        noTime.remove("CreationDate");
        add(objects, outcome, "no-time.json", JSON.writeValueAsBytes(noTime), "missing_event_time");
        add(
                objects,
                outcome,
                "too-early.json",
                JSON.writeValueAsBytes(doc.deepCopy().put("LastChange", "1650-01-01T00:00:00Z")),
                "event_time_out_of_range");
        String text = new String(valid, StandardCharsets.UTF_8);
        int cut = text.indexOf(EMAIL) + EMAIL.length() + 3;
        add(
                objects,
                outcome,
                "truncated.json",
                text.substring(0, cut).getBytes(StandardCharsets.UTF_8),
                "malformed_json");
        add(
                objects,
                outcome,
                "array.json",
                ("[" + text + "]").getBytes(StandardCharsets.UTF_8),
                "not_a_json_object");
        byte[] invalidUtf8 = valid.clone();
        int at = new String(valid, StandardCharsets.ISO_8859_1).indexOf(NAME) + NAME.length();
        invalidUtf8[at] = (byte) 0xC3;
        invalidUtf8[at + 1] = (byte) 0x28;
        add(objects, outcome, "invalid-utf8.json", invalidUtf8, "invalid_utf8");
        StringBuilder big = new StringBuilder(text.substring(0, text.length() - 1));
        big.append(",\"Padding\":\"");
        while (big.length() < 100_000) {
            big.append(NAME);
        }
        big.append("\"}");
        add(
                objects,
                outcome,
                "too-large.json",
                big.toString().getBytes(StandardCharsets.UTF_8),
                "too_large");

        Map<String, String> expected = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : objects.entrySet()) {
            Path target = raw.resolve(FOLDER + e.getKey());
            Files.createDirectories(target.getParent());
            Files.write(target, e.getValue());
            expected.put(LakeOutcomes.uriOf(raw, FOLDER + e.getKey()), outcome.get(e.getKey()));
        }
        // not an order: its content (with the markers) is never read
        Path stray = raw.resolve(FOLDER + "attachments/note.json");
        Files.createDirectories(stray.getParent());
        Files.write(stray, valid);
        expected.put(LakeOutcomes.uriOf(raw, FOLDER + "attachments/note.json"), "not_an_order");
        return expected;
    }

    private static void add(
            Map<String, byte[]> objects,
            Map<String, String> outcome,
            String name,
            byte[] bytes,
            String expected) {
        objects.put(name, bytes);
        outcome.put(name, expected);
    }

    /** A generated checkout order whose customer is the markers. */
    private static ObjectNode markedDocument() throws IOException {
        GeneratedObject o =
                new RawDocumentGenerator(
                                GeneratorSettings.builder().seed(11).checkoutShare(1.0).build())
                        .next();
        ObjectNode doc = (ObjectNode) JSON.readTree(o.bytes());
        ObjectNode profile = (ObjectNode) JSON.readTree(doc.get("ClientProfileData").textValue());
        profile.put("email", EMAIL);
        profile.put("firstName", NAME);
        doc.put("ClientProfileData", JSON.writeValueAsString(profile));
        return doc;
    }

    /** Letters g..z only: never a hex number, never a word Flink or the JDK logs. */
    private static String nonHexWord(int length) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StringBuilder word = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            word.append((char) ('g' + random.nextInt(20)));
        }
        return word.toString();
    }
}
