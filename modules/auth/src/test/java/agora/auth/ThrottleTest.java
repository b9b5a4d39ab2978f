package agora.auth;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import agora.platform.host.testing.Member;
import agora.platform.testing.Body;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Brute-force throttling in Redis: growing waits, a temporary lock, 429 with Retry-After; each tier
 * allows exactly its permits, one after another or all at once.
 */
class ThrottleTest {
    private static final String PASSWORD = Member.PASSWORD;
    private static AuthHarness harness;
    private static Member admin;

    @BeforeAll
    static void start() {
        harness = AuthHarness.shared("PL", Map.of(
                "agora.auth.throttle.account-failures", "3/PT1M,6/PT15M,9/PT1H",
                "agora.auth.throttle.address-failures", "1000/PT1M",
                "agora.auth.throttle.registrations", "1000/PT1M",
                "agora.auth.throttle.invitation-checks", "4/PT1M",
                "agora.auth.throttle.account-lock", "12/PT1H",
                // Fifty attempts at once wait for a turn to hash longer than a quiet login would.
                "agora.auth.password.argon2.max-wait", "PT30S",
                "agora.security.trusted-proxies", "127.0.0.1"));
        admin = harness.admin();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void theAccountLockMustStopGuessingBelowAHundredAnHour() {
        // ASVS 4.0 2.2.1: a tier of an hour or more with fewer than 100 failures (of either list), or the
        // pod does not start.
        assertTrue(throttle(Map.of("account-lock", "99/PT1H")).accountLock().getFirst().permits() == 99);
        assertTrue(throttle(Map.of("account-failures", "5/PT1M", "account-lock", "50/PT2H")).accountLock()
                .getFirst().permits() == 50, "a longer window counts too");
        for (Map<String, String> weak : List.of(Map.of("account-failures", "5/PT1M", "account-lock", "100/PT1H"),
                Map.of("account-failures", "5/PT1M", "account-lock", "50/PT30M"))) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> throttle(weak),
                    weak.toString());
            assertTrue(refused.getMessage().contains("fewer than 100 failures"), refused.getMessage());
        }
    }

    private static ThrottleConfig throttle(Map<String, String> settings) {
        return ThrottleConfig.from(io.helidon.config.Config.just(io.helidon.config.ConfigSources.create(settings)));
    }

    @Test
    void repeatedFailuresCostGrowingWaitsAndThenALockAndTheRightPasswordWaitsToo() {
        Member member = harness.member(admin());
        for (int i = 0; i < 3; i++) {
            assertEquals(401, wrongLogin(member.email()).statusCode(), "attempt " + i);
        }
        // The first tier (3 a minute) is used up: the fourth attempt is not checked.
        HttpResponse<String> blocked = login(member.email(), PASSWORD);
        assertEquals(429, blocked.statusCode(), "even the right password waits: " + blocked.body());
        assertEquals("too-many-requests", harness.json(blocked).get("code").asText());
        long first = Long.parseLong(blocked.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(first > 0 && first <= 60, "the first tier's wait: " + first);

        harness.clock.advance(Duration.ofSeconds(first));
        for (int i = 0; i < 3; i++) {
            assertEquals(401, wrongLogin(member.email()).statusCode(), "after the first wait, attempt " + i);
        }
        long second = Long.parseLong(login(member.email(), PASSWORD).headers().firstValue("Retry-After").orElseThrow());
        assertTrue(second > 60, "the second tier waits longer: " + second);

        harness.clock.advance(Duration.ofSeconds(second));
        for (int i = 0; i < 3; i++) {
            wrongLogin(member.email());
        }
        long lock = Long.parseLong(login(member.email(), PASSWORD).headers().firstValue("Retry-After").orElseThrow());
        assertTrue(lock > second, "the last tier is a lock of up to an hour: " + lock);
        harness.clock.advance(Duration.ofSeconds(lock));
        assertEquals(200, login(member.email(), PASSWORD).statusCode(), "the lock is temporary");
    }

    @Test
    void aStrangerWhoKnowsTheEmailLocksItOnlyForThemselvesUntilTheAccountWideLimit() {
        Member member = harness.member(admin());
        for (int i = 0; i < 3; i++) {
            wrongLogin(member.email(), "203.0.113.7");
        }
        assertEquals(429, login(member.email(), PASSWORD, "203.0.113.7").statusCode());
        assertEquals(200, login(member.email(), PASSWORD, "198.51.100.20").statusCode(), "the owner elsewhere signs in");
        // Spread over many addresses, the guesses meet the account-wide lock (12 an hour here).
        for (int i = 0; i < 12; i++) {
            assertEquals(401, wrongLogin(member.email(), "192.0.2." + (i + 1)).statusCode(), "guess " + i);
        }
        HttpResponse<String> locked = login(member.email(), PASSWORD, "198.51.100.20");
        assertEquals(429, locked.statusCode());
        harness.clock.advance(Duration.ofSeconds(Long.parseLong(locked.headers().firstValue("Retry-After").orElseThrow())));
    }

    @Test
    void wrongPasswordsBeforeGraveChangesCountLikeFailedLogins() {
        Member member = harness.member(admin());
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> wrong = harness.delete("/api/auth/account", member.access(),
                    Body.of("password", "not the password"));
            assertEquals(403, wrong.statusCode(), "attempt " + i);
        }
        HttpResponse<String> blocked = harness.delete("/api/auth/account", member.access(),
                Body.of("password", PASSWORD));
        assertEquals(429, blocked.statusCode(), blocked.body());
        assertTrue(blocked.headers().firstValue("Retry-After").isPresent());
        assertEquals(200, harness.get("/api/auth/me", member.access()).statusCode(), "nothing was deleted");
    }

    @Test
    void anUnknownAddressIsThrottledLikeAKnownOne() {
        String nobody = "nobody-" + UUID.randomUUID() + "@example.org";
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> response = wrongLogin(nobody);
            assertEquals(401, response.statusCode());
            assertEquals("invalid-credentials", harness.json(response).get("code").asText());
        }
        assertEquals(429, wrongLogin(nobody).statusCode());
    }

    @Test
    void aSuccessfulLoginClearsTheAccountsCount() {
        Member member = harness.member(admin());
        for (int round = 0; round < 3; round++) {
            wrongLogin(member.email());
            wrongLogin(member.email());
            assertEquals(200, login(member.email(), PASSWORD).statusCode(), "round " + round);
        }
    }

    @Test
    void fiftyWrongPasswordsAtOnceGetExactlyTheFirstTiersChecks() throws Exception {
        Member member = harness.member(admin());
        List<HttpResponse<String>> answers = atOnce(50, i -> wrongLogin(member.email()));

        assertEquals(3, count(answers, 401), "3 a minute: three passwords checked, " + statuses(answers));
        assertEquals(47, count(answers, 429), statuses(answers));
        assertEquals(429, login(member.email(), PASSWORD).statusCode(), "the right one waits too");
        harness.clock.advance(Duration.ofMinutes(1));
        assertEquals(200, login(member.email(), PASSWORD).statusCode());
    }

    @Test
    void fiftyGuessesAtOnceFromFiftyAddressesGetExactlyTheAccountWideLocksChecks() throws Exception {
        Member member = harness.member(admin());
        List<HttpResponse<String>> answers = atOnce(50, i -> wrongLogin(member.email(), "198.18.0." + (i + 1)));

        assertEquals(12, count(answers, 401), "12 an hour for the account: " + statuses(answers));
        assertEquals(38, count(answers, 429), statuses(answers));
        HttpResponse<String> locked = login(member.email(), PASSWORD, "198.51.100.21");
        assertEquals(429, locked.statusCode());
        harness.clock.advance(Duration.ofSeconds(Long.parseLong(locked.headers().firstValue("Retry-After").orElseThrow())));
        assertEquals(200, login(member.email(), PASSWORD, "198.51.100.21").statusCode());
    }

    @Test
    void wrongPasswordsAtOnceBeforeAGraveChangeGetExactlyTheTiersChecks() throws Exception {
        Member member = harness.member(admin());
        List<HttpResponse<String>> answers = atOnce(20, i -> harness.delete("/api/auth/account", member.access(),
                Body.of("password", "not the password")));

        assertEquals(3, count(answers, 403), statuses(answers));
        assertEquals(17, count(answers, 429), statuses(answers));
    }

    @Test
    void theRightPasswordBeforeAGraveChangeDoesNotCount() {
        Member member = harness.member(admin());
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> enrol = harness.post("/api/auth/two-factor/totp", member.access(),
                    Body.of("password", PASSWORD));
            assertEquals(200, enrol.statusCode(), "set-up " + i + ": " + enrol.body());
        }
        assertEquals(403, harness.delete("/api/auth/account", member.access(),
                Body.of("password", "not the password")).statusCode(), "the wrong one is still checked");
    }

    @Test
    void invitationChecksAreLimitedPerAddress() {
        String token = Secrets.token(32);
        int refused = 0;
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> response = harness.post("/api/auth/invitations/validate", null,
                    Body.of("token", token));
            if (response.statusCode() == 429) {
                refused++;
                assertTrue(response.headers().firstValue("Retry-After").isPresent());
            } else {
                assertEquals(404, response.statusCode());
            }
        }
        assertEquals(2, refused);
        harness.clock.advance(Duration.ofMinutes(2));
    }

    /** Runs the calls at the same moment on virtual threads; answers in call order. */
    private static List<HttpResponse<String>> atOnce(int calls, IntFunction<HttpResponse<String>> call)
            throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<HttpResponse<String>> answers = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                int number = i;
                Callable<HttpResponse<String>> task = () -> {
                    start.await();
                    return call.apply(number);
                };
                futures.add(threads.submit(task));
            }
            start.countDown();
            for (Future<HttpResponse<String>> future : futures) {
                answers.add(future.get());
            }
        }
        return answers;
    }

    private static long count(List<HttpResponse<String>> answers, int status) {
        return answers.stream().filter(answer -> answer.statusCode() == status).count();
    }

    private static String statuses(List<HttpResponse<String>> answers) {
        return answers.stream().map(answer -> Integer.toString(answer.statusCode())).toList().toString();
    }

    /** The admin, signed in afresh: tests move the clock past its token's expiry. */
    private static Member admin() {
        return harness.signedInAgain(admin);
    }

    private static HttpResponse<String> wrongLogin(String email) {
        return login(email, "not the password");
    }

    private static HttpResponse<String> wrongLogin(String email, String from) {
        return login(email, "not the password", from);
    }

    private static HttpResponse<String> login(String email, String password) {
        return login(email, password, "127.0.0.1");
    }

    /** A login as if from another client address (the test's proxy, 127.0.0.1, is trusted). */
    private static HttpResponse<String> login(String email, String password, String from) {
        return harness.post("/api/auth/login", null, Body.of("email", email, "password", password), "X-Forwarded-For", from);
    }
}
