package agora.auth;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import agora.platform.host.testing.Member;
import agora.platform.testing.Body;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The limits per client address, with small tiers: failed logins from one address, registrations
 * and reset requests. Each test speaks from an address of its own (the test's proxy, 127.0.0.1, is
 * trusted), so only the accounts the tests need are registered from 127.0.0.1.
 */
class AddressLimitsTest {
    private static final String PASSWORD = Member.PASSWORD;
    private static AuthHarness harness;
    private static Member admin;

    @BeforeAll
    static void start() {
        harness = AuthHarness.shared("HR", Map.of(
                "agora.auth.throttle.address-failures", "6/PT1M",
                "agora.auth.throttle.registrations", "3/PT1M",
                "agora.auth.throttle.recovery-requests", "2/PT15M",
                "agora.auth.throttle.invitation-checks", "4/PT1M",
                "agora.security.trusted-proxies", "127.0.0.1"));
        admin = harness.admin();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    /**
     * Each test starts past every window the tiers keep (the longest is 15 minutes): the accounts
     * registered from 127.0.0.1 by the class before, and an earlier run of the same test on hosts
     * kept between runs, then count against nothing.
     */
    @BeforeEach
    void pastEveryWindow() {
        harness.clock.advance(Duration.ofMinutes(15).plusSeconds(1));
    }

    @Test
    void failuresFromOneAddressStopAtItsLimitAndARightPasswordThereGivesItsPermitBack() {
        Member member = harness.member(harness.signedInAgain(admin));
        String from = "203.0.113.40";
        for (int i = 0; i < 5; i++) {
            assertEquals(401, login("stranger-" + i + "@example.org", "not the password", from).statusCode(), "guess " + i);
        }
        assertEquals(200, login(member.email(), PASSWORD, from).statusCode(), "a member behind the same address");
        assertEquals(401, login("stranger-5@example.org", "not the password", from).statusCode(),
                "the sixth failure is still checked: the sign-in gave its permit back");
        HttpResponse<String> refused = login("stranger-6@example.org", "not the password", from);
        assertEquals(429, refused.statusCode(), "six failures a minute from one address");
        assertTrue(refused.headers().firstValue("Retry-After").isPresent());
        assertEquals(401, login("stranger-6@example.org", "not the password", "203.0.113.41").statusCode(),
                "another address is not affected");
    }

    @Test
    void registrationsRefusedAsInvalidDoNotCountAgainstTheAddress() {
        String invitation = harness.invitation(harness.signedInAgain(admin), 5);
        String from = "203.0.113.50";
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> weak = register(invitation, "newcomer@example.org", "short" + i, from);
            assertEquals(422, weak.statusCode(), "try " + i + ": " + weak.body());
        }
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> accepted = register(invitation, "newcomer-" + i + "-" + UUID.randomUUID()
                    + "@example.org", "a long enough password", from);
            assertEquals(201, accepted.statusCode(), "registration " + i + ": " + accepted.body());
        }
        HttpResponse<String> fourth = register(invitation, "newcomer-4@example.org", "a long enough password", from);
        assertEquals(429, fourth.statusCode(), "three registrations a minute from one address");
        assertEquals(422, register(invitation, "no-domain@", "a long enough password", from).statusCode(),
                "an invalid one is still told what is wrong");
    }

    @Test
    void resetRequestsAreLimitedPerAddressAlikeForEveryEmail() {
        String from = "203.0.113.60";
        assertEquals(422, requestReset("not-an-address", from).statusCode(), "does not count");
        assertEquals(202, requestReset("someone-" + UUID.randomUUID() + "@example.org", from).statusCode());
        assertEquals(202, requestReset("someone-" + UUID.randomUUID() + "@example.org", from).statusCode());
        HttpResponse<String> third = requestReset("someone-" + UUID.randomUUID() + "@example.org", from);
        assertEquals(429, third.statusCode());
        assertTrue(third.headers().firstValue("Retry-After").isPresent());
        harness.clock.advance(Duration.ofMinutes(15));
        assertEquals(202, requestReset("someone-" + UUID.randomUUID() + "@example.org", from).statusCode());
    }

    /** The public check answers whether a token is an invitation: per address, it must not become a guessing oracle. */
    @Test
    void invitationChecksAreLimitedPerAddress() {
        String invitation = harness.invitation(harness.signedInAgain(admin), 1);
        String from = "203.0.113.70";
        for (int i = 0; i < 3; i++) {
            assertEquals(404, checkInvitation(Secrets.token(Secrets.TOKEN_BYTES), from).statusCode(), "guess " + i);
        }
        assertEquals(200, checkInvitation(invitation, from).statusCode());
        HttpResponse<String> fifth = checkInvitation(invitation, from);
        assertEquals(429, fifth.statusCode(), "four checks a minute from one address, right or wrong");
        assertTrue(fifth.headers().firstValue("Retry-After").isPresent());
        assertEquals(200, checkInvitation(invitation, "203.0.113.71").statusCode(), "another address is not affected");
    }

    @Test
    void emailChangeRequestsAreLimitedPerAddress() {
        Member member = harness.member(harness.signedInAgain(admin));
        String from = "203.0.113.80";
        for (int i = 0; i < 2; i++) {
            assertEquals(202, changeEmail(member, from).statusCode(), "request " + i);
        }
        HttpResponse<String> third = changeEmail(member, from);
        assertEquals(429, third.statusCode(), "two email-change requests in 15 minutes from one address");
        assertTrue(third.headers().firstValue("Retry-After").isPresent());
        assertEquals(202, changeEmail(member, "203.0.113.81").statusCode(), "another address is not affected");
    }

    private static HttpResponse<String> changeEmail(Member member, String from) {
        return harness.post("/api/auth/email/change", member.access(),
                Body.of("newEmail", "moved-" + UUID.randomUUID() + "@example.net", "password", PASSWORD),
                "X-Forwarded-For", from);
    }

    private static HttpResponse<String> checkInvitation(String token, String from) {
        return harness.post("/api/auth/invitations/validate", null, Body.of("token", token), "X-Forwarded-For", from);
    }

    private static HttpResponse<String> login(String email, String password, String from) {
        return harness.post("/api/auth/login", null, Body.of("email", email, "password", password),
                "X-Forwarded-For", from);
    }

    private static HttpResponse<String> register(String invitation, String email, String password, String from) {
        return harness.post("/api/auth/register", null, AuthHarness.registration(invitation, email, password),
                "X-Forwarded-For", from);
    }

    private static HttpResponse<String> requestReset(String email, String from) {
        return harness.post("/api/auth/password/reset-request", null, Body.of("email", email),
                "X-Forwarded-For", from);
    }
}
