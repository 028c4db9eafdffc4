package io.checkoutlake.tests.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.checkoutlake.tests.ChildProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deploys every template into a moto server (a separate process on a free loopback port) with
 * tests/src/test/resources/deploy/moto_deploy.py. moto's CloudFormation creates the resource types
 * it implements and silently skips the others; the script applies those through their service APIs
 * with the same resolved properties, and this test checks that nothing was left out.
 */
class DeployMotoITCase {
    /** Created by moto's CloudFormation itself (moto 5.x implements these types). */
    private static final Map<String, List<String>> CREATED_BY_CLOUDFORMATION =
            Map.of(
                    "checkout-lake-storage", List.of("LakeKey", "LakeKeyAlias", "LakeBucket"),
                    "checkout-lake-managed-flink", List.of("LogGroup", "ServiceRole"),
                    "checkout-lake-emr-roles",
                            List.of("InstanceRole", "InstanceProfile", "ServiceRole"));

    @TempDir static Path temp;
    private static Process server;
    private static int port;

    @BeforeAll
    static void startMoto() throws Exception {
        if (!ChildProcess.available("python3", "-c", "import moto.server, boto3, cfnlint, flask")) {
            fail("python3 with moto[server], boto3 and cfn-lint is needed (.ci/run installs them)");
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        server =
                new ProcessBuilder(
                                "python3",
                                "-m",
                                "moto.server",
                                "-H",
                                "127.0.0.1",
                                "-p",
                                String.valueOf(port))
                        .redirectErrorStream(true)
                        .redirectOutput(temp.resolve("moto.log").toFile())
                        .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                if (!server.isAlive() || System.nanoTime() > deadline) {
                    fail("moto did not start:\n" + RepoFiles.read(temp.resolve("moto.log")));
                }
                Thread.sleep(200);
            }
        }
    }

    @AfterAll
    static void stopMoto() throws InterruptedException {
        if (server != null) {
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void everyTemplateDeploysIntoMoto() throws Exception {
        Path report = temp.resolve("report.json");
        Map<String, String> env = new HashMap<>();
        env.put("AWS_ACCESS_KEY_ID", "testing");
        env.put("AWS_SECRET_ACCESS_KEY", "testing");
        env.put("AWS_SESSION_TOKEN", null);
        env.put("AWS_PROFILE", null);
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        Path script = RepoFiles.root().resolve("tests/src/test/resources/deploy/moto_deploy.py");
        ChildProcess.Result run =
                ChildProcess.runMerged(
                        List.of(
                                "python3",
                                script.toString(),
                                "--endpoint",
                                "http://127.0.0.1:" + port,
                                "--repo-root",
                                RepoFiles.root().toString(),
                                "--report",
                                report.toString()),
                        temp,
                        env);
        run.assertSucceeded();

        JsonNode stacks = new ObjectMapper().readTree(RepoFiles.read(report)).get("stacks");
        assertThat(names(stacks))
                .containsExactly(
                        "checkout-lake-storage",
                        "checkout-lake-catalog",
                        "checkout-lake-managed-flink",
                        "checkout-lake-emr-roles");
        for (String stack : names(stacks)) {
            JsonNode result = stacks.get(stack);
            assertThat(result.get("status").asText()).as(stack).isEqualTo("CREATE_COMPLETE");
            assertThat(texts(result.get("created")))
                    .as("created by moto's CloudFormation in %s", stack)
                    .containsExactlyInAnyOrderElementsOf(
                            CREATED_BY_CLOUDFORMATION.getOrDefault(stack, List.of()));
            assertThat(texts(result.get("not_applied"))).as("left out of %s", stack).isEmpty();
        }
        assertThat(texts(stacks.get("checkout-lake-catalog").get("applied_by_api")))
                .containsExactly(
                        "Database (AWS::Glue::Database)",
                        "CheckoutTable (AWS::Glue::Table)",
                        "FulfillmentTable (AWS::Glue::Table)");
        assertThat(texts(stacks.get("checkout-lake-managed-flink").get("applied_by_api")))
                .contains("Application (AWS::KinesisAnalyticsV2::Application)");
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
