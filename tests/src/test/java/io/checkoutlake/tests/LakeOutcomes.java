package io.checkoutlake.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.checkoutlake.tools.generator.GeneratedObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a lake and its dead letters say about each raw object, by record identity ({@code
 * _source_file} of a row, {@code source_file} of a dead letter): the outcomes found for each
 * source, {@link #ROW} for a row, the reason code for a dead letter. Only committed files count.
 */
public final class LakeOutcomes {
    /** The outcome of an object that became a row. */
    public static final String ROW = "row";

    private final List<LakeContents.Row> rows;
    private final List<JsonNode> deadLetters;
    private final Map<String, List<String>> bySource = new TreeMap<>();

    private LakeOutcomes(List<LakeContents.Row> rows, List<JsonNode> deadLetters) {
        this.rows = rows;
        this.deadLetters = deadLetters;
        for (LakeContents.Row row : rows) {
            bySource.computeIfAbsent(row.sourceFile(), k -> new ArrayList<>()).add(ROW);
        }
        for (JsonNode d : deadLetters) {
            bySource.computeIfAbsent(d.get("source_file").asText(), k -> new ArrayList<>())
                    .add(d.get("reason").asText());
        }
    }

    public static LakeOutcomes read(Path lake, Path deadLetterRoot) throws IOException {
        return new LakeOutcomes(LakeContents.rows(lake), LakeContents.deadLetters(deadLetterRoot));
    }

    /** The outcome a generated object must have: {@link #ROW} or its expected reason's code. */
    public static String expectedOutcome(GeneratedObject o) {
        return o.expectedReason() == null ? ROW : o.expectedReason().code();
    }

    /** The {@code _source_file} the job gives an object written under {@code raw} by its key. */
    public static String uriOf(Path raw, String key) {
        return "file://" + raw.toAbsolutePath().resolve(key);
    }

    /** Rows and dead letters in all. */
    public int outputs() {
        return rows.size() + deadLetters.size();
    }

    public List<LakeContents.Row> rows() {
        return rows;
    }

    public List<JsonNode> deadLetters() {
        return deadLetters;
    }

    public Map<String, List<String>> bySource() {
        return bySource;
    }

    /** Whether every expected source has an outcome (it may still have a wrong or a second one). */
    public boolean covers(Collection<String> sources) {
        return bySource.keySet().containsAll(sources);
    }

    /**
     * Every expected object exactly once with its expected outcome, and nothing else: names the
     * duplicated, lost, unexpected and wrongly decided objects separately.
     */
    public void assertExactly(Map<String, String> expected) {
        Map<String, List<String>> duplicated = new TreeMap<>();
        Set<String> lost = new TreeSet<>();
        Set<String> unexpected = new TreeSet<>();
        Map<String, String> wrong = new TreeMap<>();
        for (Map.Entry<String, List<String>> e : bySource.entrySet()) {
            if (e.getValue().size() > 1) {
                duplicated.put(e.getKey(), e.getValue());
            }
            String want = expected.get(e.getKey());
            if (want == null) {
                unexpected.add(e.getKey());
            } else if (!e.getValue().get(0).equals(want)) {
                wrong.put(e.getKey(), "expected " + want + ", got " + e.getValue());
            }
        }
        for (String source : expected.keySet()) {
            if (!bySource.containsKey(source)) {
                lost.add(source);
            }
        }
        assertThat(duplicated).as("objects with more than one output (duplicates)").isEmpty();
        assertThat(lost).as("objects without any output (losses) of %d", expected.size()).isEmpty();
        assertThat(unexpected).as("outputs of objects never written").isEmpty();
        assertThat(wrong).as("objects with the wrong outcome").isEmpty();
        assertThat(outputs()).isEqualTo(expected.size());
    }
}
