package io.checkoutlake.tests.savepoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.checkoutlake.job.CheckoutLakeJob;
import io.checkoutlake.job.config.LakeJobConfig;
import io.checkoutlake.job.config.LakeJobConfigBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The uid guard. A uid names an operator's state in a savepoint: an operator without one gets a uid
 * hashed from the graph's shape, so any change of the wiring silently orphans its state; a changed
 * uid does the same. Builds the job's StreamGraph in both modes and asserts that every node carries
 * a user-provided uid (sink V2 writer and committer derive theirs from the sink's) and that the set
 * of uids equals {@code savepoints/uids.txt}.
 */
class SavepointUidsITCase {

    /** Every wiring the job has: a mode and a source kind. */
    private static final List<String> WIRINGS =
            List.of(
                    "stream files",
                    "backfill files",
                    "stream kinesis",
                    "stream s3-events",
                    "stream files compaction");

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "stream files",
                "backfill files",
                "stream kinesis",
                "stream s3-events",
                "stream files compaction"
            })
    void everyNodeHasAUserProvidedUid(String wiring) {
        StreamGraph graph = graphOf(wiring);
        assertThat(graph.getStreamNodes()).hasSizeGreaterThan(5);
        assertThat(nodesWithoutUid(graph)).as("nodes without a uid in %s", wiring).isEmpty();
    }

    @Test
    void uidsAreTheRecordedOnes() throws IOException {
        Set<String> uids = new TreeSet<>();
        for (String wiring : WIRINGS) {
            for (StreamNode node : graphOf(wiring).getStreamNodes()) {
                uids.add(node.getTransformationUID());
            }
        }
        assertThat(uids)
                .as(
                        "operator uids vs %s: a uid never changes without a state migration"
                                + " (savepoints/README.md); a new operator adds its uid there",
                        SavepointPaths.uids())
                .containsExactlyInAnyOrderElementsOf(recordedUids());
    }

    /** The guard itself can fail: an operator without uid is reported by its name. */
    @Test
    void theGuardReportsAnOperatorWithoutUid() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.fromSequence(1, 10)
                .uid("numbers")
                .map(x -> x + 1)
                .returns(Types.LONG)
                .name("unnamed-state")
                .print()
                .uid("print");
        assertThat(nodesWithoutUid(env.getStreamGraph(false))).containsExactly("unnamed-state");
    }

    static List<String> recordedUids() throws IOException {
        return Files.readAllLines(SavepointPaths.uids(), StandardCharsets.UTF_8).stream()
                .map(String::trim)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .collect(Collectors.toList());
    }

    /**
     * The job's graph for a wiring such as {@code "stream kinesis"} ({@code "... compaction"} with
     * lake.compaction.enabled); nothing is started.
     */
    static StreamGraph graphOf(String wiring) {
        String[] modeAndKind = wiring.split(" ");
        LakeJobConfigBuilder builder =
                LakeJobConfig.builder()
                        .set("mode", modeAndKind[0])
                        .set("source.kind", modeAndKind[1])
                        .set("lake.path", "file:///tmp/uids/lake")
                        .set("deadletter.path", "file:///tmp/uids/deadletter");
        if (modeAndKind.length > 2 && modeAndKind[2].equals("compaction")) {
            builder.set("lake.compaction.enabled", "true");
        }
        switch (modeAndKind[1]) {
            case "files":
                builder.set("source.path", "file:///tmp/uids/raw");
                break;
            case "kinesis":
                builder.set("kinesis.stream", "raw").set("aws.region", "us-east-1");
                break;
            default:
                builder.set("source.path", "s3a://raw/orders")
                        .set("kinesis.stream", "object-created")
                        .set("aws.region", "us-east-1");
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        CheckoutLakeJob.fromConfig(builder.build()).build(env);
        return env.getStreamGraph(false);
    }

    /**
     * Names of nodes without a user-provided uid. Every node counts: sources, sinks, keyed, async
     * and process operators hold state, and a stateless one without uid is still hashed into its
     * neighbours' generated ids.
     */
    static List<String> nodesWithoutUid(StreamGraph graph) {
        List<String> missing = new ArrayList<>();
        for (StreamNode node : graph.getStreamNodes()) {
            String uid = node.getTransformationUID();
            if (uid == null || uid.isEmpty()) {
                missing.add(node.getOperatorName());
            }
        }
        return missing;
    }
}
