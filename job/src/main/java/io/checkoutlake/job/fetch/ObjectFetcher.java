package io.checkoutlake.job.fetch;

import java.io.IOException;
import java.io.Serializable;

/**
 * Reads one raw object's bytes. Called from many threads at once. A missing object is a {@link
 * java.io.FileNotFoundException}; any other {@link IOException} is retried by the fetch stage, and
 * when retries run out one that {@link FetchFailure} finds permanent (a {@link
 * java.nio.file.AccessDeniedException}, an S3 403 or {@code InvalidObjectState} in its causes)
 * becomes a dead letter.
 */
public interface ObjectFetcher extends Serializable {
    /**
     * The object's bytes, at most {@code limit} of them: a longer object returns exactly {@code
     * limit} bytes so that the decoder can refuse it without reading it whole. {@code size} is the
     * object's size as discovery saw it (the listing or the S3 notification), or -1 when unknown: a
     * fetcher that can open an object without asking the store for its size first (S3A's HEAD) does
     * so. The size is trusted: an object that grew since it was listed may be read only up to that
     * size. Wrappers pass it on.
     */
    byte[] fetch(String uri, long size, int limit) throws IOException;

    /** As {@link #fetch(String, long, int)} with the size unknown. */
    default byte[] fetch(String uri, int limit) throws IOException {
        return fetch(uri, -1, limit);
    }
}
