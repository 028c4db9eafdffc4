package io.checkoutlake.tests.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.checkoutlake.job.LakeEnvironments;
import io.checkoutlake.job.config.LakeJobConfig;
import io.checkoutlake.job.fetch.FlinkFileSystemFetcher;
import io.checkoutlake.tests.s3.FaultInjectingS3Proxy.Exchange;
import io.checkoutlake.tests.s3.FaultInjectingS3Proxy.Fault;
import io.checkoutlake.tests.s3.FaultInjectingS3Proxy.Operation;
import java.io.FileNotFoundException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link FlinkFileSystemFetcher} through S3A against a real S3 API (S3Proxy behind the recording
 * {@link FaultInjectingS3Proxy}): with the size from the listing or the notification, an object is
 * one GET and no HEAD, and what a plain open reported still comes out the same way: a vanished
 * object as a {@link FileNotFoundException} (an {@code object_not_found} dead letter), a refused
 * one as an {@link AccessDeniedException} ({@code access_denied}).
 */
class S3FetchITCase {
    private static final int LIMIT = 1024 * 1024;
    private static final byte[] DOCUMENT =
            "{\"OrderId\":\"33c887b2bf494a188a0aacc6b0d724bf\",\"Total\":12.5}"
                    .getBytes(StandardCharsets.UTF_8);

    @RegisterExtension static final S3ProxyExtension S3 = new S3ProxyExtension("raw", "lake");

    private static FaultInjectingS3Proxy proxy;
    private final FlinkFileSystemFetcher fetcher = new FlinkFileSystemFetcher();

    @BeforeAll
    static void start() throws Exception {
        proxy = FaultInjectingS3Proxy.start(S3.endpoint());
        LakeJobConfig config =
                LakeJobConfig.builder()
                        .set("source.path", "s3a://raw/fetch")
                        .set("lake.path", "s3a://lake/fetch/lake")
                        .set("deadletter.path", "s3a://lake/fetch/deadletter")
                        .set("s3.endpoint", proxy.endpoint().toString())
                        .set("s3.path-style-access", "true")
                        .build();
        LakeEnvironments.initializeFileSystems(LakeEnvironments.flinkConfiguration(config));
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.close();
    }

    @Test
    void anObjectOfKnownSizeIsOneGetAndNoHead() throws Exception {
        S3.putObject("raw", "fetch/known.json", DOCUMENT);
        int before = proxy.exchanges().size();

        assertThat(fetcher.fetch("s3a://raw/fetch/known.json", DOCUMENT.length, LIMIT))
                .isEqualTo(DOCUMENT);

        assertThat(requestsSince(before, "fetch/known.json"))
                .containsExactly(Map.entry(Operation.GET_OBJECT, 1L));
    }

    @Test
    void anObjectOfUnknownSizeIsStillRead() throws Exception {
        S3.putObject("raw", "fetch/unknown.json", DOCUMENT);
        int before = proxy.exchanges().size();

        assertThat(fetcher.fetch("s3a://raw/fetch/unknown.json", -1, LIMIT)).isEqualTo(DOCUMENT);
        assertThat(fetcher.fetch("s3a://raw/fetch/unknown.json", LIMIT)).isEqualTo(DOCUMENT);

        // Without a size S3A asks for it first, as before.
        assertThat(requestsSince(before, "fetch/unknown.json"))
                .containsEntry(Operation.GET_OBJECT, 2L)
                .containsEntry(Operation.HEAD_OBJECT, 2L);
    }

    @Test
    void theLimitAndTheListedSizeBoundTheRead() throws Exception {
        S3.putObject("raw", "fetch/limited.json", DOCUMENT);

        assertThat(fetcher.fetch("s3a://raw/fetch/limited.json", DOCUMENT.length, 10))
                .isEqualTo(Arrays.copyOf(DOCUMENT, 10));
        // An object that grew after it was listed is read up to its listed size: the size is
        // trusted, and the decoder sees a truncated document, as it would have at listing time.
        assertThat(fetcher.fetch("s3a://raw/fetch/limited.json", 20, LIMIT))
                .isEqualTo(Arrays.copyOf(DOCUMENT, 20));
    }

    @Test
    void anObjectDeletedAfterItWasListedIsNotFound() throws Exception {
        S3.putObject("raw", "fetch/vanished.json", DOCUMENT);
        S3.client().deleteObject(r -> r.bucket("raw").key("fetch/vanished.json"));
        int before = proxy.exchanges().size();

        // S3A opens without a request; the GET of the first read answers 404.
        assertThatThrownBy(
                        () ->
                                fetcher.fetch(
                                        "s3a://raw/fetch/vanished.json", DOCUMENT.length, LIMIT))
                .isInstanceOf(FileNotFoundException.class);

        assertThat(requestsSince(before, "fetch/vanished.json"))
                .containsExactly(Map.entry(Operation.GET_OBJECT, 1L));
    }

    @Test
    void aRefusedObjectIsAPermanentFailure() throws Exception {
        S3.putObject("raw", "fetch/refused.json", DOCUMENT);
        proxy.injectForKey(
                Fault.ACCESS_DENIED,
                EnumSet.of(Operation.HEAD_OBJECT, Operation.GET_OBJECT),
                "fetch/refused.json");

        // What the fetch stage turns into an access_denied dead letter once retries run out.
        assertThatThrownBy(
                        () -> fetcher.fetch("s3a://raw/fetch/refused.json", DOCUMENT.length, LIMIT))
                .isInstanceOf(AccessDeniedException.class);
    }

    private static Map<Operation, Long> requestsSince(int before, String key) {
        List<Exchange> all = proxy.exchanges();
        return all.subList(before, all.size()).stream()
                .filter(e -> "raw".equals(e.bucket) && key.equals(e.key))
                .collect(Collectors.groupingBy(e -> e.operation, Collectors.counting()));
    }
}
