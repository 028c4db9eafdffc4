package io.checkoutlake.job.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.enumerate.FileEnumerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MissingSourcePathsTest {
    @TempDir Path dir;

    private final FileEnumerator enumerator =
            MissingSourcePaths.tolerating(RawObjectEnumerator.provider()).create();

    private static org.apache.flink.core.fs.Path[] flink(Path path) {
        return new org.apache.flink.core.fs.Path[] {
            new org.apache.flink.core.fs.Path(path.toUri())
        };
    }

    @Test
    void aMissingPathListsAsEmptyUntilItAppears() throws Exception {
        Path raw = dir.resolve("raw");
        assertThat(enumerator.enumerateSplits(flink(raw), 1)).isEmpty();
        assertThat(enumerator.enumerateSplits(flink(raw), 1)).isEmpty();

        Files.createDirectories(raw.resolve("3A_CheckoutOrder/x/id"));
        Files.write(raw.resolve("3A_CheckoutOrder/x/id/doc.json"), new byte[] {'{', '}'});
        assertThat(enumerator.enumerateSplits(flink(raw), 1))
                .extracting(FileSourceSplit::path)
                .extracting(p -> p.getName())
                .containsExactly("doc.json");
    }

    @Test
    void anExistingEmptyPathListsAsEmpty() throws Exception {
        assertThat(enumerator.enumerateSplits(flink(Files.createDirectories(dir.resolve("e"))), 1))
                .isEmpty();
    }
}
