package io.checkoutlake.job.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.apache.flink.api.common.JobID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestorePointsTest {
    @TempDir Path dir;

    private Path checkpoints() {
        return dir.resolve("checkpoints");
    }

    /** A completed checkpoint: its {@code _metadata}, last modified at {@code second}. */
    private Path checkpoint(JobID job, int id, long second) throws IOException {
        Path chk = Files.createDirectories(checkpoints().resolve(job.toHexString() + "/chk-" + id));
        Path metadata = Files.write(chk.resolve("_metadata"), new byte[] {1});
        Files.setLastModifiedTime(metadata, FileTime.from(Instant.ofEpochSecond(second)));
        return chk;
    }

    private static String uri(Path chk) {
        return "file:" + chk;
    }

    @Test
    void latestIsTheNewestCheckpointOfAnyJob() throws IOException {
        JobID a = new JobID();
        JobID b = new JobID();
        checkpoint(a, 7, 1_000);
        Path newest = checkpoint(b, 2, 2_000);
        checkpoint(b, 1, 1_500);

        assertThat(RestorePoints.latest(checkpoints().toUri())).contains(uri(newest));
    }

    @Test
    void aSavepointRestoresItselfUntilAJobStartedFromItCompletedACheckpoint() throws IOException {
        Path savepoint = Files.createDirectories(dir.resolve("savepoints/savepoint-1"));
        JobID before = new JobID();
        checkpoint(before, 9, 1_000);

        assertThat(RestorePoints.newestSince(checkpoints().toUri(), savepoint.toString()))
                .as("checkpoints of other jobs do not count")
                .isEmpty();

        JobID upgraded = new JobID();
        RestorePoints.recordRestore(checkpoints().toUri(), upgraded, savepoint.toUri().toString());
        assertThat(RestorePoints.newestSince(checkpoints().toUri(), savepoint.toString()))
                .as("started, no checkpoint yet")
                .isEmpty();

        checkpoint(upgraded, 1, 2_000);
        Path second = checkpoint(upgraded, 2, 2_100);
        assertThat(RestorePoints.newestSince(checkpoints().toUri(), "file://" + savepoint + "/"))
                .contains(uri(second));

        // The same command again: that job records the same savepoint, its checkpoints win.
        JobID again = new JobID();
        RestorePoints.recordRestore(checkpoints().toUri(), again, savepoint.toString());
        Path third = checkpoint(again, 3, 2_200);
        assertThat(RestorePoints.newestSince(checkpoints().toUri(), savepoint.toString()))
                .contains(uri(third));
        assertThat(RestorePoints.newestSince(checkpoints().toUri(), savepoint + "/_metadata"))
                .as("naming the savepoint's _metadata restores exactly that savepoint")
                .isEmpty();
    }

    @Test
    void anotherSavepointHasItsOwnJobs() throws IOException {
        JobID job = new JobID();
        RestorePoints.recordRestore(checkpoints().toUri(), job, dir.resolve("sp-1").toString());
        checkpoint(job, 4, 3_000);

        assertThat(RestorePoints.newestSince(checkpoints().toUri(), dir.resolve("sp-2").toString()))
                .isEmpty();
        assertThat(RestorePoints.newestSince(dir.resolve("absent").toUri(), "/sp-1")).isEmpty();
    }
}
