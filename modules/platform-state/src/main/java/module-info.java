/**
 * Shared fast state for every instance of every service: a cache with TTLs and a rate limiter,
 * in Redis when one is configured, in-process for a single-process pod without Redis.
 *
 * <p>Jedis stays behind this module; callers see only {@link agora.platform.state.Cache} and
 * {@link agora.platform.state.RateLimiter}.
 *
 * <p>Jedis is an automatic module, and the module system resolves an automatic module's own
 * dependencies only when some module requires them. Its connection pool is commons-pool2, which
 * this module configures, so it is required here by name; that also puts it in the module graph
 * for Jedis. SLF4J (Jedis' logging) is required for the same reason: without it, loading Jedis'
 * connection classes fails on a plain module path unless {@code --add-modules ALL-MODULE-PATH}
 * is given.
 */
module agora.platform.state {
    requires agora.platform.contract;
    // StateUnavailableException is a ProblemException (503 for a request that needed the state).
    requires transitive agora.platform.core;
    requires redis.clients.jedis;
    requires io.helidon.metrics.api;
    requires org.apache.commons.pool2;
    requires org.slf4j;

    exports agora.platform.state;
}
