package agora.platform.state;

import agora.platform.testing.TestClock;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import agora.platform.state.RateLimiter.Decision;
import agora.platform.state.RateLimiter.Limit;
import agora.platform.state.RateLimiter.Reservation;
import agora.platform.state.RateLimiter.Tier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SharedState} promises, run against each implementation. Each test works on
 * keys of its own, so the tests share nothing but the backend.
 */
abstract class SharedStateContract {
    /** Whole milliseconds, so Redis (milliseconds) and in-process ({@link Instant}) agree exactly. */
    static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

    TestClock clock;
    SharedState state;
    String key;

    /**
     * The implementation under test.
     *
     * @param clock the rate limiter's (and, in-process, the cache's) time
     * @return a fresh state
     */
    abstract SharedState newState(TestClock clock);

    /**
     * Lets a cache entry's TTL pass: in-process by moving the clock, in Redis (whose TTLs run on
     * its own clock) by waiting.
     *
     * @param ttl the entry's TTL
     */
    abstract void letCacheTimePass(Duration ttl) throws InterruptedException;

    @BeforeEach
    void open() {
        clock = new TestClock(START);
        state = newState(clock);
        key = "key-" + UUID.randomUUID();
    }

    @AfterEach
    void closeState() {
        state.close();
    }

    // ---- cache ----

    @Test
    void aStoredValueIsReadBack() {
        Cache cache = state.cache("tokens");
        cache.put(key, new byte[] {1, 2, 3, 0, -1}, Duration.ofMinutes(1));
        cache.putString(key + "-text", "blåbærsyltetøj", Duration.ofMinutes(1));

        assertArrayEquals(new byte[] {1, 2, 3, 0, -1}, cache.get(key).orElseThrow());
        assertEquals(Optional.of("blåbærsyltetøj"), cache.getString(key + "-text"));
    }

    @Test
    void aMissingKeyIsEmpty() {
        assertTrue(state.cache("tokens").get(key).isEmpty());
    }

    @Test
    void changingTheArraysAfterwardsChangesNothingStored() {
        Cache cache = state.cache("tokens");
        byte[] value = {1, 2, 3};
        cache.put(key, value, Duration.ofMinutes(1));
        value[0] = 9;
        cache.get(key).orElseThrow()[1] = 9;

        assertArrayEquals(new byte[] {1, 2, 3}, cache.get(key).orElseThrow());
    }

    @Test
    void putReplacesTheValue() {
        Cache cache = state.cache("tokens");
        cache.putString(key, "first", Duration.ofMinutes(1));
        cache.putString(key, "second", Duration.ofMinutes(1));

        assertEquals(Optional.of("second"), cache.getString(key));
    }

    @Test
    void aValueIsGoneOnceItsTtlHasPassed() throws InterruptedException {
        Cache cache = state.cache("tokens");
        Duration ttl = Duration.ofMillis(200);
        cache.putString(key, "short-lived", ttl);
        cache.putString(key + "-long", "long-lived", Duration.ofMinutes(5));
        assertEquals(Optional.of("short-lived"), cache.getString(key));

        letCacheTimePass(ttl);

        assertEquals(Optional.empty(), cache.getString(key));
        assertEquals(Optional.of("long-lived"), cache.getString(key + "-long"));
    }

    @Test
    void ttlMustBePositive() {
        Cache cache = state.cache("tokens");
        assertThrows(IllegalArgumentException.class, () -> cache.putString(key, "x", Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> cache.putString(key, "x", Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class,
                () -> cache.putIfAbsent(key, new byte[] {1}, Duration.ZERO));
        assertTrue(cache.get(key).isEmpty());
    }

    @Test
    void putIfAbsentStoresOnlyTheFirst() {
        Cache cache = state.cache("claims");
        assertTrue(cache.putIfAbsent(key, bytes("first"), Duration.ofMinutes(1)));
        assertFalse(cache.putIfAbsent(key, bytes("second"), Duration.ofMinutes(1)));

        assertEquals(Optional.of("first"), cache.getString(key));
    }

    @Test
    void putIfAbsentStoresAgainOnceTheOldValueExpired() throws InterruptedException {
        Cache cache = state.cache("claims");
        Duration ttl = Duration.ofMillis(200);
        assertTrue(cache.putIfAbsent(key, bytes("first"), ttl));

        letCacheTimePass(ttl);

        assertTrue(cache.putIfAbsent(key, bytes("second"), Duration.ofMinutes(1)));
        assertEquals(Optional.of("second"), cache.getString(key));
    }

    @Test
    void exactlyOneOfManyConcurrentPutIfAbsentWins() throws Exception {
        Cache cache = state.cache("claims");
        List<Boolean> stored = concurrently(16,
                i -> () -> cache.putIfAbsent(key, bytes("claimant-" + i), Duration.ofMinutes(1)));

        assertEquals(1, stored.stream().filter(won -> won).count(), "winners among " + stored);
        int winner = stored.indexOf(true);
        assertEquals(Optional.of("claimant-" + winner), cache.getString(key));
    }

    @Test
    void deleteRemovesTheValue() {
        Cache cache = state.cache("tokens");
        cache.putString(key, "x", Duration.ofMinutes(1));
        cache.delete(key);
        cache.delete(key + "-never-stored");

        assertTrue(cache.get(key).isEmpty());
        assertTrue(cache.putIfAbsent(key, bytes("y"), Duration.ofMinutes(1)));
    }

    @Test
    void namespacesDoNotShareKeys() {
        Cache authz = state.cache("authz");
        Cache tokens = state.cache("tokens");
        authz.putString(key, "in authz", Duration.ofMinutes(1));

        assertTrue(tokens.get(key).isEmpty());
        tokens.putString(key, "in tokens", Duration.ofMinutes(1));
        authz.delete(key);

        assertEquals(Optional.of("in tokens"), tokens.getString(key));
        assertTrue(authz.get(key).isEmpty());
    }

    @Test
    void aCacheAndARateLimiterOfOneNamespaceDoNotMeet() {
        Limit limit = new Limit(1, Duration.ofMinutes(1));
        state.cache("login").putString(key, "cached", Duration.ofMinutes(1));

        assertTrue(state.rateLimiter("login").acquire(key, limit).allowed());
        assertFalse(state.rateLimiter("login").acquire(key, limit).allowed());
        assertEquals(Optional.of("cached"), state.cache("login").getString(key));
    }

    @Test
    void namespacesThatCouldBlurIntoKeysAreRefused() {
        for (String namespace : List.of("", "a:b", "Upper", "with space", "star*", "-leading")) {
            assertThrows(IllegalArgumentException.class, () -> state.cache(namespace), namespace);
            assertThrows(IllegalArgumentException.class, () -> state.rateLimiter(namespace), namespace);
        }
        state.cache("authz.v2");
        state.rateLimiter("login-by_address");
    }

    // ---- rate limiter ----

    @Test
    void allowsExactlyThePermitsOfAWindow() {
        RateLimiter limiter = state.rateLimiter("login");
        Limit limit = new Limit(3, Duration.ofMinutes(1));

        assertEquals(new Decision(true, 2, Duration.ZERO), limiter.acquire(key, limit));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(new Decision(true, 1, Duration.ZERO), limiter.acquire(key, limit));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(new Decision(true, 0, Duration.ZERO), limiter.acquire(key, limit));
        clock.advance(Duration.ofSeconds(1));

        // The oldest permit (taken at 0 s) leaves the 60 s window at 60 s; it is now 3 s.
        assertEquals(new Decision(false, 0, Duration.ofSeconds(57)), limiter.acquire(key, limit));
    }

    @Test
    void permitsComeBackAsTheWindowSlides() {
        RateLimiter limiter = state.rateLimiter("login");
        Limit limit = new Limit(2, Duration.ofSeconds(10));
        assertTrue(limiter.acquire(key, limit).allowed());          // at 0 s
        clock.advance(Duration.ofSeconds(4));
        assertTrue(limiter.acquire(key, limit).allowed());          // at 4 s
        clock.advance(Duration.ofSeconds(2));
        assertEquals(Duration.ofSeconds(4), limiter.acquire(key, limit).retryAfter()); // at 6 s

        clock.advance(Duration.ofMillis(3_999));                   // 1 ms before the first leaves
        assertEquals(new Decision(false, 0, Duration.ofMillis(1)), limiter.acquire(key, limit));

        clock.advance(Duration.ofMillis(1));                       // 10 s: the first has left
        assertEquals(new Decision(true, 0, Duration.ZERO), limiter.acquire(key, limit));
        // Now the one from 4 s is the oldest: free at 14 s.
        assertEquals(new Decision(false, 0, Duration.ofSeconds(4)), limiter.acquire(key, limit));

        clock.advance(Duration.ofSeconds(20));                     // everything has left
        assertEquals(new Decision(true, 1, Duration.ZERO), limiter.acquire(key, limit));
    }

    @Test
    void refusedAttemptsDoNotExtendTheWait() {
        RateLimiter limiter = state.rateLimiter("login");
        Limit limit = new Limit(1, Duration.ofSeconds(30));
        assertTrue(limiter.acquire(key, limit).allowed());
        for (int second = 1; second < 30; second++) {
            clock.advance(Duration.ofSeconds(1));
            Decision refused = limiter.acquire(key, limit);
            assertFalse(refused.allowed());
            assertEquals(Duration.ofSeconds(30 - second), refused.retryAfter());
        }
        clock.advance(Duration.ofSeconds(1));
        assertTrue(limiter.acquire(key, limit).allowed());
    }

    @Test
    void aLoweredLimitWaitsUntilEnoughPermitsHaveLeft() {
        RateLimiter limiter = state.rateLimiter("api");
        Limit generous = new Limit(5, Duration.ofSeconds(10));
        for (int i = 0; i < 5; i++) {
            assertTrue(limiter.acquire(key, generous).allowed());   // at 0, 1, 2, 3, 4 s
            clock.advance(Duration.ofSeconds(1));
        }
        // At 5 s with 2 per window: 5 taken, so 4 must leave; the fourth (taken at 3 s) leaves at 13 s.
        Decision refused = limiter.acquire(key, new Limit(2, Duration.ofSeconds(10)));

        assertEquals(new Decision(false, 0, Duration.ofSeconds(8)), refused);
        clock.advance(refused.retryAfter());
        assertTrue(limiter.acquire(key, new Limit(2, Duration.ofSeconds(10))).allowed());
    }

    @Test
    void keysAndNamespacesAreLimitedSeparately() {
        Limit limit = new Limit(1, Duration.ofMinutes(1));
        assertTrue(state.rateLimiter("login").acquire(key, limit).allowed());

        assertFalse(state.rateLimiter("login").acquire(key, limit).allowed());
        assertTrue(state.rateLimiter("login").acquire(key + "-other", limit).allowed());
        assertTrue(state.rateLimiter("api").acquire(key, limit).allowed());
    }

    @Test
    void resetForgetsAKeysAttempts() {
        RateLimiter limiter = state.rateLimiter("login");
        Limit limit = new Limit(2, Duration.ofMinutes(15));
        limiter.acquire(key, limit);
        limiter.acquire(key, limit);
        limiter.acquire(key + "-other", limit);
        assertFalse(limiter.acquire(key, limit).allowed());

        limiter.reset(key);
        limiter.reset(key + "-never-seen");

        assertEquals(new Decision(true, 1, Duration.ZERO), limiter.acquire(key, limit));
        assertEquals(new Decision(true, 0, Duration.ZERO), limiter.acquire(key + "-other", limit));
    }

    @Test
    void concurrentAttemptsGetExactlyThePermits() throws Exception {
        RateLimiter limiter = state.rateLimiter("api");
        Limit limit = new Limit(10, Duration.ofMinutes(1));
        List<Decision> decisions = concurrently(50, i -> () -> limiter.acquire(key, limit));

        assertEquals(10, decisions.stream().filter(Decision::allowed).count());
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), decisions.stream()
                .filter(Decision::allowed).map(Decision::remaining).sorted().toList());
        assertTrue(decisions.stream().filter(decision -> !decision.allowed())
                .allMatch(decision -> decision.retryAfter().equals(Duration.ofMinutes(1))), decisions::toString);
    }

    @Test
    void aReservationTakesAPermitUnderEveryTierOrUnderNone() {
        RateLimiter limiter = state.rateLimiter("login");
        List<Tier> tiers = List.of(new Tier(key + ":short", new Limit(2, Duration.ofMinutes(1))),
                new Tier(key + ":long", new Limit(3, Duration.ofHours(1))));
        assertTrue(limiter.reserve(tiers).allowed());
        assertTrue(limiter.reserve(tiers).allowed());
        clock.advance(Duration.ofSeconds(10));
        Reservation refused = limiter.reserve(tiers);
        assertFalse(refused.allowed());
        assertEquals(Duration.ofSeconds(50), refused.retryAfter(), "the short tier frees a permit first");

        // The refusal took nothing from the long tier: it still has one permit.
        clock.advance(Duration.ofSeconds(50));
        assertTrue(limiter.reserve(tiers).allowed());
        clock.advance(Duration.ofMinutes(1));
        Reservation longWait = limiter.reserve(tiers);
        assertFalse(longWait.allowed(), "three an hour");
        assertEquals(Duration.ofMinutes(60).minusSeconds(120), longWait.retryAfter(), "the longest wait of a full tier");
    }

    @Test
    void aReleasedPermitIsFreeAgainAndAResetKeyForgetsIt() {
        RateLimiter limiter = state.rateLimiter("login");
        List<Tier> tiers = List.of(new Tier(key + ":a", new Limit(1, Duration.ofMinutes(1))),
                new Tier(key + ":b", new Limit(5, Duration.ofMinutes(1))));
        Reservation first = limiter.reserve(tiers);
        assertFalse(limiter.reserve(tiers).allowed());
        limiter.release(first);
        Reservation second = limiter.reserve(tiers);
        assertTrue(second.allowed(), "the released permit is free under both tiers");

        limiter.release(limiter.reserve(tiers));                 // refused: nothing to give back
        limiter.reset(key + ":a");
        limiter.release(second);                                 // under :a it is gone already; :b gets it back
        for (int i = 0; i < 5; i++) {
            assertTrue(limiter.reserve(List.of(tiers.get(1))).allowed(), "permit " + i + " under :b");
        }
        assertFalse(limiter.reserve(List.of(tiers.get(1))).allowed(), "five under :b");
    }

    @Test
    void oneReleaseGivesThePermitBackAndForgetsOtherKeys() {
        RateLimiter limiter = state.rateLimiter("login");
        Limit one = new Limit(1, Duration.ofMinutes(1));
        List<Tier> account = List.of(new Tier(key + ":account", one));
        List<Tier> address = List.of(new Tier(key + ":address", new Limit(2, Duration.ofMinutes(1))));
        assertTrue(limiter.reserve(account).allowed());
        assertFalse(limiter.reserve(account).allowed(), "the account's one permit is taken");
        Reservation attempt = limiter.reserve(address);
        assertTrue(limiter.reserve(address).allowed());
        assertFalse(limiter.reserve(address).allowed(), "two under the address");

        limiter.release(attempt, List.of(key + ":account", key + ":never-seen"));

        assertTrue(limiter.reserve(account).allowed(), "the account's history is forgotten");
        assertTrue(limiter.reserve(address).allowed(), "the attempt's permit is back");
        assertFalse(limiter.reserve(address).allowed(), "and only that one");
        limiter.release(limiter.reserve(account), List.of(key + ":account")); // refused, and still forgets
        assertTrue(limiter.reserve(account).allowed());
    }

    @Test
    void concurrentReservationsGetExactlyTheTightestTiersPermits() throws Exception {
        RateLimiter limiter = state.rateLimiter("login");
        List<Tier> tiers = List.of(new Tier(key + ":account", new Limit(5, Duration.ofMinutes(1))),
                new Tier(key + ":lock", new Limit(50, Duration.ofHours(1))),
                new Tier(key + ":address", new Limit(30, Duration.ofMinutes(1))));
        List<Reservation> reservations = concurrently(50, i -> () -> limiter.reserve(tiers));

        assertEquals(5, reservations.stream().filter(Reservation::allowed).count());
        // Nothing was taken for the 45 refused: the address tier has 25 permits left.
        List<Tier> address = List.of(tiers.get(2));
        assertEquals(25, concurrently(50, i -> () -> limiter.reserve(address)).stream()
                .filter(Reservation::allowed).count());
    }

    @Test
    void aReservationNamesEachKeyOnce() {
        RateLimiter limiter = state.rateLimiter("login");
        Limit limit = new Limit(1, Duration.ofMinutes(1));
        assertThrows(IllegalArgumentException.class, () -> limiter.reserve(List.of()));
        assertThrows(IllegalArgumentException.class, () -> limiter.reserve(List.of(new Tier(key, limit),
                new Tier(key, limit))));
    }

    // ---- the whole ----

    @Test
    void describesItselfAndAnswersPing() {
        state.ping();
        assertTrue(state.description().contains("AGORA_REDIS_URL"), state.description());
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    interface Task<T> {
        Callable<T> number(int i);
    }

    /** Runs the tasks on virtual threads released together; returns their results in task order. */
    static <T> List<T> concurrently(int count, Task<T> task) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Callable<T> body = task.number(i);
                futures.add(threads.submit(() -> {
                    start.await();
                    return body.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        }
    }
}
