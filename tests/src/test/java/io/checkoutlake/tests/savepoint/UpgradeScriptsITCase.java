package io.checkoutlake.tests.savepoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.checkoutlake.tests.ChildProcess;
import io.checkoutlake.tests.kinesis.MotoServerExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runbook's AWS scripts ({@code savepoints/managed-flink-*.sh}, {@code emr-upgrade.sh}) against
 * moto ({@code python3 -m moto.server}) through their {@code --endpoint-url}: the read-only calls
 * (describe-application) go to moto, the mutating ones moto does not implement
 * (create-application-snapshot, update-application, rollback-application) are printed with {@code
 * --dry-run} and checked word by word, as the shell would split them, and then given to the real
 * AWS CLI, whose parameter validation against the service model must accept them (moto then answers
 * with an error, which is not the point). EMR's add-steps is real in moto: the steps are read back
 * with list-steps, and the restore step's command is run with stubs for {@code flink} against
 * moto's S3 to see it pick the newest savepoint. {@code flink} is a stub everywhere, so no script
 * can reach a real cluster.
 */
class UpgradeScriptsITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String NEW_JAR_BUCKET = "arn:aws:s3:::checkout-lake-jars";
    private static final String NEW_JAR_KEY = "jars/checkout-lake-1.1.0.jar";
    private static final String OLD_JAR_KEY = "jars/checkout-lake-1.0.0.jar";
    private static final String YARN_APP = "application_1732240000000_0001";
    private static final String FLINK_JOB = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
    private static final String EMR_JAR = "/home/hadoop/checkout-lake-1.1.0.jar";

    /** As deploy/emr/configurations.json sets execution.checkpointing.savepoint-dir. */
    private static final String SAVEPOINT_DIR = "s3a://checkout-lake-test/savepoints/checkout-lake";

    private static final List<String> JOB_ARGS =
            List.of("--mode", "stream", "--source.path", "s3a://checkout-lake-test/raw/");

    @RegisterExtension static final MotoServerExtension MOTO = new MotoServerExtension();

    @TempDir Path temp;
    private Map<String, String> env;
    private Path flinkCalls;

    @BeforeEach
    void environment() throws IOException {
        Path bin = Files.createDirectories(temp.resolve("bin"));
        flinkCalls = temp.resolve("flink-calls.log");
        // flink records its arguments, one per line, and a line "--" after each call
        Path flink = bin.resolve("flink");
        Files.writeString(
                flink, "#!/bin/sh\nprintf '%s\\n' \"$@\" -- >> '" + flinkCalls + "'\nexit 0\n");
        Files.setPosixFilePermissions(flink, PosixFilePermissions.fromString("rwxr-xr-x"));
        env = new HashMap<>();
        env.put("PATH", bin + ":" + System.getenv("PATH"));
        env.put("AWS_ACCESS_KEY_ID", "testing");
        env.put("AWS_SECRET_ACCESS_KEY", "testing");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        // moto answers unimplemented calls with a 500: no retries
        env.put("AWS_MAX_ATTEMPTS", "1");
        // nothing of the developer's own AWS setup
        env.put("AWS_CONFIG_FILE", temp.resolve("no-aws-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", temp.resolve("no-aws-credentials").toString());
        for (String name :
                List.of("AWS_REGION", "AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL")) {
            env.put(name, null);
        }
    }

    @Test
    void everyScriptParsesAndIsExecutable() throws Exception {
        List<Path> scripts;
        try (Stream<Path> files = Files.list(SavepointPaths.savepoints())) {
            scripts =
                    files.filter(f -> f.getFileName().toString().endsWith(".sh"))
                            .sorted()
                            .collect(Collectors.toList());
        }
        assertThat(scripts.stream().map(p -> p.getFileName().toString()))
                .contains(
                        "stop-with-savepoint.sh",
                        "managed-flink-upgrade.sh",
                        "managed-flink-rollback.sh",
                        "emr-upgrade.sh",
                        "make-fixture.sh");
        for (Path script : scripts) {
            run("bash", "-n", script.toString()).assertSucceeded();
            assertThat(Files.isExecutable(script)).as("%s is executable", script).isTrue();
        }
    }

    @Test
    @Timeout(180)
    void managedFlinkUpgradeSnapshotsThenRestoresTheNewJarFromTheLatestSnapshot() throws Exception {
        String app = "checkout-lake-upgrade";
        createApplication(app);
        String version = describe(app, "ApplicationVersionId");

        ChildProcess.Result upgrade =
                runScript(
                        "managed-flink-upgrade.sh",
                        "--application",
                        app,
                        "--bucket-arn",
                        NEW_JAR_BUCKET,
                        "--key",
                        NEW_JAR_KEY,
                        "--snapshot",
                        "pre-1.1.0",
                        "--endpoint-url",
                        endpoint(),
                        "--dry-run");
        upgrade.assertSucceeded();
        assertThat(upgrade.stderr)
                .as("it read the application from moto")
                .contains("application " + app + ": version " + version);
        List<String> lines = upgrade.stdoutLines();
        assertThat(lines).as("%s", upgrade).hasSize(2);

        assertThat(words(lines.get(0)))
                .containsExactly(
                        "aws",
                        "--endpoint-url",
                        endpoint(),
                        "kinesisanalyticsv2",
                        "create-application-snapshot",
                        "--application-name",
                        app,
                        "--snapshot-name",
                        "pre-1.1.0");

        List<String> update = words(lines.get(1));
        assertThat(update.subList(0, 5))
                .containsExactly(
                        "aws",
                        "--endpoint-url",
                        endpoint(),
                        "kinesisanalyticsv2",
                        "update-application");
        Map<String, String> options = options(update.subList(5, update.size()));
        assertThat(options)
                .containsOnlyKeys(
                        "--application-name",
                        "--current-application-version-id",
                        "--application-configuration-update",
                        "--run-configuration-update")
                .containsEntry("--application-name", app)
                .containsEntry("--current-application-version-id", version);
        JsonNode code =
                JSON.readTree(options.get("--application-configuration-update"))
                        .path("ApplicationCodeConfigurationUpdate");
        assertThat(code.path("CodeContentTypeUpdate").asText()).isEqualTo("ZIPFILE");
        JsonNode location = code.path("CodeContentUpdate").path("S3ContentLocationUpdate");
        assertThat(location.path("BucketARNUpdate").asText()).isEqualTo(NEW_JAR_BUCKET);
        assertThat(location.path("FileKeyUpdate").asText()).isEqualTo(NEW_JAR_KEY);
        JsonNode runConfig = JSON.readTree(options.get("--run-configuration-update"));
        JsonNode restore = runConfig.path("ApplicationRestoreConfiguration");
        assertThat(restore.path("ApplicationRestoreType").asText())
                .isEqualTo("RESTORE_FROM_LATEST_SNAPSHOT");
        assertThat(restore.has("SnapshotName")).isFalse();
        JsonNode allow = runConfig.path("FlinkRunConfiguration").path("AllowNonRestoredState");
        assertThat(allow.isBoolean() && !allow.booleanValue())
                .as("AllowNonRestoredState is the JSON boolean false: %s", runConfig)
                .isTrue();
        assertThat(upgrade.stderr).contains("rollback point: snapshot pre-1.1.0");

        for (String line : lines) {
            assertTheCliAccepts(line);
        }
    }

    @Test
    @Timeout(180)
    void managedFlinkUpgradeNamesItsSnapshotAndAllowsDroppedStateOnlyWhenAsked() throws Exception {
        String app = "checkout-lake-defaults";
        createApplication(app);
        ChildProcess.Result upgrade =
                runScript(
                        "managed-flink-upgrade.sh",
                        "--application",
                        app,
                        "--bucket-arn",
                        NEW_JAR_BUCKET,
                        "--key",
                        NEW_JAR_KEY,
                        "--allow-non-restored-state",
                        "--endpoint-url",
                        endpoint(),
                        "--dry-run");
        upgrade.assertSucceeded();
        List<String> lines = upgrade.stdoutLines();
        assertThat(lines).as("%s", upgrade).hasSize(2);
        String snapshot = options(words(lines.get(0)).subList(5, 9)).get("--snapshot-name");
        assertThat(snapshot).matches("pre-upgrade-\\d{8}T\\d{6}Z");
        assertThat(upgrade.stderr).contains("rollback point: snapshot " + snapshot);
        List<String> update = words(lines.get(1));
        JsonNode runConfig =
                JSON.readTree(
                        options(update.subList(5, update.size()))
                                .get("--run-configuration-update"));
        assertThat(
                        runConfig
                                .path("FlinkRunConfiguration")
                                .path("AllowNonRestoredState")
                                .isBoolean())
                .isTrue();
        assertThat(
                        runConfig
                                .path("FlinkRunConfiguration")
                                .path("AllowNonRestoredState")
                                .asBoolean())
                .isTrue();
        assertTheCliAccepts(lines.get(1));
    }

    @Test
    @Timeout(180)
    void managedFlinkUpgradeOfAnUnknownApplicationChangesNothing() throws Exception {
        ChildProcess.Result upgrade =
                runScript(
                        "managed-flink-upgrade.sh",
                        "--application",
                        "no-such-application",
                        "--bucket-arn",
                        NEW_JAR_BUCKET,
                        "--key",
                        NEW_JAR_KEY,
                        "--endpoint-url",
                        endpoint(),
                        "--dry-run");
        assertThat(upgrade.exitCode).as("%s", upgrade).isNotEqualTo(0);
        assertThat(upgrade.stdout).as("no snapshot, no update").isEmpty();
    }

    @Test
    @Timeout(180)
    void managedFlinkRollbackUsesTheServiceRollbackOrThePreUpgradeSnapshot() throws Exception {
        String app = "checkout-lake-rollback";
        createApplication(app);
        String version = describe(app, "ApplicationVersionId");

        ChildProcess.Result service =
                runScript(
                        "managed-flink-rollback.sh",
                        "--application",
                        app,
                        "--endpoint-url",
                        endpoint(),
                        "--dry-run");
        service.assertSucceeded();
        assertThat(service.stdoutLines()).as("%s", service).hasSize(1);
        assertThat(words(service.stdoutLines().get(0)))
                .containsExactly(
                        "aws",
                        "--endpoint-url",
                        endpoint(),
                        "kinesisanalyticsv2",
                        "rollback-application",
                        "--application-name",
                        app,
                        "--current-application-version-id",
                        version);
        assertTheCliAccepts(service.stdoutLines().get(0));

        ChildProcess.Result toSnapshot =
                runScript(
                        "managed-flink-rollback.sh",
                        "--application",
                        app,
                        "--snapshot",
                        "pre-1.1.0",
                        "--bucket-arn",
                        NEW_JAR_BUCKET,
                        "--key",
                        OLD_JAR_KEY,
                        "--endpoint-url",
                        endpoint(),
                        "--dry-run");
        toSnapshot.assertSucceeded();
        assertThat(toSnapshot.stdoutLines()).as("%s", toSnapshot).hasSize(1);
        List<String> update = words(toSnapshot.stdoutLines().get(0));
        assertThat(update.subList(0, 5))
                .containsExactly(
                        "aws",
                        "--endpoint-url",
                        endpoint(),
                        "kinesisanalyticsv2",
                        "update-application");
        Map<String, String> options = options(update.subList(5, update.size()));
        assertThat(options)
                .containsEntry("--application-name", app)
                .containsEntry("--current-application-version-id", version);
        JsonNode location =
                JSON.readTree(options.get("--application-configuration-update"))
                        .path("ApplicationCodeConfigurationUpdate")
                        .path("CodeContentUpdate")
                        .path("S3ContentLocationUpdate");
        assertThat(location.path("BucketARNUpdate").asText()).isEqualTo(NEW_JAR_BUCKET);
        assertThat(location.path("FileKeyUpdate").asText()).isEqualTo(OLD_JAR_KEY);
        JsonNode runConfig = JSON.readTree(options.get("--run-configuration-update"));
        assertThat(
                        runConfig
                                .path("ApplicationRestoreConfiguration")
                                .path("ApplicationRestoreType")
                                .asText())
                .isEqualTo("RESTORE_FROM_CUSTOM_SNAPSHOT");
        assertThat(runConfig.path("ApplicationRestoreConfiguration").path("SnapshotName").asText())
                .isEqualTo("pre-1.1.0");
        JsonNode allow = runConfig.path("FlinkRunConfiguration").path("AllowNonRestoredState");
        assertThat(allow.isBoolean() && !allow.booleanValue()).as("%s", runConfig).isTrue();
        assertTheCliAccepts(toSnapshot.stdoutLines().get(0));

        ChildProcess.Result withoutJar =
                runScript(
                        "managed-flink-rollback.sh",
                        "--application",
                        app,
                        "--snapshot",
                        "pre-1.1.0",
                        "--endpoint-url",
                        endpoint(),
                        "--dry-run");
        assertThat(withoutJar.exitCode).as("%s", withoutJar).isEqualTo(2);
        assertThat(withoutJar.stdout).isEmpty();
    }

    @Test
    @Timeout(180)
    void emrUpgradeViaStepsAddsStopAndRestoreStepsThatRestoreTheNewestSavepoint() throws Exception {
        String cluster =
                aws(
                                "emr",
                                "create-cluster",
                                "--name",
                                "checkout-lake",
                                "--release-label",
                                "emr-7.5.0",
                                "--applications",
                                "Name=Flink",
                                "--instance-type",
                                "m5.xlarge",
                                "--instance-count",
                                "1",
                                "--service-role",
                                "EMR_DefaultRole",
                                "--ec2-attributes",
                                "InstanceProfile=EMR_EC2_DefaultRole",
                                "--query",
                                "ClusterId",
                                "--output",
                                "text")
                        .trim();
        assertThat(cluster).startsWith("j-");

        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--yarn-app",
                                YARN_APP,
                                "--job-id",
                                FLINK_JOB,
                                "--savepoint-dir",
                                SAVEPOINT_DIR,
                                "--jar",
                                EMR_JAR,
                                "--cluster-id",
                                cluster,
                                "--via-steps",
                                "--endpoint-url",
                                endpoint(),
                                "--"));
        args.addAll(JOB_ARGS);
        runScript("emr-upgrade.sh", args.toArray(new String[0])).assertSucceeded();

        JsonNode steps =
                JSON.readTree(aws("emr", "list-steps", "--cluster-id", cluster)).path("Steps");
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        steps.forEach(s -> byName.put(s.path("Name").asText(), s));
        assertThat(byName).containsOnlyKeys("stop-with-savepoint", "start-from-savepoint");
        JsonNode stop = byName.get("stop-with-savepoint");
        JsonNode start = byName.get("start-from-savepoint");
        for (JsonNode step : List.of(stop, start)) {
            assertThat(step.path("Config").path("Jar").asText()).isEqualTo("command-runner.jar");
            assertThat(step.path("ActionOnFailure").asText()).isEqualTo("CANCEL_AND_WAIT");
        }
        assertThat(strings(stop.path("Config").path("Args")))
                .containsExactly(
                        "flink",
                        "stop",
                        "--savepointPath",
                        SAVEPOINT_DIR,
                        "-yid",
                        YARN_APP,
                        FLINK_JOB);
        List<String> startArgs = strings(start.path("Config").path("Args"));
        assertThat(startArgs).hasSize(3);
        assertThat(startArgs.subList(0, 2)).containsExactly("bash", "-c");

        // The restore step, run here: aws against moto's S3, flink a stub.
        String restore = startArgs.get(2);
        Map<String, String> stepEnv = new HashMap<>(env);
        stepEnv.put("AWS_ENDPOINT_URL", endpoint());
        aws("s3", "mb", "s3://checkout-lake-test");
        ChildProcess.Result none =
                ChildProcess.run(List.of("bash", "-c", restore), temp, stepEnv, TIMEOUT);
        assertThat(none.exitCode).as("no savepoint yet: %s", none).isNotEqualTo(0);
        assertThat(flinkCalls).as("flink run without a savepoint").doesNotExist();

        putObject("savepoints/checkout-lake/savepoint-ffffff-000000000001/_metadata");
        putObject("savepoints/checkout-lake/savepoint-ffffff-000000000001/0a1b2c3d");
        Thread.sleep(1_100); // aws s3 ls shows seconds
        putObject("savepoints/checkout-lake/savepoint-a1b2c3-000000000002/_metadata");
        Thread.sleep(1_100);
        // Newer, but another directory's: not ours.
        putObject("savepoints/checkout-lake-other/savepoint-000000-000000000003/_metadata");
        ChildProcess.Result restored =
                ChildProcess.run(List.of("bash", "-c", restore), temp, stepEnv, TIMEOUT);
        restored.assertSucceeded();
        List<String> expected =
                new ArrayList<>(
                        List.of(
                                "run",
                                "-d",
                                "-yid",
                                YARN_APP,
                                "-s",
                                SAVEPOINT_DIR + "/savepoint-a1b2c3-000000000002",
                                EMR_JAR));
        expected.addAll(JOB_ARGS);
        expected.add("--");
        assertThat(Files.readAllLines(flinkCalls))
                .as("the one flink call of the restore step")
                .containsExactlyElementsOf(expected);
    }

    @Test
    void emrUpgradeDryRunPrintsFlinkStopThenFlinkRunFromTheSavepoint() throws Exception {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--yarn-app",
                                YARN_APP,
                                "--job-id",
                                FLINK_JOB,
                                "--savepoint-dir",
                                SAVEPOINT_DIR,
                                "--jar",
                                EMR_JAR,
                                "--dry-run",
                                "--"));
        args.addAll(JOB_ARGS);
        ChildProcess.Result dry = runScript("emr-upgrade.sh", args.toArray(new String[0]));
        dry.assertSucceeded();
        List<String> lines = dry.stdoutLines();
        assertThat(lines).as("%s", dry).hasSize(2);
        assertThat(words(lines.get(0)))
                .containsExactly(
                        "flink",
                        "stop",
                        "--savepointPath",
                        SAVEPOINT_DIR,
                        "-yid",
                        YARN_APP,
                        FLINK_JOB);
        List<String> run =
                new ArrayList<>(
                        List.of(
                                "flink",
                                "run",
                                "-d",
                                "-yid",
                                YARN_APP,
                                "-s",
                                "<savepoint path printed by flink stop>",
                                EMR_JAR));
        run.addAll(JOB_ARGS);
        assertThat(words(lines.get(1))).containsExactlyElementsOf(run);
        assertThat(flinkCalls).as("a dry run calls no flink").doesNotExist();
    }

    // ---------------------------------------------------------------------------------------

    private String endpoint() {
        return MOTO.endpoint().toString();
    }

    private ChildProcess.Result runScript(String script, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add("bash");
        command.add(SavepointPaths.savepoints().resolve(script).toString());
        command.addAll(Arrays.asList(args));
        return ChildProcess.run(command, temp, env, TIMEOUT);
    }

    private ChildProcess.Result run(String... command) throws Exception {
        return ChildProcess.run(List.of(command), temp, env, TIMEOUT);
    }

    /** The AWS CLI against moto; its stdout. */
    private String aws(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("aws", "--endpoint-url", endpoint()));
        command.addAll(Arrays.asList(args));
        return ChildProcess.run(command, temp, env, TIMEOUT).assertSucceeded().stdout;
    }

    private void createApplication(String app) throws Exception {
        aws(
                "kinesisanalyticsv2",
                "create-application",
                "--application-name",
                app,
                "--runtime-environment",
                "FLINK-1_20",
                "--service-execution-role",
                "arn:aws:iam::123456789012:role/checkout-lake",
                "--application-configuration",
                "{\"ApplicationCodeConfiguration\":{\"CodeContentType\":\"ZIPFILE\","
                        + "\"CodeContent\":{\"S3ContentLocation\":{\"BucketARN\":\""
                        + NEW_JAR_BUCKET
                        + "\",\"FileKey\":\""
                        + OLD_JAR_KEY
                        + "\"}}}}");
    }

    private String describe(String app, String field) throws Exception {
        return aws(
                        "kinesisanalyticsv2",
                        "describe-application",
                        "--application-name",
                        app,
                        "--query",
                        "ApplicationDetail." + field,
                        "--output",
                        "text")
                .trim();
    }

    private void putObject(String key) throws Exception {
        Path body = Files.writeString(temp.resolve("body"), "savepoint bytes");
        aws(
                "s3api",
                "put-object",
                "--bucket",
                "checkout-lake-test",
                "--key",
                key,
                "--body",
                body.toString());
    }

    /**
     * A printed ({@code printf %q}) command given to the real AWS CLI against moto: its parameter
     * validation against the service model must pass. moto implements none of these calls, so the
     * call itself then fails on the server side.
     */
    private void assertTheCliAccepts(String line) throws Exception {
        ChildProcess.Result call = ChildProcess.run(words(line), temp, env, TIMEOUT);
        assertThat(call.stderr)
                .as("the AWS CLI's parameter validation of %s", line)
                .doesNotContain("Parameter validation failed")
                .doesNotContain("Unknown parameter")
                .doesNotContain("Invalid type")
                .doesNotContain("usage:")
                .doesNotContain("Error parsing parameter");
    }

    /** The words bash makes of a printed line (the scripts quote with {@code printf %q}). */
    private List<String> words(String line) throws Exception {
        ChildProcess.Result split =
                run("bash", "-c", "eval \"set -- $1\"; printf '%s\\0' \"$@\"", "words", line)
                        .assertSucceeded();
        List<String> words = new ArrayList<>(Arrays.asList(split.stdout.split("\0")));
        if (!words.isEmpty() && words.get(words.size() - 1).isEmpty()) {
            words.remove(words.size() - 1);
        }
        return words;
    }

    /** {@code --name value} pairs; fails on a flag without a value. */
    private static Map<String, String> options(List<String> words) {
        assertThat(words.size() % 2).as("name/value pairs: %s", words).isZero();
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < words.size(); i += 2) {
            assertThat(words.get(i)).startsWith("--");
            assertThat(out.put(words.get(i), words.get(i + 1)))
                    .as("once: %s", words.get(i))
                    .isNull();
        }
        return out;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
