package agora.platform.password;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code Retry-After} a login turned away for want of a hashing turn is told: the configured
 * wait before any hash has run, then the turns ahead of the caller times the recent mean hash,
 * rounded up to whole seconds, between 1 and 60. Found by mutation testing: the arithmetic could be
 * changed without any other test noticing.
 */
class HashingRetryAfterTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void aBusyHasherNeverTellsAClientToComeBackInLessThanASecond() {
        assertThrows(IllegalArgumentException.class, () -> new HashingBusyException("busy", 0));
        assertEquals(1, new HashingBusyException("busy", 1).retryAfterSeconds());
    }

    @Test
    void beforeAnyHashTheConfiguredWaitRoundedUpIsTheAnswer() {
        assertEquals(3, new HashingGate(new HashingCapacity(1, Duration.ofMillis(2_001))).retryAfterSeconds());
        assertEquals(1, new HashingGate(new HashingCapacity(1, Duration.ZERO)).retryAfterSeconds(),
                "never less than a second");
    }

    @Test
    void theMeanOfRecentHashesRoundedUpIsTheWaitForTheNextTurn() {
        HashingGate gate = new HashingGate(new HashingCapacity(1, Duration.ofSeconds(2)));

        gate.enter();
        gate.leave(3 * SECOND + SECOND / 5); // the first hash sets the mean: 3.2 s
        assertEquals(4, gate.retryAfterSeconds());

        gate.enter();
        gate.leave(SECOND + SECOND * 3 / 5); // 3.2 s + (1.6 s - 3.2 s) / 8 = 3.0 s
        assertEquals(3, gate.retryAfterSeconds());
    }

    @Test
    void withTwoTurnsACallerWithNobodyWaitingWaitsOneMeanHash() {
        HashingGate gate = new HashingGate(new HashingCapacity(2, Duration.ofSeconds(2)));

        gate.enter();
        gate.leave(5 * SECOND);

        assertEquals(5, gate.retryAfterSeconds());
    }

    @Test
    void aVerySlowMeanIsCappedAtAMinute() {
        HashingGate gate = new HashingGate(new HashingCapacity(1, Duration.ofSeconds(2)));

        gate.enter();
        gate.leave(600 * SECOND);

        assertEquals(60, gate.retryAfterSeconds());
    }

    @Test
    void aCallerThatGetsNoTurnIsToldWhenToComeBack() {
        HashingGate gate = new HashingGate(new HashingCapacity(1, Duration.ZERO));
        gate.enter();

        HashingBusyException busy = assertThrows(HashingBusyException.class, gate::enter);

        assertEquals(1, busy.retryAfterSeconds());
        gate.leave(SECOND);
        gate.enter(); // the turn given back is free again
    }

    @Test
    void aLoginTurnedAwayAfterQuickHashesIsToldToComeBackWithinSeconds() throws Exception {
        HoldingEngine engine = new HoldingEngine(new JavaArgon2());
        PasswordHasher hasher = new PasswordHasher(new PasswordHashing(7_168, 5, 1, 32, 16),
                new HashingCapacity(1, Duration.ZERO), engine);
        String encoded = hasher.hash("a quick first password"); // times the mean: milliseconds, not minutes
        engine.hold();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Boolean> held = callers.submit(() -> hasher.verify("a quick first password", encoded));
            engine.entered.await(); // the only turn is taken until released

            HashingBusyException busy = assertThrows(HashingBusyException.class, () -> hasher.hash("another"));
            assertTrue(busy.retryAfterSeconds() <= 5, "retry after " + busy.retryAfterSeconds());

            engine.release.countDown();
            assertTrue(held.get());
        }
    }
}
