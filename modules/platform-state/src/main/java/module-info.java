/**
 * Shared fast state for every instance of every service: a cache with TTLs and a rate limiter,
 * in Redis when one is configured, in-process for a single-process pod without Redis.
 *
 * <p>Jedis stays behind this module; callers see only {@link agora.platform.state.Cache} and
 * {@link agora.platform.state.RateLimiter}.
 */
module agora.platform.state {
    requires transitive agora.platform.web;
    requires redis.clients.jedis;

    exports agora.platform.state;
}
