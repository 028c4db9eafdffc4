package io.checkoutlake.job.fetch;

import io.checkoutlake.functions.model.DeadLetterReason;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;

/**
 * What a failed fetch says about its object: whether the error belongs to that one object and will
 * not heal by retrying (a dead letter), or may pass (the job fails over and tries again).
 *
 * <p>S3A turns a 401/403 answer into {@link java.nio.file.AccessDeniedException} with the AWS SDK's
 * service exception as its cause (status and S3 error code); an archived object (Glacier, Deep
 * Archive) answers a GET with {@code 403 InvalidObjectState}. The SDK classes are recognised by
 * name, not type: on a cluster the S3 file system lives in a plugin class loader whose classes are
 * not the job's copies.
 *
 * <p>Permanent: 403 (an object ACL, a KMS key the role cannot use) and {@code InvalidObjectState}.
 * Everything else is transient: 5xx, throttling, timeouts, cut connections, and the 403/400 codes
 * that mean the job's own credentials, clock or signing are wrong, which would otherwise turn every
 * object into a dead letter.
 */
final class FetchFailure {
    private static final String SDK_V1_SERVICE_EXCEPTION = "com.amazonaws.AmazonServiceException";
    private static final String SDK_V2_SERVICE_EXCEPTION =
            "software.amazon.awssdk.awscore.exception.AwsServiceException";

    private static final String ARCHIVED = "InvalidObjectState";

    /** Codes of a request the job itself cannot make right now: never the object's fault. */
    private static final Set<String> CALLER_CODES =
            Set.of(
                    "AccountProblem",
                    "AllAccessDisabled",
                    "AuthorizationHeaderMalformed",
                    "ExpiredToken",
                    "InvalidAccessKeyId",
                    "InvalidToken",
                    "RequestExpired",
                    "RequestTimeTooSkewed",
                    "SignatureDoesNotMatch",
                    "TokenRefreshRequired");

    private final boolean accessDenied;
    private final int status;
    private final String code;
    private final String errorClass;

    private FetchFailure(boolean accessDenied, int status, String code, String errorClass) {
        this.accessDenied = accessDenied;
        this.status = status;
        this.code = code;
        this.errorClass = errorClass;
    }

    /** Reads {@code error} and its causes. */
    static FetchFailure of(Throwable error) {
        boolean accessDenied = false;
        int status = 0;
        String code = null;
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
            accessDenied |= t instanceof java.nio.file.AccessDeniedException;
            if (status == 0 && code == null) {
                if (isA(t, SDK_V1_SERVICE_EXCEPTION)) {
                    status = intOf(call(t, "getStatusCode"));
                    code = stringOf(call(t, "getErrorCode"));
                } else if (isA(t, SDK_V2_SERVICE_EXCEPTION)) {
                    status = intOf(call(t, "statusCode"));
                    Object details = call(t, "awsErrorDetails");
                    code = details == null ? null : stringOf(call(details, "errorCode"));
                }
            }
        }
        return new FetchFailure(accessDenied, status, code, error.getClass().getName());
    }

    /** The dead-letter reason when the error is the object's own and permanent; else empty. */
    Optional<DeadLetterReason> permanentReason() {
        if (ARCHIVED.equals(code)) {
            return Optional.of(DeadLetterReason.NOT_READABLE);
        }
        if (code != null && CALLER_CODES.contains(code)) {
            return Optional.empty();
        }
        if (status == 403 || (accessDenied && status == 0)) {
            return Optional.of(DeadLetterReason.ACCESS_DENIED);
        }
        return Optional.empty();
    }

    /** The error's class, S3 code and status: what a dead letter may say (no message, no data). */
    String describe() {
        StringBuilder s = new StringBuilder(errorClass);
        if (code != null || status != 0) {
            s.append(" (");
            if (code != null) {
                s.append(code);
            }
            if (status != 0) {
                s.append(code != null ? ", " : "").append("HTTP ").append(status);
            }
            s.append(')');
        }
        return s.toString();
    }

    private static boolean isA(Throwable t, String className) {
        for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().equals(className)) {
                return true;
            }
        }
        return false;
    }

    private static Object call(Object target, String method) {
        try {
            Method m = target.getClass().getMethod(method);
            return m.invoke(target);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static int intOf(Object value) {
        return value instanceof Integer ? (Integer) value : 0;
    }

    private static String stringOf(Object value) {
        return value instanceof String && !((String) value).isEmpty() ? (String) value : null;
    }
}
