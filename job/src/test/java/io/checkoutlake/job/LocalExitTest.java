package io.checkoutlake.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.checkoutlake.job.config.ConfigException;
import java.io.IOException;
import java.net.BindException;
import java.util.concurrent.CompletionException;
import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.client.JobExecutionException;
import org.apache.flink.util.FlinkException;
import org.junit.jupiter.api.Test;

class LocalExitTest {
    @Test
    void aBusyRestPortIsNamedWithItsPort() {
        Throwable startup =
                new FlinkException(
                        "Could not create the DispatcherResourceManagerComponent.",
                        new CompletionException(
                                new BindException(
                                        "Could not start rest endpoint on any port in port range"
                                                + " 8081")));

        assertThat(LocalExit.describe(startup))
                .isEqualTo("cannot start: port 8081 is in use (rest.port)");
    }

    @Test
    void aWrongSettingIsItsMessage() {
        assertThat(LocalExit.describe(ConfigException.forKey("aws.region", "is required")))
                .isEqualTo("cannot start: --aws.region: is required");
    }

    @Test
    void aFailedJobNamesItsRootCause() {
        Throwable failed =
                new JobExecutionException(
                        new JobID(),
                        "Job execution failed.",
                        new RuntimeException("wrapped", new IOException("disk full")));

        assertThat(LocalExit.describe(failed)).isEqualTo("the job failed: IOException: disk full");
        assertThat(LocalExit.describe(new IOException("no such bucket")))
                .isEqualTo("cannot start: IOException: no such bucket");
    }
}
