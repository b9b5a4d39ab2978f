package agora.auth;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import agora.platform.host.testing.Eventually;
import agora.platform.host.testing.Member;
import agora.platform.host.testing.TestMail;
import agora.platform.testing.Body;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Moving an account to another email address: a link to the new address, a warning to the old one,
 * the change only on confirmation, and the address still free at that moment.
 */
class EmailChangeTest {
    private static final String PASSWORD = Member.PASSWORD;
    private static AuthHarness harness;
    private static TestMail mailbox;
    private static Member admin;

    @BeforeAll
    static void start() {
        harness = AuthHarness.shared("LV", Map.of("agora.auth.email.change-link", "https://agora.example/confirm-email",
                "agora.auth.password-reset.link", "https://agora.example/reset-password"));
        mailbox = harness.mail;
        admin = harness.admin();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void aMemberMovesToANewAddressOnlyOnceTheLinkSentThereIsFollowed() throws Exception {
        Member member = member();
        String newEmail = "moved-" + UUID.randomUUID() + "@example.net";
        HttpResponse<String> asked = requestChange(member.access(), newEmail, PASSWORD);
        assertEquals(202, asked.statusCode(), asked.body());

        TestMail.Received link = mailbox.nth(newEmail, 1);
        assertEquals("Confirm your new email address for Agora", link.subject());
        assertTrue(link.body().contains("https://agora.example/confirm-email?territory=LV&token="), link.body());
        assertTrue(link.body().contains("within 24 hours"), link.body());
        TestMail.Received warning = mailbox.nth(member.email(), 2);
        assertEquals("Your Agora account is about to move to another email address", warning.subject());
        assertTrue(warning.body().contains("https://agora.example/reset-password?territory=LV"), warning.body());
        assertTrue(warning.token().isEmpty(), "the old address gets no link that changes anything");
        assertFalse(warning.body().contains(newEmail), "nor the new address");

        // Nothing changes until the confirmation.
        assertEquals(member.email(), me(member).get("email").asText());
        assertEquals(401, login(newEmail, PASSWORD).statusCode());

        String token = link.token().orElseThrow();
        HttpResponse<String> confirmed = confirm(token);
        assertEquals(200, confirmed.statusCode(), confirmed.body());
        assertEquals(newEmail, harness.json(confirmed).get("email").asText());
        assertTrue(harness.json(confirmed).get("emailVerified").asBoolean());
        HttpResponse<String> again = confirm(token);
        assertEquals(400, again.statusCode());
        assertEquals("email-change-invalid", harness.json(again).get("code").asText());

        TestMail.Received changed = mailbox.nth(member.email(), 3);
        assertEquals("The email address of your Agora account was changed", changed.subject());
        assertTrue(changed.token().isEmpty());

        harness.login(newEmail.toUpperCase(Locale.ROOT), PASSWORD);
        assertEquals(401, login(member.email(), PASSWORD).statusCode(), "the old address no longer signs in");
        assertEquals(newEmail, me(member).get("email").asText(), "sessions stay");
        // A reset now goes to the new address only.
        harness.post("/api/auth/password/reset-request", null, Body.of("email", member.email()));
        harness.post("/api/auth/password/reset-request", null, Body.of("email", newEmail));
        assertTrue(harness.auth.awaitBackground(Duration.ofSeconds(10)));
        assertEquals("Reset your Agora password", mailbox.nth(newEmail, 2).subject());
        assertEquals(3, mailbox.to(member.email()).size());

        String data = harness.platform.database().inTerritory(harness.territory, db -> db.get(
                "SELECT data::text AS data FROM auth_outbox WHERE type = 'auth.email_changed' AND aggregate = ?",
                member.id().toString()).orElseThrow().column("data").get(String.class));
        assertEquals(member.id().toString(), harness.json(data).get("userId").asText());
        assertFalse(data.contains("@"), "ids only: " + data);
    }

    @Test
    void anAddressTakenMeanwhileIsRefusedAtConfirmationIgnoringCase() {
        Member member = member();
        String wanted = "wanted-" + UUID.randomUUID() + "@example.net";
        assertEquals(202, requestChange(member.access(), wanted, PASSWORD).statusCode(),
                "not checked when asked: the answer would tell whether the address has an account");
        String token = mailbox.nth(wanted, 1).token().orElseThrow();
        harness.register(harness.invitation(admin(), 1), wanted.toUpperCase(Locale.ROOT), PASSWORD);

        HttpResponse<String> taken = confirm(token);
        assertEquals(409, taken.statusCode(), taken.body());
        assertEquals("email-taken", harness.json(taken).get("code").asText());
        assertEquals(member.email(), me(member).get("email").asText());
        harness.login(member.email(), PASSWORD);

        // Asking for an address that has an account is answered as for a free one.
        assertEquals(202, requestChange(member.access(), member().email(), PASSWORD).statusCode(),
                "not checked when asked: the answer would tell whether the address has an account");
    }

    @Test
    void anAddressRegisteredDuringTheConfirmationIsRefusedTooNotAServerError() throws Exception {
        Member member = member();
        String contested = "contested-" + UUID.randomUUID() + "@example.net";
        requestChange(member.access(), contested, PASSWORD);
        String token = mailbox.nth(contested, 1).token().orElseThrow();
        // A registration holds the address, not yet committed, while the confirmation runs: the
        // confirmation's look-up cannot see it, and its update waits on the unique index.
        CountDownLatch inserted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread registration = Thread.ofVirtual().start(() -> harness.platform.database().runInTerritory(
                harness.territory, db -> {
                    AccountStore.insert(db, UUID.randomUUID(), contested, "Racer", "not a hash", Set.of(),
                            Optional.empty(), Optional.empty(), harness.clock.instant());
                    inserted.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
        assertTrue(inserted.await(10, TimeUnit.SECONDS));
        CompletableFuture<HttpResponse<String>> confirmation = CompletableFuture.supplyAsync(() -> confirm(token));
        // The registration commits only once the confirmation waits on its row: the race, every time.
        Eventually.within(Duration.ofSeconds(10), EmailChangeTest::waitingOnALock, waiting -> waiting > 0);
        release.countDown();
        registration.join();
        HttpResponse<String> taken = confirmation.get(10, TimeUnit.SECONDS);
        assertEquals(409, taken.statusCode(), taken.body());
        assertEquals("email-taken", harness.json(taken).get("code").asText());
        assertEquals(member.email(), me(member).get("email").asText());
    }

    /** Backends of the test database waiting for a row or index lock another transaction holds. */
    private static long waitingOnALock() {
        return harness.platform.database().inTerritory(harness.territory, db -> db.get(
                "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() "
                        + "AND wait_event_type = 'Lock'").orElseThrow().column("n").get(Long.class));
    }

    @Test
    void aNewerRequestSupersedesThePendingOne() {
        Member member = member();
        String first = "first-" + UUID.randomUUID() + "@example.net";
        String second = "second-" + UUID.randomUUID() + "@example.net";
        requestChange(member.access(), first, PASSWORD);
        requestChange(member.access(), second, PASSWORD);
        HttpResponse<String> superseded = confirm(mailbox.nth(first, 1).token().orElseThrow());
        assertEquals(400, superseded.statusCode());
        assertEquals("email-change-invalid", harness.json(superseded).get("code").asText());
        HttpResponse<String> confirmed = confirm(mailbox.nth(second, 1).token().orElseThrow());
        assertEquals(200, confirmed.statusCode(), confirmed.body());
        assertEquals(second, harness.json(confirmed).get("email").asText());
    }

    @Test
    void theRequestNeedsThePasswordAndAnotherDeliverableAddress() {
        Member member = member();
        String elsewhere = "elsewhere-" + UUID.randomUUID() + "@example.net";
        HttpResponse<String> wrong = requestChange(member.access(), elsewhere, "not the password");
        assertEquals(403, wrong.statusCode());
        assertEquals("wrong-password", harness.json(wrong).get("code").asText());
        HttpResponse<String> same = requestChange(member.access(), member.email().toUpperCase(Locale.ROOT), PASSWORD);
        assertEquals(422, same.statusCode());
        assertEquals("same-email", harness.json(same).get("errors").get(0).get("code").asText());
        HttpResponse<String> unicode = requestChange(member.access(), "åse-" + UUID.randomUUID() + "@example.net",
                PASSWORD);
        assertEquals(422, unicode.statusCode());
        assertEquals("/newEmail", harness.json(unicode).get("errors").get(0).get("pointer").asText());
        assertEquals(401, requestChange(null, elsewhere, PASSWORD).statusCode());
        assertEquals(0, mailbox.to(elsewhere).size());

        assertEquals("email-change-invalid", harness.json(confirm(Secrets.token(Secrets.TOKEN_BYTES))).get("code")
                .asText());
        assertEquals(422, confirm("not a token!").statusCode());
    }

    @Test
    void aLinkWorksUntilItsExpiryAndHousekeepingRemovesItAfterwards() {
        Member member = member();
        String late = "late-" + UUID.randomUUID() + "@example.net";
        requestChange(member.access(), late, PASSWORD);
        String token = mailbox.nth(late, 1).token().orElseThrow();
        harness.clock.advance(Duration.ofHours(24));
        HttpResponse<String> expired = confirm(token);
        assertEquals(400, expired.statusCode());
        assertEquals("email-change-invalid", harness.json(expired).get("code").asText());
        harness.clock.advance(Duration.ofMinutes(1));
        harness.auth.housekeep();
        assertEquals(0, pending(member));

        Member punctual = member();
        String onTime = "on-time-" + UUID.randomUUID() + "@example.net";
        requestChange(punctual.access(), onTime, PASSWORD);
        harness.clock.advance(Duration.ofHours(24).minusMillis(1));
        assertEquals(200, confirm(mailbox.nth(onTime, 1).token().orElseThrow()).statusCode());
    }

    @Test
    void aPasswordResetCancelsAPendingChangeAndDeletionDropsIt() throws Exception {
        Member member = member();
        String intruder = "intruder-" + UUID.randomUUID() + "@example.net";
        requestChange(member.access(), intruder, PASSWORD);
        String token = mailbox.nth(intruder, 1).token().orElseThrow();
        // The owner heeds the warning and resets the password.
        harness.post("/api/auth/password/reset-request", null, Body.of("email", member.email()));
        assertTrue(harness.auth.awaitBackground(Duration.ofSeconds(10)));
        String reset = mailbox.to(member.email()).stream().filter(mail -> mail.subject().startsWith("Reset"))
                .findFirst().orElseThrow().token().orElseThrow();
        assertEquals(204, harness.post("/api/auth/password/reset", null,
                Body.of("token", reset, "password", "a fresh passphrase")).statusCode());
        assertEquals("email-change-invalid", harness.json(confirm(token)).get("code").asText());

        Member leaving = member();
        requestChange(leaving.access(), "gone-" + UUID.randomUUID() + "@example.net", PASSWORD);
        assertEquals(1, pending(leaving));
        assertEquals(204, harness.delete("/api/auth/account", leaving.access(), Body.of("password", PASSWORD))
                .statusCode());
        assertEquals(0, pending(leaving), "the new address is personal data too");
    }

    private static HttpResponse<String> requestChange(String access, String newEmail, String password) {
        return harness.post("/api/auth/email/change", access,
                Body.of("newEmail", newEmail, "password", password));
    }

    private static HttpResponse<String> confirm(String token) {
        return harness.post("/api/auth/email/change/confirm", null, Body.of("token", token));
    }

    @Test
    void aConfirmedChangeEndsTheLinksSentToTheFormerAddressAndIsAudited() throws Exception {
        Member member = member();
        harness.post("/api/auth/password/reset-request", null, Body.of("email", member.email()));
        assertTrue(harness.auth.awaitBackground(Duration.ofSeconds(10)));
        String reset = mailbox.nth(member.email(), 2).token().orElseThrow();
        String newEmail = "moved-" + UUID.randomUUID() + "@example.net";
        requestChange(member.access(), newEmail, PASSWORD);
        assertEquals(200, confirm(mailbox.nth(newEmail, 1).token().orElseThrow()).statusCode());
        assertEquals("reset-token-invalid", harness.json(harness.post("/api/auth/password/reset", null,
                Body.of("token", reset, "password", "someone else's choice"))).get("code").asText(),
                "a reset link mailed to the former address stops working");
        assertEquals(1, harness.audited(admin(), member.id(), "auth.email.changed").size());

        // An address never verified: its verification link stops working too.
        String unverified = "unverified-" + UUID.randomUUID() + "@example.org";
        harness.register(harness.invitation(admin(), 1), unverified, PASSWORD);
        String verification = harness.verificationToken(unverified);
        String access = harness.login(unverified, PASSWORD).get("accessToken").asText();
        String elsewhere = "elsewhere-" + UUID.randomUUID() + "@example.net";
        assertEquals(202, requestChange(access, elsewhere, PASSWORD).statusCode());
        assertEquals(200, confirm(mailbox.nth(elsewhere, 1).token().orElseThrow()).statusCode());
        HttpResponse<String> verified = harness.post("/api/auth/email/verify", null, Body.of("token", verification));
        assertEquals(400, verified.statusCode(), verified.body());
    }

    @Test
    void aSuspendedAccountCannotCompleteAChange() {
        Member member = member();
        String newEmail = "moved-" + UUID.randomUUID() + "@example.net";
        requestChange(member.access(), newEmail, PASSWORD);
        harness.post("/api/auth/accounts/" + member.id() + "/suspend", admin().access(), Body.of("reason", "spam"));
        HttpResponse<String> refused = confirm(mailbox.nth(newEmail, 1).token().orElseThrow());
        assertEquals(400, refused.statusCode(), refused.body());
        assertEquals("email-change-invalid", harness.json(refused).get("code").asText());
        assertEquals(member.email(), harness.json(harness.get("/api/auth/accounts/" + member.id(), admin().access()))
                .get("email").asText());
    }

    private static HttpResponse<String> login(String email, String password) {
        return harness.post("/api/auth/login", null, Body.of("email", email, "password", password));
    }

    private static JsonNode me(Member member) {
        HttpResponse<String> me = harness.get("/api/auth/me", member.access());
        assertEquals(200, me.statusCode(), me.body());
        return harness.json(me);
    }

    private static long pending(Member member) {
        return harness.platform.database().inTerritory(harness.territory, db -> db.get(
                "SELECT count(*) AS n FROM auth_email_changes WHERE account_id = ?", member.id()).orElseThrow()
                .column("n").get(Long.class));
    }

    /** A verified member, signed in; its first mail was the verification link. */
    private static Member member() {
        return harness.member(admin());
    }

    /** The admin, signed in afresh: some tests move the clock past its token's expiry. */
    private static Member admin() {
        return new Member(admin.id(), admin.email(), harness.login(admin.email(), PASSWORD));
    }
}
