package agora.platform.password;

/**
 * Thrown when a password hash or check could not get a turn within the configured wait
 * ({@link HashingCapacity#maxWait()}): every permitted hash is running and others are queued. The
 * request should be answered with 503 and a {@code Retry-After} of {@link #retryAfterSeconds()},
 * not retried at once.
 */
public final class HashingBusyException extends RuntimeException {

    private final long retryAfterSeconds;

    /**
     * Creates the exception; public so that a service's tests can check how it answers one.
     *
     * @param message           what happened, for the log
     * @param retryAfterSeconds when to try again, at least 1
     * @throws IllegalArgumentException when the retry-after is below 1
     */
    public HashingBusyException(String message, long retryAfterSeconds) {
        super(message);
        if (retryAfterSeconds < 1) {
            throw new IllegalArgumentException("retry-after must be at least 1 second, not " + retryAfterSeconds);
        }
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /**
     * The suggested wait before trying again: the time the hashes already running and queued take
     * to finish at the recently measured pace, rounded up to whole seconds, 1 to 60.
     *
     * @return seconds, for a {@code Retry-After} header
     */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
