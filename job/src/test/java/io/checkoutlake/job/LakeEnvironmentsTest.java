package io.checkoutlake.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.checkoutlake.job.config.LakeJobConfig;
import java.net.URI;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LakeEnvironmentsTest {
    private static LakeJobConfig config(String... extra) {
        String[] required = {
            "--source.path", "s3a://raw-bucket/raw",
            "--lake.path", "s3a://lake-bucket/lake",
            "--deadletter.path", "s3a://lake-bucket/deadletter",
            "--checkpoint.dir", "file:///tmp/checkout-lake-test/checkpoints",
            "--rest.port", "0"
        };
        String[] args = new String[required.length + extra.length];
        System.arraycopy(required, 0, args, 0, required.length);
        System.arraycopy(extra, 0, args, required.length, extra.length);
        return LakeJobConfig.fromArgs(args, null, Optional::empty);
    }

    @AfterEach
    void resetFileSystems() {
        FileSystem.initialize(new Configuration(), null);
    }

    @Test
    void mapsTheS3KeysToFlinkS3FileSystemKeys() throws Exception {
        Configuration conf =
                LakeEnvironments.flinkConfiguration(
                        config(
                                "--s3.endpoint",
                                "http://127.0.0.1:9000",
                                "--s3.path-style-access",
                                "true"));

        assertThat(conf.toMap())
                .containsEntry("s3.endpoint", "http://127.0.0.1:9000")
                .containsEntry("s3.path.style.access", "true")
                .containsEntry(
                        "fs.s3a.aws.credentials.provider",
                        "com.amazonaws.auth.DefaultAWSCredentialsProviderChain")
                .containsEntry("fs.s3a.directory.marker.retention", "keep");
        assertThat(conf.toMap().keySet())
                .noneMatch(k -> k.contains("access-key") || k.contains("access.key"))
                .noneMatch(k -> k.contains("secret"));
    }

    @Test
    void leavesTheEndpointToAwsWhenUnset() throws Exception {
        Configuration conf = LakeEnvironments.flinkConfiguration(config());

        assertThat(conf.toMap()).doesNotContainKey("s3.endpoint");
        assertThat(conf.toMap()).containsEntry("s3.path.style.access", "false");
    }

    @Test
    void localEnvironmentConfiguresTheS3aFileSystemOfThisJvm() throws Exception {
        LakeEnvironments.create(
                config("--s3.endpoint", "http://127.0.0.1:9", "--s3.path-style-access", "true"));

        // Creating an s3a file system does not contact the endpoint.
        FileSystem fs = FileSystem.get(URI.create("s3a://lake-bucket/"));
        org.apache.hadoop.conf.Configuration hadoop = hadoopConfigurationOf(fs);
        assertThat(hadoop.get("fs.s3a.endpoint")).isEqualTo("http://127.0.0.1:9");
        assertThat(hadoop.get("fs.s3a.path.style.access")).isEqualTo("true");
        assertThat(hadoop.get("fs.s3a.directory.marker.retention")).isEqualTo("keep");
        // Flink puts its delegation-token provider first; it is empty unless a cluster hands
        // out tokens. No provider reads keys from the configuration.
        assertThat(hadoop.get("fs.s3a.aws.credentials.provider"))
                .endsWith(",com.amazonaws.auth.DefaultAWSCredentialsProviderChain")
                .doesNotContain("s3a.SimpleAWSCredentialsProvider")
                .doesNotContain("s3a.TemporaryAWSCredentialsProvider");
    }

    /** flink-s3-fs-hadoop wraps S3AFileSystem; its Flink wrapper class is relocated. */
    private static org.apache.hadoop.conf.Configuration hadoopConfigurationOf(FileSystem fs)
            throws Exception {
        Object hadoopFs = fs.getClass().getMethod("getHadoopFileSystem").invoke(fs);
        return ((org.apache.hadoop.fs.FileSystem) hadoopFs).getConf();
    }
}
