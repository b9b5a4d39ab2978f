package agora.auth;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import agora.platform.host.testing.Member;
import agora.platform.testing.Body;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A full hasher (one hash at a time, no wait for a turn) answers logins it cannot hash with 503 and
 * {@code Retry-After}, never a 500 and never a queue without bound.
 */
class HashingBusyTest {
    private static final int CALLERS = 8;
    private static final String NEW_PASSWORD = "a brand new passphrase";
    private static AuthHarness harness;

    @BeforeAll
    static void start() {
        harness = AuthHarness.shared("IE", Map.of(
                "agora.auth.password.argon2.max-concurrent", "1",
                "agora.auth.password.argon2.max-wait", "PT0S"));
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void loginsBeyondTheHashersCapacityGet503WithRetryAfter() throws Exception {
        List<HttpResponse<String>> answers = new ArrayList<>();
        // Each round sends logins at once from unknown addresses (each hashes a dummy, as a wrong
        // password would); one hash at a time with no wait turns the overlapping ones away.
        for (int round = 0; round < 10 && answers.stream().noneMatch(answer -> answer.statusCode() == 503); round++) {
            answers.addAll(together());
        }
        HttpResponse<String> busy = answers.stream().filter(answer -> answer.statusCode() == 503).findFirst()
                .orElseThrow(() -> new AssertionError("no login was turned away: "
                        + answers.stream().map(HttpResponse::statusCode).toList()));
        assertEquals("application/problem+json", busy.headers().firstValue("Content-Type").orElseThrow());
        JsonNode problem = harness.json(busy);
        assertEquals("unavailable", problem.get("code").asText());
        assertEquals("The sign-in service is busy right now; try again in a moment.", problem.get("detail").asText());
        long retryAfter = Long.parseLong(busy.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1, "Retry-After " + retryAfter);
        assertFalse(answers.stream().anyMatch(answer -> answer.statusCode() >= 500 && answer.statusCode() != 503),
                "nothing else than 503: " + answers.stream().map(HttpResponse::statusCode).toList());
        assertTrue(answers.stream().anyMatch(answer -> answer.statusCode() == 401), "the hashes that ran were judged");
    }

    /**
     * A login turned away because the hasher was full was never judged: it must not count as a failed
     * attempt, or a member whose logins meet a busy spell would find the account throttled with no
     * wrong password typed. Five attempts at once take the account's five permits a minute (the
     * default); those the hasher turns away give theirs back, so the right password still signs in.
     */
    @Test
    void loginsTurnedAwayByABusyHasherDoNotCountAgainstTheAccount() throws Exception {
        Member admin = harness.admin();
        for (int round = 0; round < 10; round++) {
            Member member = harness.member(admin);
            List<HttpResponse<String>> answers = together(5, member.email());
            if (answers.stream().noneMatch(answer -> answer.statusCode() == 503)) {
                continue;
            }
            HttpResponse<String> login = harness.post("/api/auth/login", null,
                    Body.of("email", member.email(), "password", Member.PASSWORD));
            assertEquals(200, login.statusCode(), "after " + answers.stream().map(HttpResponse::statusCode).toList()
                    + ": " + login.body());
            return;
        }
        throw new AssertionError("no round of logins met a busy hasher");
    }

    /**
     * The same for the password a signed-in member types before a grave change: wrong ones count
     * against the account (a stolen token buys no unlimited guesses), but one the hasher turned away
     * was never judged, so the member's right password still confirms the change after a busy spell.
     */
    @Test
    void confirmationsTurnedAwayByABusyHasherDoNotCountAgainstTheAccount() throws Exception {
        Member admin = harness.admin();
        for (int round = 0; round < 10; round++) {
            Member member = harness.member(admin);
            List<HttpResponse<String>> answers = together(5, () -> harness.post("/api/auth/password/change",
                    member.access(), Body.of("currentPassword", "not the password", "newPassword", NEW_PASSWORD)));
            if (answers.stream().noneMatch(answer -> answer.statusCode() == 503)) {
                continue;
            }
            assertTrue(answers.stream().allMatch(answer -> answer.statusCode() == 503 || answer.statusCode() == 403),
                    answers.stream().map(HttpResponse::statusCode).toList().toString());
            HttpResponse<String> change = harness.post("/api/auth/password/change", member.access(),
                    Body.of("currentPassword", Member.PASSWORD, "newPassword", NEW_PASSWORD));
            assertEquals(204, change.statusCode(), "after " + answers.stream().map(HttpResponse::statusCode).toList()
                    + ": " + change.body());
            return;
        }
        throw new AssertionError("no round of confirmations met a busy hasher");
    }

    private static List<HttpResponse<String>> together() throws Exception {
        return together(CALLERS, (String) null);
    }

    /** Wrong-password logins at once: for one address, or each for an unknown one (null). */
    private static List<HttpResponse<String>> together(int callers, String email) throws Exception {
        return together(callers, () -> harness.post("/api/auth/login", null, Body.of("email",
                email != null ? email : "nobody-" + UUID.randomUUID() + "@example.org", "password", "not the password")));
    }

    /** The same request from several callers at once. */
    private static List<HttpResponse<String>> together(int callers, Supplier<HttpResponse<String>> request)
            throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return request.get();
                }));
            }
            start.countDown();
            List<HttpResponse<String>> answers = new ArrayList<>();
            for (Future<HttpResponse<String>> future : futures) {
                answers.add(future.get());
            }
            return answers;
        }
    }
}
