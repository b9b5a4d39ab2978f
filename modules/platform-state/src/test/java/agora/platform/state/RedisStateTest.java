package agora.platform.state;

import agora.platform.testing.TestClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import agora.platform.state.RateLimiter.Limit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import redis.clients.jedis.RedisClient;

/** The shared-state contract against the machine's real Redis, under a key prefix of this run's own. */
class RedisStateTest extends SharedStateContract {
    private static final String PREFIX = TestRedis.newPrefix();
    private static RedisClient redis;

    @BeforeAll
    static void connectRaw() {
        redis = TestRedis.rawClient();
    }

    @AfterAll
    static void deleteThisRunsKeys() {
        try (RedisClient raw = redis) {
            TestRedis.deleteAll(raw, PREFIX);
            assertEquals(0, TestRedis.count(raw, PREFIX));
        }
    }

    @Override
    SharedState newState(TestClock clock) {
        return RedisState.connect(TestRedis.URL, PREFIX, clock);
    }

    @Override
    void letCacheTimePass(Duration ttl) throws InterruptedException {
        // Redis expires keys on its own clock; it checks expiry on every read, so a little past
        // the TTL is enough.
        Thread.sleep(ttl.plusMillis(50));
    }

    @Test
    void runsOnTheModulePathAsInProduction() {
        // Surefire falls back to the class path silently when it cannot build a module path;
        // Jedis' own dependencies are only found there when this module names them.
        assertEquals("agora.platform.state", RedisState.class.getModule().getName());
        assertEquals("redis.clients.jedis", RedisClient.class.getModule().getName());
        assertTrue(RedisClient.class.getModule().getDescriptor().isAutomatic());
        assertTrue(ModuleLayer.boot().findModule("org.apache.commons.pool2").isPresent());
        assertTrue(ModuleLayer.boot().findModule("org.slf4j").isPresent());
    }

    @Test
    void keysAreLaidOutAsPrefixKindNamespaceKey() {
        state.cache("authz").putString(key, "x", Duration.ofMinutes(1));
        state.rateLimiter("login").acquire(key, new Limit(5, Duration.ofSeconds(30)));

        assertEquals("string", redis.type(PREFIX + "cache:authz:" + key));
        assertEquals("zset", redis.type(PREFIX + "rate:login:" + key));
        assertEquals(1, redis.zcard(PREFIX + "rate:login:" + key));
    }

    @Test
    void cacheTtlsAreRedisExpiries() {
        state.cache("authz").putString(key, "x", Duration.ofMillis(59_500));
        assertTrue(state.cache("authz").putIfAbsent(key + "-claim", SharedStateContract.bytes("y"), Duration.ofSeconds(90)));

        long ttl = redis.pttl(PREFIX + "cache:authz:" + key);
        long claimTtl = redis.pttl(PREFIX + "cache:authz:" + key + "-claim");
        assertTrue(ttl > 50_000 && ttl <= 59_500, "PTTL " + ttl);
        assertTrue(claimTtl > 80_000 && claimTtl <= 90_000, "PTTL " + claimTtl);
    }

    @Test
    void anIdleRateLimitKeyExpiresWithItsWindow() {
        RateLimiter limiter = state.rateLimiter("login");
        limiter.acquire(key, new Limit(3, Duration.ofSeconds(45)));
        long ttl = redis.pttl(PREFIX + "rate:login:" + key);
        assertTrue(ttl > 40_000 && ttl <= 45_000, "PTTL " + ttl);

        limiter.reset(key);
        assertFalse(redis.exists(PREFIX + "rate:login:" + key));
    }

    @Test
    void theDescriptionNamesHostAndPortButNeverThePassword() {
        try (RedisState described = RedisState.connect(URI.create("redis://agora:s3cret-pw@127.0.0.1:6379/2"),
                "agora:", Clock.systemUTC())) {
            String text = described.description();
            assertTrue(text.contains("127.0.0.1:6379"), text);
            assertTrue(text.contains("database 2"), text);
            assertTrue(text.contains("AGORA_REDIS_URL"), text);
            assertFalse(text.contains("s3cret"), text);
            assertFalse(text.contains("agora:s3cret"), text);
        }
    }

    @Test
    void wrongCredentialsMakeStateUnavailable() {
        try (RedisState misconfigured = RedisState.connect(
                URI.create("redis://nobody:wrong@" + TestRedis.URL.getHost() + ":" + TestRedis.URL.getPort()),
                PREFIX, Clock.systemUTC())) {
            assertThrows(StateUnavailableException.class, misconfigured::ping);
            assertThrows(StateUnavailableException.class, () -> misconfigured.cache("authz").get(key));
        }
    }

    @Test
    void aRedisThatIsNotThereIsUnavailableAtOnce() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        try (RedisState nowhere = RedisState.connect(URI.create("redis://127.0.0.1:" + port), PREFIX,
                Clock.systemUTC())) {
            long start = System.nanoTime();
            StateUnavailableException failure = assertThrows(StateUnavailableException.class,
                    () -> nowhere.rateLimiter("login").acquire(key, new Limit(1, Duration.ofSeconds(1))));
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(2)) < 0);
            assertEquals(503, failure.kind().status());
            assertEquals(java.util.Map.of("Retry-After", "2"), failure.headers());
        }
    }

    @Test
    void urlsAndPrefixesThatCannotWorkAreRefusedAtOnce() {
        for (String url : List.of("http://127.0.0.1:6379", "redis:///0", "redis://agora@127.0.0.1:6379",
                "redis://127.0.0.1:6379/first")) {
            assertThrows(IllegalArgumentException.class,
                    () -> RedisState.connect(URI.create(url), PREFIX, Clock.systemUTC()), url);
        }
        assertThrows(IllegalArgumentException.class,
                () -> RedisState.connect(TestRedis.URL, "agora*", Clock.systemUTC()));
        assertThrows(IllegalArgumentException.class, () -> new RedisState.Options(Duration.ZERO, Duration.ofSeconds(1), 4));
        assertThrows(IllegalArgumentException.class, () -> new RedisState.Options(Duration.ofSeconds(1), Duration.ofSeconds(1), 0));
    }
}
