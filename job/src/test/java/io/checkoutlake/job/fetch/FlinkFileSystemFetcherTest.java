package io.checkoutlake.job.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fetcher on local files: a known size changes nothing there (only S3A skips a request with
 * it), and a missing object is a {@link FileNotFoundException}, which the fetch stage turns into an
 * {@code object_not_found} dead letter. The S3 side, one GET and no HEAD per object, is checked
 * against S3Proxy by the tests module (S3FetchITCase, S3LakeITCase).
 */
class FlinkFileSystemFetcherTest {
    private static final byte[] DOCUMENT =
            "{\"OrderId\":\"33c887b2bf494a188a0aacc6b0d724bf\"}".getBytes(StandardCharsets.UTF_8);

    @TempDir Path dir;

    private final FlinkFileSystemFetcher fetcher = new FlinkFileSystemFetcher();

    private String write(String name, byte[] bytes) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file.toUri().toString();
    }

    @Test
    void readsAWholeObjectWithItsKnownSize() throws Exception {
        String uri = write("doc.json", DOCUMENT);

        assertThat(fetcher.fetch(uri, DOCUMENT.length, 1024)).isEqualTo(DOCUMENT);
    }

    @Test
    void readsAWholeObjectOfUnknownSize() throws Exception {
        String uri = write("doc.json", DOCUMENT);

        assertThat(fetcher.fetch(uri, -1, 1024)).isEqualTo(DOCUMENT);
        assertThat(fetcher.fetch(uri, 1024)).isEqualTo(DOCUMENT);
    }

    @Test
    void stopsAtTheLimitWhateverTheSize() throws Exception {
        String uri = write("doc.json", DOCUMENT);

        // The fetch stage asks for one byte beyond the largest document: the decoder refuses a
        // longer object from that prefix alone.
        assertThat(fetcher.fetch(uri, DOCUMENT.length, 10)).hasSize(10);
        assertThat(fetcher.fetch(uri, -1, 10)).hasSize(10);
    }

    @Test
    void aMissingObjectIsNotFoundWithOrWithoutASize() {
        String uri = dir.resolve("vanished.json").toUri().toString();

        assertThatThrownBy(() -> fetcher.fetch(uri, DOCUMENT.length, 1024))
                .isInstanceOf(FileNotFoundException.class);
        assertThatThrownBy(() -> fetcher.fetch(uri, -1, 1024))
                .isInstanceOf(FileNotFoundException.class);
    }

    @Test
    void anEmptyObjectIsEmpty() throws Exception {
        String uri = write("empty.json", new byte[0]);

        assertThat(fetcher.fetch(uri, 0, 1024)).isEmpty();
    }
}
