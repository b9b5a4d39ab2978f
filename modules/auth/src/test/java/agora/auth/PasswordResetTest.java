package agora.auth;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import agora.platform.host.testing.Member;
import agora.platform.host.testing.TestMail;
import agora.platform.testing.Body;
import agora.platform.testing.LogCapture;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Password reset by mailed link and password change, against PostgreSQL, NATS, Redis and a real
 * SMTP server: who gets a link, how long and how often it works, and which sessions survive.
 */
class PasswordResetTest {
    private static final String PASSWORD = Member.PASSWORD;
    private static final String NEW_PASSWORD = "a brand new passphrase";
    private static AuthHarness harness;
    private static TestMail mailbox;
    private static Member admin;

    @BeforeAll
    static void start() {
        harness = AuthHarness.shared("IS", Map.of("agora.auth.password-reset.link", "https://agora.example/reset-password"));
        mailbox = harness.mail;
        admin = harness.admin();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void aResetLeavesTwoFactorOnSoTheNextLoginStillAsksForACode() {
        Member enrolled = harness.admin();
        assertEquals(202, requestReset(enrolled.email()).statusCode());
        String token = mailbox.nth(enrolled.email(), 2).token().orElseThrow();
        assertEquals(204, reset(token, NEW_PASSWORD).statusCode());
        HttpResponse<String> login = harness.post("/api/auth/login", null,
                Body.of("email", enrolled.email(), "password", NEW_PASSWORD));
        assertEquals(200, login.statusCode(), login.body());
        assertTrue(harness.json(login).get("twoFactorRequired").asBoolean(), login.body());
        assertTrue(harness.json(login).path("accessToken").isMissingNode()
                || harness.json(login).get("accessToken").isNull(), "no tokens before the second factor");
    }

    @Test
    void aVerifiedMemberResetsThePasswordOnceAndEverySessionEnds() {
        Member member = member();
        JsonNode laptop = harness.login(member.email(), PASSWORD);
        assertEquals(200, harness.other(member.access()).statusCode());

        // The address is matched ignoring case, like at login.
        HttpResponse<String> asked = requestReset(member.email().toUpperCase(java.util.Locale.ROOT));
        assertEquals(202, asked.statusCode(), asked.body());
        assertEquals("", asked.body());
        TestMail.Received mail = mailbox.nth(member.email(), 2);
        assertEquals("Reset your Agora password", mail.subject());
        assertTrue(mail.body().contains("https://agora.example/reset-password?territory=IS&token="), mail.body());
        assertTrue(mail.body().contains("within 30 minutes"), mail.body());
        String token = mail.token().orElseThrow();
        assertTrue(token.length() >= 22, "at least 128 random bits");

        HttpResponse<String> reset = reset(token, NEW_PASSWORD);
        assertEquals(204, reset.statusCode(), reset.body());
        HttpResponse<String> again = reset(token, "yet another passphrase");
        assertEquals(400, again.statusCode());
        assertEquals("reset-token-invalid", harness.json(again).get("code").asText());
        assertEquals("application/problem+json", again.headers().firstValue("Content-Type").orElseThrow());

        HttpResponse<String> old = harness.post("/api/auth/login", null,
                Body.of("email", member.email(), "password", PASSWORD));
        assertEquals(401, old.statusCode());
        assertEquals("invalid-credentials", harness.json(old).get("code").asText());
        harness.login(member.email(), NEW_PASSWORD);

        // Every session ended: both access tokens and both refresh tokens are refused, here and elsewhere.
        for (JsonNode session : List.of(member.login(), laptop)) {
            HttpResponse<String> me = harness.get("/api/auth/me", session.get("accessToken").asText());
            assertEquals(401, me.statusCode());
            assertEquals("session-revoked", harness.json(me).get("code").asText());
            HttpResponse<String> refresh = harness.post("/api/auth/refresh", null,
                    Body.of("refreshToken", session.get("refreshToken").asText()));
            assertEquals(401, refresh.statusCode());
            assertEquals("session-revoked", harness.json(refresh).get("code").asText());
        }
        HttpResponse<String> elsewhere = AuthHarness.within(Duration.ofSeconds(1), () -> harness.other(member.access()),
                response -> response.statusCode() == 401);
        assertEquals("session-revoked", harness.json(elsewhere).get("code").asText());
        assertEquals(2, count("SELECT count(*) AS n FROM auth_outbox WHERE type = 'auth.session_revoked' "
                + "AND aggregate = ? AND data->>'reason' = 'password-reset'", member.id().toString()));

        TestMail.Received notice = mailbox.nth(member.email(), 3);
        assertEquals("Your Agora password was changed", notice.subject());
        assertTrue(notice.token().isEmpty(), "a notice carries no token");
    }

    @Test
    void unknownUnverifiedAndSuspendedAddressesGetTheSameAnswerAndNoMail() throws Exception {
        Member verified = member();
        String unverified = "unverified-" + UUID.randomUUID() + "@example.org";
        harness.register(harness.invitation(admin(), 1), unverified, PASSWORD);
        mailbox.nth(unverified, 1);
        Member suspended = member();
        assertEquals(200, harness.post("/api/auth/accounts/" + suspended.id() + "/suspend", admin().access(), (JsonNode) null)
                .statusCode());
        String unknown = "nobody-" + UUID.randomUUID() + "@example.org";

        HttpResponse<String> known = requestReset(verified.email());
        try (LogCapture background = LogCapture.of(BackgroundTasks.class.getName())) {
            for (String email : List.of(unverified, suspended.email(), unknown)) {
                HttpResponse<String> answer = requestReset(email);
                assertEquals(known.statusCode(), answer.statusCode());
                assertEquals(known.body(), answer.body());
                assertEquals(known.headers().firstValue("Content-Type"), answer.headers().firstValue("Content-Type"));
                assertEquals(known.headers().firstValue("Content-Length"), answer.headers().firstValue("Content-Length"));
            }
            assertEquals(202, known.statusCode());
            assertTrue(harness.auth.awaitBackground(Duration.ofSeconds(10)));
            assertEquals(List.of(), background.records().stream().map(java.util.logging.LogRecord::getMessage).toList(),
                    "an address without an account is an ordinary request, not a failed task");
        }
        assertEquals("Reset your Agora password", mailbox.nth(verified.email(), 2).subject());
        assertEquals(1, mailbox.to(unverified).size(), "only the verification mail");
        assertEquals(List.of("Confirm your email address for Agora", "Your Agora account is suspended"),
                mailbox.to(suspended.email()).stream().map(TestMail.Received::subject).toList(),
                "the verification mail and the suspension's notice, no reset link");
        assertEquals(0, mailbox.to(unknown).size());
        assertEquals(0, count("SELECT count(*) AS n FROM auth_password_resets r JOIN auth_accounts a "
                + "ON a.id = r.account_id WHERE a.email = ?::citext OR a.id = ?::uuid", unverified,
                suspended.id().toString()));
    }

    @Test
    void aFlurryOfRequestsSendsAtMostThreeLinksAnHourAndTheLastLinkSentStillWorks() throws Exception {
        Member member = member();
        for (int i = 0; i < 12; i++) {
            assertEquals(202, harness.post("/api/auth/password/reset-request", null, Body.of("email", member.email()),
                    "X-Forwarded-For", "192.0.2." + (i + 1)).statusCode(), "request " + i);
            assertTrue(harness.auth.awaitBackground(Duration.ofSeconds(10)));
        }
        assertEquals(4, mailbox.to(member.email()).size(), "the verification mail and three reset links");
        String third = mailbox.nth(member.email(), 4).token().orElseThrow();

        harness.clock.advance(Duration.ofMinutes(25));
        assertEquals(204, reset(third, NEW_PASSWORD).statusCode(), "later requests did not replace the link");
        harness.clock.advance(Duration.ofMinutes(35));
        requestReset(member.email());
        assertTrue(harness.auth.awaitBackground(Duration.ofSeconds(10)));
        assertEquals("Reset your Agora password", mailbox.nth(member.email(), 6).subject(),
                "an hour after the first: a link again (after the password-changed notice)");
    }

    @Test
    void aMalformedAddressIsAValidationErrorWhateverTheAccounts() {
        HttpResponse<String> response = requestReset("not-an-address");
        assertEquals(422, response.statusCode());
        assertEquals("/email", harness.json(response).get("errors").get(0).get("pointer").asText());
        assertEquals(422, harness.post("/api/auth/password/reset-request", null, Body.of()).statusCode());
    }

    @Test
    void aResetLinkWorksUntilItsExpiryAndNotAtIt() {
        Member early = member();
        requestReset(early.email());
        String token = mailbox.nth(early.email(), 2).token().orElseThrow();
        harness.clock.advance(Duration.ofMinutes(30).minusMillis(1));
        assertEquals(204, reset(token, NEW_PASSWORD).statusCode());

        Member late = member();
        requestReset(late.email());
        String lateToken = mailbox.nth(late.email(), 2).token().orElseThrow();
        harness.clock.advance(Duration.ofMinutes(30));
        HttpResponse<String> expired = reset(lateToken, NEW_PASSWORD);
        assertEquals(400, expired.statusCode());
        assertEquals("reset-token-invalid", harness.json(expired).get("code").asText());
        harness.login(late.email(), PASSWORD);

        harness.clock.advance(Duration.ofMinutes(1));
        assertTrue(harness.auth.housekeep() > 0);
        assertEquals(0, count("SELECT count(*) AS n FROM auth_password_resets WHERE account_id = ?::uuid",
                late.id().toString()), "housekeeping removed the expired link");
    }

    @Test
    void aNewRequestMakesTheEarlierLinkStopWorking() {
        Member member = member();
        requestReset(member.email());
        String first = mailbox.nth(member.email(), 2).token().orElseThrow();
        requestReset(member.email());
        String second = mailbox.nth(member.email(), 3).token().orElseThrow();
        assertFalse(first.equals(second));
        HttpResponse<String> stale = reset(first, NEW_PASSWORD);
        assertEquals(400, stale.statusCode());
        assertEquals("reset-token-invalid", harness.json(stale).get("code").asText());
        assertEquals(204, reset(second, NEW_PASSWORD).statusCode());
        harness.login(member.email(), NEW_PASSWORD);
    }

    @Test
    void unknownAndMalformedTokensAndWeakPasswordsAreRefused() {
        HttpResponse<String> unknown = reset(Secrets.token(Secrets.TOKEN_BYTES), NEW_PASSWORD);
        assertEquals(400, unknown.statusCode());
        assertEquals("reset-token-invalid", harness.json(unknown).get("code").asText());
        assertEquals("reset-token-invalid", harness.json(reset("short", NEW_PASSWORD)).get("code").asText());
        assertEquals(422, reset("not a token!", NEW_PASSWORD).statusCode());

        Member member = member();
        requestReset(member.email());
        String token = mailbox.nth(member.email(), 2).token().orElseThrow();
        HttpResponse<String> weak = reset(token, "short");
        assertEquals(422, weak.statusCode());
        assertEquals("/password", harness.json(weak).get("errors").get(0).get("pointer").asText());
        HttpResponse<String> personal = reset(token, "my address is " + member.email());
        assertEquals(422, personal.statusCode(), "the account's own address is no password: " + personal.body());
        assertEquals(204, reset(token, NEW_PASSWORD).statusCode(), "a refused attempt does not use the link up");
        assertEquals(1, harness.audited(admin(), member.id(), "auth.password.reset").size());
    }

    @Test
    void aResetLinkDoesNotWorkWhileTheAccountIsSuspendedAndStillDoesAfter() {
        Member member = member();
        requestReset(member.email());
        String token = mailbox.nth(member.email(), 2).token().orElseThrow();
        harness.post("/api/auth/accounts/" + member.id() + "/suspend", admin().access(), Body.of("reason", "spam"));
        HttpResponse<String> refused = reset(token, NEW_PASSWORD);
        assertEquals(400, refused.statusCode(), refused.body());
        assertEquals("reset-token-invalid", harness.json(refused).get("code").asText());
        harness.post("/api/auth/accounts/" + member.id() + "/reactivate", admin().access(), (JsonNode) null);
        HttpResponse<String> browser = harness.post("/api/auth/password/reset", null,
                Body.of("token", token, "password", NEW_PASSWORD), "Cookie", "__Host-agora-refresh=" + member.refresh());
        assertEquals(204, browser.statusCode(), "the refused attempt did not use the link up");
        assertTrue(browser.headers().allValues("Set-Cookie").stream()
                .anyMatch(c -> c.startsWith("__Host-agora-refresh=;")), "every session ended, this browser's too");
    }

    @Test
    void theResetMailIsInTheAskersLanguage() {
        Member member = member();
        assertEquals(202, harness.post("/api/auth/password/reset-request", null,
                Body.of("email", member.email()), "Accept-Language", "da").statusCode());
        TestMail.Received mail = mailbox.nth(member.email(), 2);
        assertEquals("Nulstil din adgangskode til Agora", mail.subject());
        assertTrue(mail.body().contains("inden for 30 minutter"), mail.body());
    }

    @Test
    void aSignedInMemberChangesThePasswordAndOnlyTheOtherSessionsEnd() {
        Member member = member();
        JsonNode phone = harness.login(member.email(), PASSWORD);
        requestReset(member.email());
        String pendingReset = mailbox.nth(member.email(), 2).token().orElseThrow();

        HttpResponse<String> wrong = change(member.access(), "not the password", NEW_PASSWORD);
        assertEquals(403, wrong.statusCode());
        assertEquals("wrong-password", harness.json(wrong).get("code").asText());
        HttpResponse<String> weak = change(member.access(), PASSWORD, "short");
        assertEquals(422, weak.statusCode());
        assertEquals("/newPassword", harness.json(weak).get("errors").get(0).get("pointer").asText());
        assertEquals(401, change(null, PASSWORD, NEW_PASSWORD).statusCode());
        assertEquals(422, harness.post("/api/auth/password/change", member.access(), Body.of()).statusCode());
        String newEmail = "pending-" + UUID.randomUUID() + "@example.net";
        assertEquals(202, harness.post("/api/auth/email/change", member.access(),
                Body.of("newEmail", newEmail, "password", PASSWORD)).statusCode());

        assertEquals(204, change(member.access(), PASSWORD, NEW_PASSWORD).statusCode());
        assertEquals(200, harness.get("/api/auth/me", member.access()).statusCode(), "this session stays");
        assertEquals(200, harness.post("/api/auth/refresh", null,
                Body.of("refreshToken", member.refresh())).statusCode());
        HttpResponse<String> other = harness.get("/api/auth/me", phone.get("accessToken").asText());
        assertEquals(401, other.statusCode());
        assertEquals("session-revoked", harness.json(other).get("code").asText());
        assertEquals("session-revoked", harness.json(harness.post("/api/auth/refresh", null,
                Body.of("refreshToken", phone.get("refreshToken").asText()))).get("code").asText());
        assertEquals(401, harness.post("/api/auth/login", null,
                Body.of("email", member.email(), "password", PASSWORD)).statusCode());
        harness.login(member.email(), NEW_PASSWORD);
        assertEquals("reset-token-invalid", harness.json(reset(pendingReset, "someone else's choice")).get("code")
                .asText(), "a change cancels a pending reset link");
        assertEquals("Your Agora password was changed", mailbox.to(member.email()).getLast().subject());
        assertEquals("email-change-invalid", harness.json(harness.post("/api/auth/email/change/confirm", null,
                Body.of("token", mailbox.nth(newEmail, 1).token().orElseThrow()))).get("code").asText(),
                "a change cancels a pending email change");
        assertEquals(1, harness.audited(admin(), member.id(), "auth.password.changed").size());
        assertEquals(List.of(phone.get("sessionId").asText()), harness.events(member.id(), "auth.session_revoked").stream()
                .filter(event -> event.get("reason").asText().equals("password-changed"))
                .map(event -> event.get("sessionId").asText()).toList(), "the other session's end is published");
    }

    private static HttpResponse<String> requestReset(String email) {
        return harness.post("/api/auth/password/reset-request", null, Body.of("email", email));
    }

    private static HttpResponse<String> reset(String token, String password) {
        return harness.post("/api/auth/password/reset", null,
                Body.of("token", token, "password", password));
    }

    private static HttpResponse<String> change(String access, String current, String password) {
        return harness.post("/api/auth/password/change", access,
                Body.of("currentPassword", current, "newPassword", password));
    }

    /** A verified member, signed in; its first mail was the verification link. */
    private static Member member() {
        return harness.member(admin());
    }

    /** The admin, signed in afresh: some tests move the clock past its token's expiry. */
    private static Member admin() {
        return harness.signedInAgain(admin);
    }

    private static long count(String sql, Object... args) {
        return harness.platform.database().inTerritory(harness.territory, db -> db.get(sql, args).orElseThrow()
                .column("n").get(Long.class));
    }
}
