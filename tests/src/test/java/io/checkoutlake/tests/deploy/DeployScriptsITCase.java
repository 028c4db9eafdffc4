package io.checkoutlake.tests.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.checkoutlake.job.config.LakeOptions;
import io.checkoutlake.tests.ChildProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deploy scripts parse ({@code bash -n}) and, with {@code --dry-run}, print the AWS CLI calls
 * they would make without making any: aws, mvn, yarn and sudo are stubs that fail the test if they
 * are called. The printed calls are then checked against the templates and the job's keys.
 */
class DeployScriptsITCase {
    private static final String REGION = "eu-west-1";
    private static final String LAKE_BUCKET = "<LakeBucketName of checkout-lake-storage>";

    @TempDir Path temp;
    private Path calls;
    private Map<String, String> env;

    @BeforeEach
    void stubTools() throws IOException {
        Path bin = Files.createDirectories(temp.resolve("bin"));
        calls = temp.resolve("calls.log");
        for (String tool : List.of("aws", "mvn", "yarn", "sudo", "flink")) {
            Path stub = bin.resolve(tool);
            Files.writeString(
                    stub, "#!/bin/sh\necho \"" + tool + " $*\" >> '" + calls + "'\nexit 97\n");
            Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        env = new HashMap<>();
        env.put("PATH", bin + ":" + System.getenv("PATH"));
        env.put("FLINK_HOME", temp.resolve("flink").toString());
        env.put("TMPDIR", temp.toString());
        for (String name :
                List.of(
                        "AWS_REGION",
                        "AWS_DEFAULT_REGION",
                        "AWS_PROFILE",
                        "AWS_ACCESS_KEY_ID",
                        "AWS_SECRET_ACCESS_KEY",
                        "AWS_SESSION_TOKEN")) {
            env.put(name, null);
        }
    }

    @Test
    void everyScriptParses() throws Exception {
        List<Path> scripts = RepoFiles.scripts();
        assertThat(scripts).hasSizeGreaterThanOrEqualTo(6);
        for (Path script : scripts) {
            ChildProcess.runMerged(List.of("bash", "-n", script.toString()), RepoFiles.root(), env)
                    .assertSucceeded();
        }
    }

    @Test
    void everyRunnableScriptHasHelpAndADryRunTestedHere() throws Exception {
        List<String> runnable = new ArrayList<>();
        for (Path script : RepoFiles.scripts()) {
            if (RepoFiles.read(script).startsWith("#!")) {
                runnable.add(RepoFiles.root().relativize(script).toString());
            }
        }
        assertThat(runnable)
                .containsExactlyInAnyOrder(
                        "deploy/managed-flink/deploy.sh",
                        "deploy/emr/deploy.sh",
                        "deploy/emr/upgrade.sh",
                        "deploy/emr/on-master.sh");
        for (String script : runnable) {
            if (!script.endsWith("on-master.sh")) {
                assertThat(run(script, "--help").assertSucceeded().stdout)
                        .startsWith("Usage: " + script);
            }
        }
    }

    @Test
    void managedFlinkDryRunDeploysTheStacksAndStartsTheApplication() throws Exception {
        List<List<String>> printed =
                dryRun(
                        "deploy/managed-flink/deploy.sh",
                        "--raw-bucket",
                        "raw-bucket",
                        "--raw-prefix",
                        "checkout/raw");
        assertThat(printed.get(0)).containsSubsequence("mvn", "package", "-pl", "job", "-am");
        assertThat(deployedStacks(printed))
                .containsExactly(
                        "checkout-lake-storage",
                        "checkout-lake-catalog",
                        "checkout-lake-managed-flink");
        List<String> upload = aws(printed, "s3", "cp").get(0);
        assertThat(upload.get(5)).endsWith("job/target/checkout-lake-cluster.jar");
        assertThat(upload.get(6))
                .matches(
                        "s3://"
                                + Pattern.quote(LAKE_BUCKET)
                                + "/artifacts/checkout-lake-cluster-.+\\.jar");
        assertThat(aws(printed, "kinesisanalyticsv2", "start-application")).hasSize(1);
        assertStackParametersMatchTemplates(printed);
    }

    @Test
    void emrDryRunCreatesAClusterAndSubmitsTheJobWithKeysOfTheJob() throws Exception {
        List<List<String>> printed =
                dryRun(
                        "deploy/emr/deploy.sh",
                        "--raw-bucket",
                        "raw-bucket",
                        "--raw-prefix",
                        "checkout/raw",
                        "--subnet-id",
                        "subnet-0123");
        assertThat(deployedStacks(printed))
                .containsExactly(
                        "checkout-lake-storage",
                        "checkout-lake-catalog",
                        "checkout-lake-emr-roles");
        assertStackParametersMatchTemplates(printed);
        List<String> createCluster = aws(printed, "emr", "create-cluster").get(0);
        assertThat(option(createCluster, "--release-label")).startsWith("emr-7.");
        assertThat(createCluster).contains("Name=Flink");
        assertThat(option(createCluster, "--configurations")).startsWith("file://");

        List<String> step = stepArgs(printed, "submit");
        Map<String, String> jobArgs = jobArgs(step);
        assertThat(jobArgs.get("source.path")).isEqualTo("s3a://raw-bucket/checkout/raw");
        assertThat(jobArgs.get("lake.path")).isEqualTo("s3a://" + LAKE_BUCKET + "/lake");
        assertThat(jobArgs.get("deadletter.path"))
                .isEqualTo("s3a://" + LAKE_BUCKET + "/deadletter");
        // The job's checkpoint.dir wins over Flink's, so both must name the same place.
        JsonNode flinkConf =
                new ObjectMapper()
                        .readTree(RepoFiles.read(RepoFiles.deploy("emr/configurations.json")))
                        .get(0)
                        .get("Properties");
        assertThat(jobArgs.get("checkpoint.dir"))
                .isEqualTo(
                        flinkConf
                                .get("execution.checkpointing.dir")
                                .asText()
                                .replace("@LAKE_BUCKET@", LAKE_BUCKET));
    }

    @Test
    void emrDryRunForAKinesisSourceNamesTheStreamAndRegion() throws Exception {
        List<List<String>> printed =
                dryRun(
                        "deploy/emr/deploy.sh",
                        "--raw-bucket",
                        "raw-bucket",
                        "--raw-prefix",
                        "checkout/raw",
                        "--cluster-id",
                        "j-TEST",
                        "--source-kind",
                        "kinesis",
                        "--kinesis-stream-arn",
                        "arn:aws:kinesis:eu-west-1:123456789012:stream/orders");
        assertThat(aws(printed, "emr", "create-cluster")).isEmpty();
        Map<String, String> jobArgs = jobArgs(stepArgs(printed, "submit"));
        assertThat(jobArgs)
                .containsEntry("source.kind", "kinesis")
                .containsEntry("kinesis.stream", "orders")
                .containsEntry("aws.region", REGION);
    }

    @Test
    void emrUpgradeDryRunAddsTheUpgradeStep() throws Exception {
        List<List<String>> printed = dryRun("deploy/emr/upgrade.sh", "--cluster-id", "j-TEST");
        assertThat(deployedStacks(printed)).isEmpty();
        jobArgs(stepArgs(printed, "upgrade"));
        assertThat(aws(printed, "emr", "wait")).hasSize(1);
    }

    @Test
    void onMasterStopsWithASavepointAndRestartsFromIt() throws Exception {
        List<String> job = List.of("--mode", "stream", "--source.path", "s3a://raw-bucket/p");
        List<String> args =
                new ArrayList<>(
                        List.of("--dry-run", "upgrade", "--jar", "s3://b/artifacts/x.jar", "--"));
        args.addAll(job);
        List<List<String>> printed =
                commands(run("deploy/emr/on-master.sh", args.toArray(new String[0])));
        List<String> names =
                printed.stream().map(c -> String.join(" ", c)).collect(Collectors.toList());
        int stop = indexOf(names, "flink stop -t yarn-application");
        int start = indexOf(names, "flink run-application -t yarn-application");
        assertThat(indexOf(names, "sudo cp")).isLessThan(stop); // the s3a plugin first
        assertThat(stop).isLessThan(start);
        assertThat(names.get(start)).endsWith("--restore-from <savepoint-path>");

        List<String> submit =
                new ArrayList<>(
                        List.of("--dry-run", "submit", "--jar", "s3://b/artifacts/x.jar", "--"));
        submit.addAll(job);
        List<String> submitted =
                commands(run("deploy/emr/on-master.sh", submit.toArray(new String[0]))).stream()
                        .map(c -> String.join(" ", c))
                        .collect(Collectors.toList());
        assertThat(submitted.get(indexOf(submitted, "flink run-application")))
                .endsWith("--restore-from latest");
        assertNoToolWasCalled();
    }

    /**
     * Every --parameter-overrides key is a parameter of the stack's template, and none is missing.
     */
    private static void assertStackParametersMatchTemplates(List<List<String>> printed) {
        for (List<String> deploy : aws(printed, "cloudformation", "deploy")) {
            CfnTemplate template = CfnTemplate.load(Path.of(option(deploy, "--template-file")));
            Map<String, Object> parameters = template.section("Parameters");
            List<String> given = new ArrayList<>();
            int overrides = deploy.indexOf("--parameter-overrides");
            if (overrides >= 0) {
                for (String pair : deploy.subList(overrides + 1, deploy.size())) {
                    given.add(pair.substring(0, pair.indexOf('=')));
                }
            }
            assertThat(parameters.keySet()).as(template.path.toString()).containsAll(given);
            parameters.forEach(
                    (name, spec) -> {
                        if (!CfnTemplate.map(spec).containsKey("Default")) {
                            assertThat(given).as("%s of %s", name, template.path).contains(name);
                        }
                    });
        }
    }

    private List<List<String>> dryRun(String script, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--dry-run", "--region", REGION));
        all.addAll(List.of(args));
        List<List<String>> printed = commands(run(script, all.toArray(new String[0])));
        assertNoToolWasCalled();
        for (List<String> command : printed) {
            if (command.get(0).equals("aws")) {
                assertThat(command.subList(1, 3)).containsExactly("--region", REGION);
            }
        }
        return printed;
    }

    private ChildProcess.Result run(String script, String... args) throws Exception {
        List<String> command =
                new ArrayList<>(List.of("bash", RepoFiles.root().resolve(script).toString()));
        command.addAll(List.of(args));
        return ChildProcess.runMerged(command, temp, env).assertSucceeded();
    }

    private void assertNoToolWasCalled() throws IOException {
        assertThat(Files.exists(calls))
                .as("a dry run called: %s", Files.exists(calls) ? Files.readString(calls) : "")
                .isFalse();
    }

    /** The printed commands (stdout lines that name a tool), split into words. */
    private static List<List<String>> commands(ChildProcess.Result run) {
        List<List<String>> commands = new ArrayList<>();
        for (String line : run.stdout.split("\n")) {
            List<String> words = ShellWords.split(line);
            if (!words.isEmpty()
                    && (List.of("aws", "mvn", "yarn", "sudo", "mkdir").contains(words.get(0))
                            || words.get(0).endsWith("/bin/flink"))) {
                commands.add(words);
            }
        }
        return commands;
    }

    private static List<List<String>> aws(
            List<List<String>> printed, String service, String operation) {
        return printed.stream()
                .filter(c -> c.get(0).equals("aws") && c.size() > 4)
                .filter(c -> c.get(3).equals(service) && c.get(4).equals(operation))
                .collect(Collectors.toList());
    }

    private static List<String> deployedStacks(List<List<String>> printed) {
        return aws(printed, "cloudformation", "deploy").stream()
                .map(c -> option(c, "--stack-name"))
                .collect(Collectors.toList());
    }

    private static String option(List<String> command, String name) {
        int at = command.indexOf(name);
        assertThat(at).as("%s in %s", name, command).isNotNegative();
        return command.get(at + 1);
    }

    /** The arguments of the EMR step that runs on-master.sh {@code subcommand}. */
    private static List<String> stepArgs(List<List<String>> printed, String subcommand)
            throws IOException {
        List<List<String>> addSteps = aws(printed, "emr", "add-steps");
        assertThat(addSteps).hasSize(1);
        JsonNode step = new ObjectMapper().readTree(option(addSteps.get(0), "--steps")).get(0);
        assertThat(step.get("Jar").asText()).endsWith("/libs/script-runner/script-runner.jar");
        List<String> args = new ArrayList<>();
        step.get("Args").forEach(a -> args.add(a.asText()));
        assertThat(args.get(0)).matches("s3://.+/artifacts/emr/on-master-[0-9a-f]+\\.sh");
        assertThat(args.get(1)).isEqualTo(subcommand);
        return args;
    }

    /** The job's arguments after {@code --}: each a key of the job, given once. */
    private static Map<String, String> jobArgs(List<String> stepArgs) {
        List<String> job = stepArgs.subList(stepArgs.indexOf("--") + 1, stepArgs.size());
        Map<String, String> keys = new LinkedHashMap<>();
        for (int i = 0; i < job.size(); i += 2) {
            assertThat(job.get(i)).startsWith("--");
            String name = job.get(i).substring(2);
            Optional<ConfigOption<?>> key = LakeOptions.find(name);
            assertThat(key).as("%s is a key of LakeOptions", name).isPresent();
            assertThat(LakeOptions.isCommandLineOnly(key.get())).as(name).isFalse();
            assertThat(keys.put(name, job.get(i + 1))).as("%s given once", name).isNull();
        }
        for (ConfigOption<?> key : LakeOptions.all()) {
            if (LakeOptions.isRequired(key)) {
                assertThat(keys).as("required key %s", key.key()).containsKey(key.key());
            }
        }
        return keys;
    }

    private static int indexOf(List<String> commands, String fragment) {
        for (int i = 0; i < commands.size(); i++) {
            if (commands.get(i).contains(fragment)) {
                return i;
            }
        }
        throw new AssertionError("no command with '" + fragment + "' in " + commands);
    }
}
