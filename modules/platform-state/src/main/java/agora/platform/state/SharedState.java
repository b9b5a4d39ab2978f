package agora.platform.state;

/**
 * The process's shared state: where its caches and rate limiters live. Created once per process
 * ({@link InProcessState} or {@link RedisState}) and handed to what needs it.
 */
public interface SharedState extends AutoCloseable {

    /**
     * The process's shared state from the root configuration: Redis at {@code agora.redis.url}
     * (env {@code AGORA_REDIS_URL}) with key prefix {@code agora.redis.prefix} (default
     * {@code agora:}), or in-process state when no URL is set (a single-process pod only).
     *
     * @param config the root configuration
     * @param clock  the clock for rate windows and in-process expiry
     * @return the shared state
     */
    static SharedState from(io.helidon.config.Config config, java.time.Clock clock) {
        return config.get("agora.redis.url").asString().asOptional()
                .filter(url -> !url.isBlank())
                .<SharedState>map(url -> RedisState.connect(java.net.URI.create(url),
                        config.get("agora.redis.prefix").asString().orElse("agora:"), clock))
                .orElseGet(() -> new InProcessState(clock));
    }

    /**
     * A cache whose keys are scoped by the namespace ({@code authz}, {@code tokens} …).
     *
     * @param namespace the namespace
     * @return the cache
     */
    Cache cache(String namespace);

    /**
     * A rate limiter whose keys are scoped by the namespace ({@code login}, {@code api} …).
     *
     * @param namespace the namespace
     * @return the rate limiter
     */
    RateLimiter rateLimiter(String namespace);

    /**
     * Whether this state lives inside the process (a single-process pod without Redis): then it is
     * shared with nobody, and health reports it as such rather than pinging a server.
     *
     * @return whether it is in-process
     */
    default boolean inProcess() {
        return false;
    }

    /** One line for the start-up log: what backs this state and how to change it. */
    String description();

    /**
     * Checks that the backend answers.
     *
     * @throws StateUnavailableException when it does not
     */
    void ping();

    @Override
    void close();
}
