package io.checkoutlake.job.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.SdkClientException;
import com.amazonaws.services.s3.model.AmazonS3Exception;
import io.checkoutlake.functions.model.DeadLetterReason;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.AccessDeniedException;
import java.util.Optional;
import org.apache.hadoop.fs.s3a.S3AUtils;
import org.junit.jupiter.api.Test;

/** Errors as S3A 3.3.4 (flink-s3-fs-hadoop) hands them to the fetcher, through its translation. */
class FetchFailureTest {
    private static final String KEY = "s3a://raw/3A_CheckoutOrder/abc/id/doc.json";

    private static IOException s3a(int status, String code) {
        AmazonS3Exception e = new AmazonS3Exception("PII-free message from " + KEY);
        e.setStatusCode(status);
        e.setErrorCode(code);
        e.setRequestId("REQ1");
        return S3AUtils.translateException("open", KEY, e);
    }

    private static Optional<DeadLetterReason> reasonOf(Throwable e) {
        return FetchFailure.of(e).permanentReason();
    }

    @Test
    void a403IsAccessDeniedWhateverTheRequest() throws Exception {
        IOException get = s3a(403, "AccessDenied");
        assertThat(get).isInstanceOf(AccessDeniedException.class);
        assertThat(reasonOf(get)).contains(DeadLetterReason.ACCESS_DENIED);
        // A HEAD has no body, so no S3 code: the SDK makes one of the status line.
        assertThat(reasonOf(s3a(403, "403 Forbidden"))).contains(DeadLetterReason.ACCESS_DENIED);
        // A KMS key the role may not use is an AccessDenied too.
        assertThat(reasonOf(s3a(403, "KMS.AccessDeniedException")))
                .contains(DeadLetterReason.ACCESS_DENIED);
    }

    @Test
    void anArchivedObjectIsNotReadable() {
        assertThat(reasonOf(s3a(403, "InvalidObjectState")))
                .contains(DeadLetterReason.NOT_READABLE);
    }

    @Test
    void theCauseChainIsWalked() {
        IOException wrapped = new IOException("fetch failed", new IOException(s3a(403, "x")));
        assertThat(reasonOf(wrapped)).contains(DeadLetterReason.ACCESS_DENIED);
        IOException archived = new IOException("read failed", s3a(403, "InvalidObjectState"));
        assertThat(reasonOf(archived)).contains(DeadLetterReason.NOT_READABLE);
        // A local file system's refusal, without an HTTP status.
        assertThat(reasonOf(new AccessDeniedException("/raw/doc.json")))
                .contains(DeadLetterReason.ACCESS_DENIED);
    }

    @Test
    void transientErrorsAreNotDeadLetters() {
        assertThat(reasonOf(s3a(503, "SlowDown"))).isEmpty();
        assertThat(reasonOf(s3a(500, "InternalError"))).isEmpty();
        assertThat(reasonOf(s3a(502, "BadGateway"))).isEmpty();
        assertThat(
                        reasonOf(
                                S3AUtils.translateException(
                                        "open",
                                        KEY,
                                        new SdkClientException(
                                                "Unable to execute HTTP request",
                                                new SocketTimeoutException("Read timed out")))))
                .isEmpty();
        assertThat(reasonOf(new SocketTimeoutException("connect timed out"))).isEmpty();
        assertThat(reasonOf(new SocketException("Connection reset"))).isEmpty();
        assertThat(reasonOf(new EOFException("premature end"))).isEmpty();
        assertThat(reasonOf(new InterruptedIOException("interrupted"))).isEmpty();
        assertThat(reasonOf(new IOException("anything else"))).isEmpty();
    }

    @Test
    void the403sOfTheJobsOwnCredentialsOrClockFailOverInstead() {
        for (String code :
                new String[] {
                    "InvalidAccessKeyId",
                    "SignatureDoesNotMatch",
                    "RequestTimeTooSkewed",
                    "ExpiredToken",
                    "InvalidToken",
                    "AccountProblem",
                    "AllAccessDisabled"
                }) {
            assertThat(reasonOf(s3a(403, code))).as(code).isEmpty();
        }
        assertThat(reasonOf(s3a(400, "ExpiredToken"))).isEmpty();
        assertThat(reasonOf(s3a(400, "BadRequest"))).isEmpty();
    }

    @Test
    void theDescriptionNamesClassCodeAndStatusButNoMessage() {
        String d = FetchFailure.of(s3a(403, "InvalidObjectState")).describe();
        assertThat(d)
                .isEqualTo("java.nio.file.AccessDeniedException (InvalidObjectState, HTTP 403)")
                .doesNotContain("PII")
                .doesNotContain("REQ1");
        assertThat(FetchFailure.of(new AccessDeniedException("/raw/doc.json")).describe())
                .isEqualTo("java.nio.file.AccessDeniedException");
    }
}
