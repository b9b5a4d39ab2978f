package agora.platform.password;

import java.time.Duration;
import java.time.format.DateTimeParseException;

import io.helidon.config.Config;
import io.helidon.config.ConfigException;

/**
 * How many password hashes may run at once, and how long a caller waits for a turn before
 * {@link PasswordHasher} gives up with {@link HashingBusyException}.
 *
 * <p>Each running hash holds its whole memory cost (19 MiB by default), and running more hashes
 * than there are cores makes each one slower without finishing a burst sooner; so hashes are capped,
 * by default at the core count. A caller that cannot get a turn within the wait is told to come
 * back later (the auth service answers 503 with {@code Retry-After}) instead of joining a queue
 * that grows without bound under a flood of logins.
 *
 * @param maxConcurrent hashes that may run at once, at least 1
 * @param maxWait       how long a caller waits for a turn, zero (never wait) to one minute
 */
public record HashingCapacity(int maxConcurrent, Duration maxWait) {

    /** A login that waits longer has long been abandoned; a longer wait would be the unbounded queue again. */
    static final Duration MAX_WAIT = Duration.ofMinutes(1);

    /** Refuses a cap below 1 and a wait that is negative or longer than a minute. */
    public HashingCapacity {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("max-concurrent must be at least 1, not " + maxConcurrent);
        }
        if (maxWait.isNegative() || maxWait.compareTo(MAX_WAIT) > 0) {
            throw new IllegalArgumentException("max-wait must be between PT0S and " + MAX_WAIT + ", not " + maxWait);
        }
    }

    /**
     * As many hashes at once as the JVM has processors, and a wait of two seconds.
     *
     * @return the default capacity
     */
    public static HashingCapacity defaults() {
        return new HashingCapacity(Runtime.getRuntime().availableProcessors(), Duration.ofSeconds(2));
    }

    /**
     * Reads {@code max-concurrent} (a count) and {@code max-wait} (an ISO-8601 duration such as
     * {@code PT2S}) from the Argon2 node; a missing key keeps its default.
     *
     * @param config the Argon2 node (the auth service's {@code agora.auth.password.argon2})
     * @return the capacity
     * @throws IllegalArgumentException naming the node when a value is malformed or out of range
     */
    public static HashingCapacity from(Config config) {
        HashingCapacity defaults = defaults();
        try {
            return new HashingCapacity(
                    config.get("max-concurrent").asInt().orElse(defaults.maxConcurrent()),
                    config.get("max-wait").asString().map(HashingCapacity::duration).orElse(defaults.maxWait()));
        } catch (ConfigException | IllegalArgumentException e) {
            throw new IllegalArgumentException(config.key() + ": " + e.getMessage(), e);
        }
    }

    private static Duration duration(String text) {
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("max-wait must be an ISO-8601 duration such as PT2S, not '" + text + "'", e);
        }
    }
}
