package io.checkoutlake.job.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.AbortedException;
import io.checkoutlake.functions.model.RawObject;
import io.checkoutlake.functions.model.RawObjectRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.util.MockStreamingRuntimeContext;
import org.junit.jupiter.api.Test;

/**
 * The fetch stage as its task closes. Flink's async operator reports an exceptional completion to
 * the task directly (not through the mailbox), so a fetch interrupted by the close of a
 * stop-with-savepoint must complete nothing: the savepoint already holds its reference, and a
 * failure would fail the stop ("the job failed during stopping") after the savepoint was taken.
 */
class FetchRawObjectsTest {
    private static final String URI =
            "file:///raw/3A_CheckoutOrder/33c887b2bf494a188a0aacc6b0d724bf/id/doc.json";

    /**
     * Blocks every fetch until its thread is interrupted, then fails as S3A's SDK does: with an
     * {@link AbortedException}, a runtime exception that the fetch stage does not retry.
     */
    private static final class BlockingFetcher implements ObjectFetcher {
        static final CountDownLatch STARTED = new CountDownLatch(1);

        @Override
        public byte[] fetch(String uri, long size, int limit) {
            STARTED.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                throw new AbortedException("read interrupted", e);
            }
            return new byte[0];
        }
    }

    /** Records what the function hands the operator. */
    private static final class RecordingFuture implements ResultFuture<RawObject> {
        final List<String> outcomes = new ArrayList<>();

        @Override
        public synchronized void complete(Collection<RawObject> result) {
            outcomes.add("complete " + result.size());
        }

        @Override
        public synchronized void completeExceptionally(Throwable error) {
            outcomes.add("failed " + error);
        }

        synchronized List<String> outcomes() {
            return new ArrayList<>(outcomes);
        }
    }

    @Test
    void aFetchInterruptedByTheTaskClosingCompletesNothing() throws Exception {
        FetchRawObjects fetch = new FetchRawObjects(new BlockingFetcher(), 2, 3, 1_000_000);
        fetch.setRuntimeContext(new MockStreamingRuntimeContext(false, 1, 0));
        fetch.open(new Configuration());
        RecordingFuture result = new RecordingFuture();

        fetch.asyncInvoke(new RawObjectRef(URI, 10), result);
        assertThat(BlockingFetcher.STARTED.await(10, TimeUnit.SECONDS)).isTrue();
        fetch.close();
        // Time for the interrupted fetch to report, if it did.
        Thread.sleep(1_000);

        assertThat(result.outcomes()).isEmpty();
    }
}
