package agora.platform.password;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * At most {@code max-concurrent} hashes run at once; a caller that gets no turn within
 * {@code max-wait} is turned away with {@link HashingBusyException} instead of queueing without
 * bound, and what did run still verifies. A gate that let every caller through would leave a test's
 * held hashes waiting for ever: the time-out makes that a failure.
 */
@Timeout(60)
class HashingCapacityTest {

    private static final String NODE = "agora.auth.password.argon2";
    /** Cheap settings for tests that are about turns, not cost. */
    private static final PasswordHashing CHEAP = new PasswordHashing(7_168, 5, 1, 32, 16);

    @Test
    void defaultsAreTheCoreCountAndTwoSeconds() {
        assertEquals(new HashingCapacity(Runtime.getRuntime().availableProcessors(), Duration.ofSeconds(2)),
                HashingCapacity.defaults());
        assertEquals(HashingCapacity.defaults(), HashingCapacity.from(node(Map.of())));
        assertEquals(HashingBackend.AUTO, HashingBackend.from(node(Map.of())));
    }

    @Test
    void capWaitAndBackendAreReadFromTheArgon2Node() {
        Config config = node(Map.of("max-concurrent", "3", "max-wait", "PT0.5S", "backend", "java",
                "memory-kib", "47104", "iterations", "1"));

        assertEquals(new HashingCapacity(3, Duration.ofMillis(500)), HashingCapacity.from(config));
        assertEquals(HashingBackend.JAVA, HashingBackend.from(config));
        PasswordHasher hasher = PasswordHasher.from(config);
        assertEquals(HashingBackend.JAVA, hasher.backend());
        assertTrue(hasher.hash("pw").startsWith("$argon2id$v=19$m=47104,t=1,p=1$"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(HashingBackend.class)
    void everyBackendNameIsAccepted(HashingBackend backend) {
        assertEquals(backend, HashingBackend.from(node(Map.of("backend", backend.configValue()))));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({"max-concurrent,0", "max-concurrent,-1", "max-concurrent,many", "max-wait,2s", "max-wait,PT-1S",
            "max-wait,PT61S", "backend,fast"})
    void malformedOrOutOfRangeSettingsAreRefusedNamingTheNode(String key, String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PasswordHasher.from(node(Map.of(key, value))));

        assertTrue(e.getMessage().startsWith(NODE), e.getMessage());
        assertTrue(e.getMessage().contains(key) || e.getMessage().contains(value), e.getMessage());
    }

    @Test
    void aCallerThatGetsNoTurnIsTurnedAwayAndTheHashThatRanStillVerifies() throws Exception {
        HoldingEngine engine = new HoldingEngine(new JavaArgon2());
        engine.hold();
        PasswordHasher hasher = new PasswordHasher(CHEAP, new HashingCapacity(1, Duration.ofMillis(50)), engine);
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> first = callers.submit(() -> hasher.hash("the first password"));
            engine.entered.await(); // the only turn is taken, and stays taken until released

            HashingBusyException busy = assertThrows(HashingBusyException.class, () -> hasher.hash("another"));
            assertTrue(busy.retryAfterSeconds() >= 1, "retry after " + busy.retryAfterSeconds());
            assertThrows(HashingBusyException.class, () -> hasher.verify("another", "$argon2id$v=19$x"));
            assertThrows(HashingBusyException.class, () -> hasher.verifyNothing("another"));

            engine.release.countDown();
            String encoded = first.get();
            assertTrue(hasher.verify("the first password", encoded), "the turn is free again");
            assertFalse(hasher.verify("another", encoded));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = HashingBackend.class, names = {"NATIVE", "JAVA"})
    void withATinyCapRacingLoginsAreTurnedAwayAndWhatRanVerifies(HashingBackend backend) throws Exception {
        // One turn, no waiting, and hashes slow enough (64 MiB, four passes) that racing callers overlap.
        PasswordHashing slow = new PasswordHashing(65_536, 4, 1, 32, 16);
        PasswordHasher hasher = PasswordHasher.create(slow, new HashingCapacity(1, Duration.ZERO), backend);
        int callers = 8;
        CyclicBarrier start = new CyclicBarrier(callers);
        List<Future<String>> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(callers)) {
            for (int i = 0; i < callers; i++) {
                String password = "racing password " + i;
                results.add(threads.submit(() -> {
                    start.await();
                    return hasher.hash(password);
                }));
            }
        }

        PasswordHasher roomy = PasswordHasher.create(slow, new HashingCapacity(1, HashingCapacity.MAX_WAIT), backend);
        int turnedAway = 0;
        int hashed = 0;
        for (int i = 0; i < callers; i++) {
            try {
                String encoded = results.get(i).get();
                assertTrue(roomy.verify("racing password " + i, encoded));
                assertFalse(roomy.verify("racing password " + (i + 1), encoded));
                hashed++;
            } catch (ExecutionException e) {
                HashingBusyException busy = assertInstanceOf(HashingBusyException.class, e.getCause());
                assertTrue(busy.retryAfterSeconds() >= 1 && busy.retryAfterSeconds() <= 60);
                turnedAway++;
            }
        }
        assertTrue(hashed >= 1, "the first caller hashes");
        assertTrue(turnedAway >= 1, "a caller racing a running hash is turned away");
    }


    private static Config node(Map<String, String> values) {
        Map<String, String> prefixed = new HashMap<>();
        values.forEach((key, value) -> prefixed.put(NODE + "." + key, value));
        prefixed.put("agora.auth.other", "unrelated");
        return Config.just(ConfigSources.create(prefixed)).get(NODE);
    }
}
