package io.checkoutlake.job.fetch;

import java.io.IOException;
import java.io.Serializable;

/**
 * Reads one raw object's bytes. Called from many threads at once. A missing object is a {@link
 * java.io.FileNotFoundException}; any other {@link IOException} is retried by the fetch stage.
 */
public interface ObjectFetcher extends Serializable {
    /**
     * The object's bytes, at most {@code limit} of them: a longer object returns exactly {@code
     * limit} bytes so that the decoder can refuse it without reading it whole.
     */
    byte[] fetch(String uri, int limit) throws IOException;
}
