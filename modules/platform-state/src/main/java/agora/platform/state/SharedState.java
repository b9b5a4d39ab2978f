package agora.platform.state;

/**
 * The process's shared state: where its caches and rate limiters live. Created once per process
 * ({@link InProcessState} or {@link RedisState}) and handed to what needs it.
 */
public interface SharedState extends AutoCloseable {

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
