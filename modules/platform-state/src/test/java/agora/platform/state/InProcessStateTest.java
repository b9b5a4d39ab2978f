package agora.platform.state;

import agora.platform.testing.TestClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The shared-state contract in one process, on a clock the tests move. */
class InProcessStateTest extends SharedStateContract {

    @Override
    SharedState newState(TestClock clock) {
        return new InProcessState(clock);
    }

    @Override
    void letCacheTimePass(Duration ttl) {
        clock.advance(ttl);
    }

    @Test
    void aValueLivesUntilTheLastInstantOfItsTtl() {
        Cache cache = state.cache("tokens");
        cache.putString(key, "x", Duration.ofSeconds(10));

        clock.advance(Duration.ofSeconds(10).minusNanos(1));
        assertEquals(Optional.of("x"), cache.getString(key));
        clock.advance(Duration.ofNanos(1));
        assertTrue(cache.getString(key).isEmpty());
    }

    @Test
    void sweepingExpiredKeysKeepsTheLiveOnes() {
        // Thousands of one-off keys (client addresses, say) pass through sweeps without
        // disturbing the keys that are still live.
        Cache cache = state.cache("tokens");
        RateLimiter limiter = state.rateLimiter("api");
        RateLimiter.Limit limit = new RateLimiter.Limit(1, Duration.ofSeconds(1));
        cache.putString(key, "kept", Duration.ofHours(1));
        limiter.acquire(key, new RateLimiter.Limit(1, Duration.ofHours(1)));
        for (int i = 0; i < 5_000; i++) {
            cache.putString("one-off-" + i, "x", Duration.ofMillis(1));
            limiter.acquire("one-off-" + i, limit);
            clock.advance(Duration.ofMillis(2));
        }

        assertEquals(Optional.of("kept"), cache.getString(key));
        assertEquals(false, limiter.acquire(key, new RateLimiter.Limit(1, Duration.ofHours(1))).allowed());
        assertTrue(cache.getString("one-off-0").isEmpty());
    }
}
