package agora.platform.web;

import java.time.Duration;
import java.util.Optional;

import io.helidon.config.Config;

/**
 * How long a listener waits for a client and how many clients it holds at once
 * ({@code agora.web.connections}). A client may be slow or vanish at any point; none of that may
 * hold a connection, and with it a file descriptor, for long.
 *
 * @param headerTimeout a new connection must deliver its first request's complete headers within this
 * @param bodyTimeout   a request with a body must be received (and answered) within this
 * @param idleTimeout   a connection between requests is closed after this; the next request's headers
 *                      must also be complete by then
 * @param maxPublic     connections the public listener holds at once; empty: derived from the
 *                      process's file limit and heap ({@link FileBudget}); never above what the file
 *                      limit allows
 */
public record ConnectionLimits(Duration headerTimeout, Duration bodyTimeout, Duration idleTimeout,
                               Optional<Integer> maxPublic) {
    /** The defaults: 10 s for headers, 30 s for a body, 60 s idle, the cap derived from the file limit. */
    public static final ConnectionLimits DEFAULT = new ConnectionLimits(Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofSeconds(60), Optional.empty());

    public ConnectionLimits {
        requirePositive(headerTimeout, "header-timeout");
        requirePositive(bodyTimeout, "body-timeout");
        requirePositive(idleTimeout, "idle-timeout");
        if (maxPublic.filter(max -> max < 1).isPresent()) {
            throw new IllegalArgumentException("agora.web.connections.max must be at least 1: " + maxPublic.get());
        }
    }

    /**
     * The limits under {@code agora.web.connections}: {@code header-timeout}, {@code body-timeout},
     * {@code idle-timeout} (ISO-8601 durations) and {@code max}.
     *
     * @param config the {@code agora.web.connections} node
     * @return the limits, defaults where a key is missing
     */
    public static ConnectionLimits from(Config config) {
        return new ConnectionLimits(
                config.get("header-timeout").as(Duration.class).orElse(DEFAULT.headerTimeout()),
                config.get("body-timeout").as(Duration.class).orElse(DEFAULT.bodyTimeout()),
                config.get("idle-timeout").as(Duration.class).orElse(DEFAULT.idleTimeout()),
                config.get("max").asInt().asOptional());
    }

    private static void requirePositive(Duration duration, String key) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("agora.web.connections." + key + " must be positive: " + duration);
        }
    }
}
