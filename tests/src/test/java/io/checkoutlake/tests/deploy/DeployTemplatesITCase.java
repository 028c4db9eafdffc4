package io.checkoutlake.tests.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.checkoutlake.job.config.ConfigException;
import io.checkoutlake.job.config.LakeJobConfig;
import io.checkoutlake.job.config.LakeOptions;
import io.checkoutlake.tests.ChildProcess;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.junit.jupiter.api.Test;

/**
 * The deployment templates: cfn-lint accepts them, their policies grant least privilege, the
 * Managed Flink property groups are exactly keys the job reads, and the EMR configuration sets real
 * Flink options.
 */
class DeployTemplatesITCase {
    private static final String APPLICATION = "managed-flink/application.yaml";
    private static final String STORAGE = "storage/lake-storage.yaml";
    private static final String EMR_ROLES = "emr/emr-roles.yaml";

    /** Parameter values that switch every optional grant on, to check those too. */
    private static final Map<String, String> EVERYTHING_ON =
            Map.ofEntries(
                    Map.entry("LakeBucketName", "lake-bucket"),
                    Map.entry("LakeKeyArn", "arn:aws:kms:eu-west-1:123456789012:key/lake"),
                    Map.entry("RawBucketName", "raw-bucket"),
                    Map.entry("RawPrefix", "checkout/raw"),
                    Map.entry("RawKmsKeyArn", "arn:aws:kms:eu-west-1:123456789012:key/raw"),
                    Map.entry("SourceKind", "kinesis"),
                    Map.entry(
                            "KinesisStreamArn",
                            "arn:aws:kinesis:eu-west-1:123456789012:stream/orders"),
                    Map.entry("GlueDatabaseName", "checkout_lake"),
                    Map.entry("CodeKey", "artifacts/checkout-lake-cluster-0123.jar"));

    @Test
    void cfnLintAcceptsEveryTemplate() throws Exception {
        List<Path> templates = RepoFiles.templates();
        assertThat(templates).hasSizeGreaterThanOrEqualTo(4);
        if (!ChildProcess.available("cfn-lint", "--version")) {
            fail("cfn-lint is not installed: pip install cfn-lint (.ci/run installs it)");
        }
        List<String> command = new ArrayList<>(List.of("cfn-lint", "--"));
        templates.forEach(t -> command.add(t.toString()));
        // Warnings fail too (exit code 4): a template that lints clean stays clean.
        ChildProcess.runMerged(command, RepoFiles.root(), Map.of()).assertSucceeded();
    }

    @Test
    void noStatementAllowsWildcardActionsPrincipalsOrResources() {
        List<String> problems = new ArrayList<>();
        for (Path file : RepoFiles.templates()) {
            for (PolicyStatement s : PolicyStatement.of(CfnTemplate.load(file))) {
                if (!s.allows()) {
                    continue;
                }
                if (s.hasWildcardPrincipal()) {
                    problems.add("allows any principal: " + s);
                }
                for (String field : List.of("NotAction", "NotPrincipal", "NotResource")) {
                    if (s.statement.containsKey(field)) {
                        problems.add("allows by exclusion (" + field + "): " + s);
                    }
                }
                // No "*", "s3:*", "kinesis:*", "glue:*", nor partial ones like "s3:*Object".
                for (String action : s.actions()) {
                    if (action.contains("*")) {
                        problems.add("wildcard action " + action + ": " + s);
                    }
                }
                if (s.resources().contains("*") && !resourceWildcardIsUnavoidable(s)) {
                    problems.add("Resource \"*\": " + s);
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    /**
     * A Deny with Principal "*" grants nothing: it applies the rule to everyone, which is what the
     * standard TLS-only statement ({@code aws:SecureTransport = false}) and the encryption rules
     * need. Unconditional, it would lock everyone out, so each must carry a condition.
     */
    @Test
    void denyStatementsForEveryoneAreConditional() {
        List<PolicyStatement> denies = new ArrayList<>();
        for (Path file : RepoFiles.templates()) {
            for (PolicyStatement s : PolicyStatement.of(CfnTemplate.load(file))) {
                if (!s.allows() && s.hasWildcardPrincipal()) {
                    denies.add(s);
                }
            }
        }
        assertThat(denies)
                .isNotEmpty()
                .allSatisfy(s -> assertThat(s.statement).containsKey("Condition"));
    }

    @Test
    void lakeBucketRefusesPlainHttpAndOtherEncryption() {
        List<PolicyStatement> bucketPolicy =
                PolicyStatement.of(CfnTemplate.load(RepoFiles.deploy(STORAGE))).stream()
                        .filter(s -> s.kind == PolicyStatement.Kind.BUCKET)
                        .collect(Collectors.toList());
        assertThat(bucketPolicy)
                .anySatisfy(
                        s -> {
                            assertThat(s.allows()).isFalse();
                            assertThat(s.hasWildcardPrincipal()).isTrue();
                            assertThat(s.actions()).containsExactly("s3:*");
                            assertThat(s.resources()).hasSize(2); // the bucket and its objects
                            assertThat(s.statement.get("Condition"))
                                    .isEqualTo(
                                            Map.of("Bool", Map.of("aws:SecureTransport", "false")));
                        });
        assertThat(bucketPolicy)
                .anySatisfy(
                        s -> {
                            assertThat(s.allows()).isFalse();
                            assertThat(s.actions()).containsExactly("s3:PutObject");
                            assertThat(s.statement.get("Condition").toString())
                                    .contains("s3:x-amz-server-side-encryption=aws:kms");
                        });
        Map<String, Object> bucket =
                CfnTemplate.properties(
                        CfnTemplate.load(RepoFiles.deploy(STORAGE))
                                .resourcesOfType("AWS::S3::Bucket")
                                .get("LakeBucket"));
        assertThat(bucket.get("BucketEncryption").toString()).contains("SSEAlgorithm=aws:kms");
        assertThat(bucket.get("PublicAccessBlockConfiguration").toString()).doesNotContain("false");
    }

    /**
     * Raw documents are only read; writes go only to the lake, dead-letter and (EMR) checkpoint,
     * savepoint and log prefixes; reads of the lake bucket only to those and to the artifacts.
     */
    @Test
    void rolesReadTheRawPrefixAndWriteOnlyTheirOwnPrefixes() {
        Set<String> writes = Set.of("s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload");
        Pattern writable =
                Pattern.compile(
                        "arn:aws:s3:::lake-bucket/(lake|deadletter|checkpoints|savepoints)(/\\*)?"
                                + "|arn:aws:s3:::lake-bucket/emr-logs/\\*");
        Pattern readable =
                Pattern.compile(
                        writable.pattern()
                                + "|arn:aws:s3:::lake-bucket/artifacts/.+"
                                + "|arn:aws:s3:::eu-west-1\\.elasticmapreduce/\\*");
        Pattern raw = Pattern.compile("arn:aws:s3:::raw-bucket(/checkout/raw(/\\*)?)?");
        int checked = 0;
        for (String file : List.of(APPLICATION, EMR_ROLES)) {
            CfnTemplate template = CfnTemplate.load(RepoFiles.deploy(file));
            CfnValues values = new CfnValues(template, EVERYTHING_ON, "eu-west-1");
            for (PolicyStatement s : PolicyStatement.of(template)) {
                if (s.kind != PolicyStatement.Kind.IDENTITY) {
                    continue;
                }
                List<String> resources =
                        s.resources().stream().map(values::string).collect(Collectors.toList());
                for (String resource : resources) {
                    if (!resource.startsWith("arn:aws:s3:::")) {
                        continue;
                    }
                    checked++;
                    if (raw.matcher(resource).matches()) {
                        assertThat(s.actions())
                                .as(s.toString())
                                .isSubsetOf("s3:GetObject", "s3:ListBucket");
                    } else if (s.actions().stream().anyMatch(writes::contains)) {
                        assertThat(resource).as(s.toString()).matches(writable);
                    } else if (s.actions().contains("s3:ListBucket")) {
                        assertThat(resource).isEqualTo("arn:aws:s3:::lake-bucket");
                        assertThat(s.statement).as(s.toString()).containsKey("Condition");
                    } else {
                        assertThat(resource).as(s.toString()).matches(readable);
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(10);
    }

    @Test
    void propertyGroupsHoldOnlyKeysOfTheJobEachInItsGroup() {
        List<Object> groups = propertyGroups();
        Set<String> seen = new HashSet<>();
        for (Object entry : groups) {
            for (Object alternative : CfnTemplate.alternatives(entry)) {
                Map<String, Object> group = CfnTemplate.map(alternative);
                String groupId = (String) group.get("PropertyGroupId");
                assertThat(seen.add(groupId)).as("group %s appears once", groupId).isTrue();
                for (String name : CfnTemplate.map(group.get("PropertyMap")).keySet()) {
                    Optional<ConfigOption<?>> key = LakeOptions.find(name);
                    assertThat(key).as("%s is a key of LakeOptions", name).isPresent();
                    assertThat(LakeOptions.isCommandLineOnly(key.get())).as(name).isFalse();
                    assertThat(LakeOptions.group(key.get()))
                            .as("group of %s", name)
                            .isEqualTo(groupId);
                }
            }
        }
    }

    @Test
    void everyRequiredKeyIsSetInEveryDeployment() {
        Set<String> unconditional = new HashSet<>();
        for (Object entry : propertyGroups()) {
            if (CfnTemplate.map(entry).containsKey("PropertyMap")) {
                unconditional.addAll(
                        CfnTemplate.map(CfnTemplate.map(entry).get("PropertyMap")).keySet());
            }
        }
        for (ConfigOption<?> key : LakeOptions.all()) {
            if (LakeOptions.isRequired(key)) {
                assertThat(unconditional).as("required key %s", key.key()).contains(key.key());
            }
        }
    }

    /**
     * The template's values, resolved as CloudFormation would, are a configuration the job runs.
     */
    @Test
    void theJobAcceptsThePropertiesOfEverySourceKind() {
        CfnTemplate template = CfnTemplate.load(RepoFiles.deploy(APPLICATION));
        List<String> kinds = allowedValues(template, "SourceKind");
        assertThat(kinds).contains("files", "kinesis", "s3-events");
        for (String kind : kinds) {
            Map<String, String> parameters = new HashMap<>(EVERYTHING_ON);
            parameters.put("SourceKind", kind);
            if (kind.equals("files")) {
                parameters.put("KinesisStreamArn", "");
            }
            Object resolved =
                    new CfnValues(template, parameters, "eu-west-1").resolve(propertyGroups());
            Map<String, Properties> groups = new LinkedHashMap<>();
            for (Object group : CfnTemplate.list(resolved)) {
                Properties properties = new Properties();
                CfnTemplate.map(CfnTemplate.map(group).get("PropertyMap"))
                        .forEach((k, v) -> properties.setProperty(k, String.valueOf(v)));
                groups.put((String) CfnTemplate.map(group).get("PropertyGroupId"), properties);
            }
            LakeJobConfig config;
            try {
                config = LakeJobConfig.fromPropertyGroups(groups);
            } catch (ConfigException e) {
                throw new AssertionError(
                        "source kind " + kind + ": " + e.getMessage() + " in " + groups, e);
            }
            assertThat(config.lakePath().toString()).isEqualTo("s3a://lake-bucket/lake");
            assertThat(config.deadletterPath().toString())
                    .isEqualTo("s3a://lake-bucket/deadletter");
        }
    }

    /**
     * A savepoint lists the multipart uploads of its pending part files; once S3 aborts them the
     * savepoint cannot be restored. So uploads must outlive every savepoint the bucket keeps.
     */
    @Test
    void incompleteUploadsAreAbortedOnlyAfterSavepointsExpire() {
        CfnTemplate template = CfnTemplate.load(RepoFiles.deploy(STORAGE));
        for (String days : allowedValues(template, "SavepointRetentionDays")) {
            CfnValues values =
                    new CfnValues(template, Map.of("SavepointRetentionDays", days), "eu-west-1");
            Map<String, Object> bucket =
                    CfnTemplate.map(
                            values.resolve(
                                    template.resourcesOfType("AWS::S3::Bucket").get("LakeBucket")));
            List<Object> rules =
                    CfnTemplate.list(
                            CfnTemplate.map(
                                            CfnTemplate.map(bucket.get("Properties"))
                                                    .get("LifecycleConfiguration"))
                                    .get("Rules"));
            int abortAfter = -1;
            int savepointsExpire = -1;
            for (Object node : rules) {
                Map<String, Object> rule = CfnTemplate.map(node);
                if (rule.containsKey("AbortIncompleteMultipartUpload")) {
                    assertThat(rule).doesNotContainKey("Prefix"); // every prefix holds uploads
                    abortAfter =
                            Integer.parseInt(
                                    String.valueOf(
                                            CfnTemplate.map(
                                                            rule.get(
                                                                    "AbortIncompleteMultipartUpload"))
                                                    .get("DaysAfterInitiation")));
                }
                if ("savepoints/".equals(rule.get("Prefix"))) {
                    savepointsExpire =
                            Integer.parseInt(String.valueOf(rule.get("ExpirationInDays")));
                }
            }
            assertThat(savepointsExpire)
                    .as("savepoint expiry for %s", days)
                    .isEqualTo(Integer.parseInt(days));
            assertThat(abortAfter).as("abort age for %s", days).isGreaterThan(savepointsExpire);
        }
    }

    @Test
    void emrFlinkConfigurationUsesS3aAndRealFlinkOptions() throws Exception {
        JsonNode classifications =
                new ObjectMapper()
                        .readTree(RepoFiles.read(RepoFiles.deploy("emr/configurations.json")));
        JsonNode flinkConf = null;
        for (JsonNode classification : classifications) {
            if (classification.path("Classification").asText().equals("flink-conf")) {
                flinkConf = classification.path("Properties");
            }
        }
        assertThat(flinkConf).as("flink-conf classification").isNotNull();
        Map<String, String> conf = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = flinkConf.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            conf.put(entry.getKey(), entry.getValue().asText());
        }
        assertThat(conf.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY.key()))
                .startsWith("s3a://@LAKE_BUCKET@/checkpoints/");
        assertThat(conf.get(CheckpointingOptions.SAVEPOINT_DIRECTORY.key()))
                .startsWith("s3a://@LAKE_BUCKET@/savepoints/");
        assertThat(conf).containsKey(RestartStrategyOptions.RESTART_STRATEGY.key());
        // The job's jar stays off the system class path, so s3a:// is the plugin's file system.
        assertThat(conf).containsEntry("yarn.classpath.include-user-jar", "DISABLED");

        Set<String> flinkKeys = new HashSet<>();
        for (Class<?> options :
                List.of(
                        CheckpointingOptions.class,
                        RestartStrategyOptions.class,
                        StateBackendOptions.class,
                        CoreOptions.class)) {
            flinkKeys.addAll(optionKeys(options));
        }
        for (String key : conf.keySet()) {
            // yarn.*: flink-yarn's options (not on this class path); s3.*: the S3 plugin's,
            // which it hands to Hadoop's S3A as fs.s3a.*.
            if (!key.startsWith("yarn.") && !key.startsWith("s3.")) {
                assertThat(flinkKeys).as("%s is a Flink option", key).contains(key);
            }
        }
    }

    private static List<String> optionKeys(Class<?> options) throws IllegalAccessException {
        List<String> keys = new ArrayList<>();
        for (Field field : options.getFields()) {
            if (Modifier.isStatic(field.getModifiers())
                    && ConfigOption.class.isAssignableFrom(field.getType())) {
                keys.add(((ConfigOption<?>) field.get(null)).key());
            }
        }
        return keys;
    }

    /** Resource "*" where AWS offers nothing narrower. */
    private static boolean resourceWildcardIsUnavoidable(PolicyStatement s) {
        if (s.kind == PolicyStatement.Kind.KEY) {
            return true; // in a key policy, "*" is the key itself
        }
        // PutMetricData has no resource-level permission; a namespace condition narrows it.
        return s.actions().equals(List.of("cloudwatch:PutMetricData"))
                && s.statement.containsKey("Condition");
    }

    private static List<Object> propertyGroups() {
        CfnTemplate template = CfnTemplate.load(RepoFiles.deploy(APPLICATION));
        Map<String, Map<String, Object>> applications =
                template.resourcesOfType("AWS::KinesisAnalyticsV2::Application");
        assertThat(applications).hasSize(1);
        Map<String, Object> configuration =
                CfnTemplate.map(
                        CfnTemplate.properties(applications.values().iterator().next())
                                .get("ApplicationConfiguration"));
        return CfnTemplate.list(
                CfnTemplate.map(configuration.get("EnvironmentProperties")).get("PropertyGroups"));
    }

    private static List<String> allowedValues(CfnTemplate template, String parameter) {
        return CfnTemplate.list(
                        CfnTemplate.map(template.section("Parameters").get(parameter))
                                .get("AllowedValues"))
                .stream()
                .map(String::valueOf)
                .collect(Collectors.toList());
    }
}
