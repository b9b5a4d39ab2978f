package agora.platform.state;

import agora.platform.testing.PrivateRedis;
import agora.platform.testing.TestClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;

import agora.platform.state.RateLimiter.Decision;
import agora.platform.state.RateLimiter.Limit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import redis.clients.jedis.RedisClient;

/**
 * Redis going away and coming back, on a private redis-server: every operation fails promptly
 * with {@link StateUnavailableException} while it is gone, and the same {@link RedisState} works
 * again once it is back.
 */
class RedisOutageTest {
    private static final Duration TIMEOUT = Duration.ofMillis(500);
    /** Generous against a loaded machine, far below "hangs". */
    private static final Duration PROMPT = Duration.ofSeconds(2);

    private PrivateRedis server;
    private TestClock clock;
    private RedisState state;
    private final Limit limit = new Limit(2, Duration.ofMinutes(1));

    @BeforeEach
    void startServer() throws Exception {
        server = PrivateRedis.start();
        clock = new TestClock(SharedStateContract.START);
        state = RedisState.connect(server.url(), TestRedis.newPrefix(), clock,
                new RedisState.Options(TIMEOUT, TIMEOUT, 4));
    }

    @AfterEach
    void stopServer() throws Exception {
        state.close();
        server.close();
    }

    @Test
    void aKilledRedisIsUnavailableAtOnceAndUsableAgainAfterItsRestart() throws Exception {
        Cache cache = state.cache("authz");
        RateLimiter limiter = state.rateLimiter("login");
        useEverything(cache, limiter);

        server.kill();

        assertUnavailablePromptly(state::ping);
        assertUnavailablePromptly(() -> cache.get("member-1"));
        assertUnavailablePromptly(() -> cache.putString("member-1", "x", Duration.ofMinutes(1)));
        assertUnavailablePromptly(() -> cache.putIfAbsent("member-1", SharedStateContract.bytes("x"), Duration.ofMinutes(1)));
        assertUnavailablePromptly(() -> cache.delete("member-1"));
        assertUnavailablePromptly(() -> limiter.acquire("10.0.0.1", limit));
        assertUnavailablePromptly(() -> limiter.reset("10.0.0.1"));

        server.startAgain();

        // Nothing was on disk: the restarted server is empty, and has no script cached either.
        state.ping();
        assertEquals(Optional.empty(), cache.getString("member-1"));
        assertEquals(new Decision(true, 1, Duration.ZERO), limiter.acquire("10.0.0.1", limit));
        useEverything(cache, limiter);
    }

    @Test
    void aRedisRestartedWhileIdleCostsNoFailedRequestAfterTheFirst() throws Exception {
        Cache cache = state.cache("authz");
        // Fill the pool with several connections, all of which the restart will break.
        SharedStateContract.concurrently(4, i -> () -> {
            cache.putString("member-" + i, "x", Duration.ofMinutes(1));
            return cache.getString("member-" + i);
        });

        server.kill();
        server.startAgain();

        // The first command may meet a broken connection; that failure clears the pool of all
        // of them, so it is the only one.
        int failures = 0;
        for (int i = 0; i < 4; i++) {
            try {
                assertEquals(Optional.empty(), cache.getString("member-" + i));
            } catch (StateUnavailableException brokenConnection) {
                failures++;
            }
        }
        assertTrue(failures <= 1, failures + " failures");
        for (int i = 0; i < 4; i++) {
            assertEquals(Optional.empty(), cache.getString("member-" + i));
        }
    }

    @Test
    void aFrozenRedisTimesOutInsteadOfHanging() throws Exception {
        Cache cache = state.cache("authz");
        RateLimiter limiter = state.rateLimiter("login");
        useEverything(cache, limiter);

        server.pause();
        try {
            assertUnavailablePromptly(() -> cache.get("member-1"));
            assertUnavailablePromptly(() -> limiter.acquire("10.0.0.1", limit));
            assertUnavailablePromptly(state::ping);
        } finally {
            server.resume();
        }

        state.ping();
        assertEquals(Optional.of("present"), cache.getString("member-1"));
    }

    @Test
    void aFlushedScriptCacheIsRefilledWithoutAFailure() throws Exception {
        RateLimiter limiter = state.rateLimiter("login");
        assertTrue(limiter.acquire("10.0.0.1", limit).allowed());
        try (RedisClient raw = RedisClient.create(server.url())) {
            raw.scriptFlush();
        }

        assertEquals(new Decision(true, 0, Duration.ZERO), limiter.acquire("10.0.0.1", limit));
        assertEquals(new Decision(false, 0, Duration.ofMinutes(1)), limiter.acquire("10.0.0.1", limit));
    }

    private void useEverything(Cache cache, RateLimiter limiter) {
        state.ping();
        cache.putString("member-1", "present", Duration.ofMinutes(5));
        assertEquals(Optional.of("present"), cache.getString("member-1"));
        assertTrue(cache.putIfAbsent("claim", SharedStateContract.bytes("x"), Duration.ofMinutes(5))
                || cache.getString("claim").isPresent());
        limiter.reset("10.0.0.2");
        assertTrue(limiter.acquire("10.0.0.2", limit).allowed());
    }

    private static void assertUnavailablePromptly(Executable operation) {
        long start = System.nanoTime();
        StateUnavailableException failure = assertThrows(StateUnavailableException.class, operation);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(PROMPT) < 0, "took " + took);
        assertEquals(503, failure.kind().status());
    }
}
