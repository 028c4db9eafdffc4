package io.checkoutlake.job.backfill;

/**
 * A backfill that must not start: its paths hold nothing to read, or another run holds its folders.
 * The message is the one line an operator needs; {@code main} prints it and exits non-zero.
 */
public final class BackfillRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BackfillRefusedException(String message) {
        super(message);
    }
}
