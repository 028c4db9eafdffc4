package io.checkoutlake.tests.savepoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.checkoutlake.job.CheckoutLakeJob;
import io.checkoutlake.job.config.LakeJobConfig;
import io.checkoutlake.job.fetch.FlinkFileSystemFetcher;
import io.checkoutlake.job.source.FileDiscovery;
import io.checkoutlake.tests.LakeOutcomes;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.restartstrategy.RestartStrategies;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.core.execution.CheckpointType;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden savepoints. With {@code -Dsavepoint.fixture.write=true -Dsavepoint.fixture.version=V}
 * ({@code savepoints/make-fixture.sh V}) it takes the fixture of this release; otherwise it
 * restores the current job from every fixture under {@code savepoints/fixtures/} and proves:
 * nothing lost, nothing duplicated, the pending files of the savepoint committed, every state of
 * the savepoint claimed by an operator of today's job, and no Kryo serializer in any state.
 */
class SavepointFixturesITCase {
    /** Raw objects of a fixture, all present before the job starts. */
    static final int FIXTURE_DOCUMENTS = 100;

    /** Raw objects that land after the upgrade, while the restored job runs. */
    static final int AFTER_UPGRADE_DOCUMENTS = 20;

    static final long FIXTURE_SEED = 5;
    static final long AFTER_UPGRADE_SEED = 6;

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(SavepointFixture.PARALLELISM)
                            .build());

    @TempDir Path tmp;

    /**
     * Loads the job's config classes before any savepoint metadata is read in this JVM (in one
     * order, reading the metadata first left Jackson unloadable for the config later).
     */
    @BeforeAll
    static void loadJobClasses() {
        SavepointFixture.config(Path.of(SavepointFixture.FIXED_ROOT));
    }

    static List<SavepointFixture> fixtures() throws IOException {
        return SavepointFixture.all();
    }

    @Test
    void thereIsAFixture() throws IOException {
        assertThat(fixtures()).as("fixtures under %s", SavepointPaths.fixtures()).isNotEmpty();
    }

    @ParameterizedTest(name = "restore from the savepoint of {0}")
    @MethodSource("fixtures")
    void restoresFromFixtureExactlyOnce(
            SavepointFixture fixture, @InjectClusterClient ClusterClient<?> cluster)
            throws Exception {
        Assumptions.assumeFalse(Boolean.getBoolean("savepoint.fixture.write"));
        Path root = fixture.root();
        SavepointFixture.deleteTree(root);
        for (String folder : SavepointFixture.FOLDERS) {
            SavepointFixture.copyTree(fixture.dir.resolve(folder), root.resolve(folder));
        }
        Map<String, String> expected = new TreeMap<>(fixture.expected());
        List<String> hiddenAtSavepoint = new ArrayList<>();
        for (String folder : List.of("lake", "deadletter")) {
            for (String f : SavepointFixture.hiddenFiles(root.resolve(folder))) {
                hiddenAtSavepoint.add(folder + "/" + f);
            }
        }
        assertThat(hiddenAtSavepoint).as("pending files of the fixture").isNotEmpty();

        LakeJobConfig config = SavepointFixture.config(root);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(SavepointFixture.PARALLELISM);
        env.enableCheckpointing(300);
        env.setRestartStrategy(RestartStrategies.noRestart());
        job(config, root, 0).build(env);
        StreamGraph graph = env.getStreamGraph();
        // allowNonRestoredState=false: every state in the savepoint must find its operator.
        graph.setSavepointRestoreSettings(
                SavepointRestoreSettings.forPath(fixture.savepoint().toString(), false));
        JobClient client = env.executeAsync(graph);

        expected.putAll(
                SavepointFixture.writeRaw(
                        root.resolve("raw"), AFTER_UPGRADE_SEED, AFTER_UPGRADE_DOCUMENTS));
        Path lake = root.resolve("lake");
        Path deadLetters = root.resolve("deadletter");
        waitFor(
                () -> {
                    try {
                        return LakeOutcomes.read(lake, deadLetters).covers(expected.keySet());
                    } catch (IOException e) {
                        return false;
                    }
                },
                client,
                "every object of the fixture and after the upgrade has an output");
        // The final savepoint of stop (without drain) commits what the last checkpoint left.
        client.stopWithSavepoint(
                        false,
                        tmp.resolve("final").toUri().toString(),
                        SavepointFormatType.CANONICAL)
                .get();

        LakeOutcomes.read(lake, deadLetters).assertExactly(expected);
        long committed =
                hiddenAtSavepoint.stream().filter(f -> !Files.exists(root.resolve(f))).count();
        assertThat(committed)
                .as("pending files of the savepoint committed (renamed) after the restore")
                .isPositive();
    }

    /** Every operator state of a fixture belongs to a recorded uid, and no state uses Kryo. */
    @ParameterizedTest(name = "state of {0}")
    @MethodSource("fixtures")
    void fixtureStateIsClaimedAndKryoFree(SavepointFixture fixture) throws Exception {
        Map<OperatorID, String> uidsById = new HashMap<>();
        for (String uid : SavepointUidsITCase.recordedUids()) {
            uidsById.put(operatorIdOf(uid), uid);
        }
        Set<String> withState = new TreeSet<>();
        Path metadata = fixture.savepoint().resolve("_metadata");
        try (InputStream in = Files.newInputStream(metadata)) {
            CheckpointMetadata m =
                    Checkpoints.loadCheckpointMetadata(
                            new DataInputStream(in),
                            getClass().getClassLoader(),
                            fixture.savepoint().toString());
            for (OperatorState state : m.getOperatorStates()) {
                if (state.getStateSize() == 0 && state.getCoordinatorState() == null) {
                    continue;
                }
                assertThat(uidsById)
                        .as("state of operator %s must belong to a recorded uid", state)
                        .containsKey(state.getOperatorID());
                withState.add(uidsById.get(state.getOperatorID()));
            }
        }
        assertThat(withState)
                .as("operators with state in the savepoint of %s", fixture.version())
                .contains("raw-object-discovery", "raw-object-dedup", "checkout-lake-sink");

        // Serializer snapshots are written with their class names: no Kryo may appear in any
        // state file, while the dedup state's own serializer does (the scan sees class names).
        StringBuilder all = new StringBuilder();
        try (Stream<Path> s = Files.walk(fixture.savepoint())) {
            for (Path p : s.filter(Files::isRegularFile).collect(Collectors.toList())) {
                all.append(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
            }
        }
        String text = all.toString();
        assertThat(text).contains("content-digest").contains("LongSerializer");
        assertThat(text.toLowerCase(Locale.ROOT)).doesNotContain("kryo");
    }

    /**
     * Takes the fixture of this release, mid-stream: a manual checkpoint commits the first files,
     * more documents are processed, the savepoint captures pending files, in-flight fetches, unread
     * source splits and the dedup state; the folders are copied before anything else can commit
     * (periodic checkpoints are effectively off), then the job is cancelled.
     */
    @Test
    @EnabledIfSystemProperty(named = "savepoint.fixture.write", matches = "true")
    void writeFixture(@InjectClusterClient ClusterClient<?> cluster) throws Exception {
        String version = System.getProperty("savepoint.fixture.version", "").trim();
        assertThat(version).as("-Dsavepoint.fixture.version").matches("[0-9A-Za-z._-]+");
        Path root = SavepointFixture.fixedRoot(version);
        SavepointFixture.deleteTree(root);
        Map<String, String> expected =
                SavepointFixture.writeRaw(root.resolve("raw"), FIXTURE_SEED, FIXTURE_DOCUMENTS);
        long fetched = expected.values().stream().filter(v -> !v.equals("not_an_order")).count();

        SlowFetcher.FETCHED.set(0);
        LakeJobConfig config = SavepointFixture.config(root);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(SavepointFixture.PARALLELISM);
        // Periodic checkpoints effectively off: checkpoints are triggered by hand below.
        env.enableCheckpointing(Duration.ofHours(1).toMillis());
        env.setRestartStrategy(RestartStrategies.noRestart());
        job(config, root, 100).build(env);
        JobClient client = env.executeAsync(CheckoutLakeJob.JOB_NAME);
        JobID jobId = client.getJobID();

        waitFor(() -> SlowFetcher.FETCHED.get() >= fetched / 3, client, "a third fetched");
        cluster.triggerCheckpoint(jobId, CheckpointType.FULL).get();
        waitFor(() -> SlowFetcher.FETCHED.get() >= fetched * 2 / 3, client, "two thirds fetched");
        String savepoint =
                client.triggerSavepoint(
                                tmp.resolve("savepoints").toUri().toString(),
                                SavepointFormatType.CANONICAL)
                        .get();
        Path staging = tmp.resolve("staging");
        for (String folder : SavepointFixture.FOLDERS) {
            SavepointFixture.copyTree(root.resolve(folder), staging.resolve(folder));
        }
        client.cancel().get();

        LakeOutcomes atSavepoint =
                LakeOutcomes.read(staging.resolve("lake"), staging.resolve("deadletter"));
        assertThat(atSavepoint.outputs()).as("committed before the savepoint").isPositive();
        assertThat(atSavepoint.outputs()).isLessThan(expected.size());
        assertThat(SavepointFixture.hiddenFiles(staging.resolve("lake")))
                .as("pending files at savepoint")
                .isNotEmpty();

        SavepointFixture fixture = new SavepointFixture(SavepointPaths.fixtures().resolve(version));
        SavepointFixture.deleteTree(fixture.dir);
        SavepointFixture.copyTree(Path.of(java.net.URI.create(savepoint)), fixture.savepoint());
        for (String folder : SavepointFixture.FOLDERS) {
            SavepointFixture.copyTree(staging.resolve(folder), fixture.dir.resolve(folder));
        }
        SavepointFixture.writeExpected(fixture.dir.resolve("expected.tsv"), expected);
        fixture.properties.setProperty("version", version);
        fixture.properties.setProperty("fixed.root", root.toString());
        fixture.properties.setProperty("created", Instant.now().toString());
        fixture.properties.setProperty("parallelism", "" + SavepointFixture.PARALLELISM);
        fixture.properties.setProperty("documents", "" + FIXTURE_DOCUMENTS);
        fixture.properties.setProperty(
                "committed.outputs.at.savepoint", "" + atSavepoint.outputs());
        fixture.properties.setProperty(
                "hidden.files.at.savepoint",
                ""
                        + (SavepointFixture.hiddenFiles(staging.resolve("lake")).size()
                                + SavepointFixture.hiddenFiles(staging.resolve("deadletter"))
                                        .size()));
        fixture.saveProperties();
    }

    private static CheckoutLakeJob job(LakeJobConfig config, Path root, long latencyMillis) {
        return new CheckoutLakeJob(
                config,
                FileDiscovery.monitoring(root.resolve("raw").toUri(), Duration.ofMillis(200)),
                latencyMillis > 0
                        ? new SlowFetcher(new FlinkFileSystemFetcher(), latencyMillis)
                        : new FlinkFileSystemFetcher(),
                CheckoutLakeJob.sinksOf(config));
    }

    /** The operator id Flink derives from a user-provided uid (StreamGraphHasherV2). */
    static OperatorID operatorIdOf(String uid) {
        return SavepointStates.operatorIdOf(uid);
    }

    private static void waitFor(BooleanSupplier condition, JobClient client, String what)
            throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (client.getJobStatus().get().isGloballyTerminalState()) {
                throw new AssertionError(
                        "job ended (" + client.getJobStatus().get() + ") before: " + what);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(50);
        }
    }
}
