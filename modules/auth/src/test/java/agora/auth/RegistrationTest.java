package agora.auth;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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

/** Registration by invitation and email verification, against PostgreSQL, NATS, Redis and a real SMTP server. */
class RegistrationTest {
    private static AuthHarness harness;
    private static Member admin;

    @BeforeAll
    static void start() {
        harness = AuthHarness.shared("BE", Map.of());
        admin = harness.admin();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void anInvitedPersonRegistersVerifiesTheAddressAndSignsIn() {
        String email = "Anna." + UUID.randomUUID() + "@Example.org";
        HttpResponse<String> registered = harness.post("/api/auth/register", null,
                AuthHarness.registration(harness.invitation(admin, 1), email, "a long enough password"));
        assertEquals(201, registered.statusCode(), registered.body());
        assertEquals("/api/auth/me", registered.headers().firstValue("Location").orElseThrow());
        JsonNode account = harness.json(registered);
        assertEquals(email, account.get("email").asText());
        assertFalse(account.get("emailVerified").asBoolean());
        assertEquals("active", account.get("status").asText());
        assertEquals(admin.id().toString(), account.get("invitedBy").asText());

        String token = harness.verificationToken(email);
        HttpResponse<String> verified = harness.post("/api/auth/email/verify", null, Body.of("token", token));
        assertEquals(200, verified.statusCode(), verified.body());
        assertTrue(harness.json(verified).get("emailVerified").asBoolean());
        assertEquals(400, harness.post("/api/auth/email/verify", null, Body.of("token", token)).statusCode(),
                "a link works once");

        // Email addresses are matched without regard to case.
        JsonNode login = harness.login(email.toLowerCase(java.util.Locale.ROOT), "a long enough password");
        HttpResponse<String> me = harness.get("/api/auth/me", login.get("accessToken").asText());
        assertEquals(200, me.statusCode(), me.body());
        assertEquals(account.get("id").asText(), harness.json(me).get("id").asText());
        assertTrue(harness.json(me).get("emailVerified").asBoolean());
    }

    @Test
    void theVerificationMailIsInTheReadersLanguage() throws Exception {
        String email = "dansk-" + UUID.randomUUID() + "@example.org";
        HttpResponse<String> registered = harness.post("/api/auth/register", null,
                AuthHarness.registration(harness.invitation(admin, 1), email, "a long enough password"),
                "Accept-Language", "da");
        assertEquals(201, registered.statusCode());
        TestMail.Received message = harness.mail.nth(harness.json(registered).get("email").asText(), 1);
        assertEquals("Bekræft din e-mailadresse til Agora", message.subject());
        assertTrue(message.body().contains("https://agora.example/verify-email?territory=BE&token="));

        // The language is kept for the mails no request carries: a suspension before any sign-in is in Danish too.
        UUID id = UUID.fromString(harness.json(registered).get("id").asText());
        admin = harness.signedInAgain(admin);
        harness.post("/api/auth/accounts/" + id + "/suspend", admin.access(), Body.of("reason", "spam"));
        assertEquals("Din Agora-konto er suspenderet", harness.mail.to(email).getLast().subject());
        JsonNode audited = harness.audited(admin, id, "auth.account.registered");
        assertEquals(1, audited.size(), "the registration is audited");
    }

    @Test
    void anEmailAddressIsTakenOnceIgnoringCaseAndTheFailedAttemptKeepsTheInvitationUse() {
        String email = "taken-" + UUID.randomUUID() + "@example.org";
        String invitation = harness.invitation(admin, 2);
        harness.register(invitation, email, "a long enough password");
        HttpResponse<String> again = harness.post("/api/auth/register", null,
                AuthHarness.registration(invitation, email.toUpperCase(java.util.Locale.ROOT), "another password"));
        assertEquals(409, again.statusCode());
        assertEquals("email-taken", harness.json(again).get("code").asText());
        // The refused registration gave its reserved use back: the second use still works.
        harness.register(invitation, "second-" + UUID.randomUUID() + "@example.org", "a long enough password");
    }

    @Test
    void fiftyParallelRegistrationsOnTenUsesCreateExactlyTenAccounts() throws Exception {
        String invitation = harness.invitation(admin, 10);
        List<HttpResponse<String>> responses = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                JsonNode body = AuthHarness.registration(invitation, "race-" + i + "-" + UUID.randomUUID() + "@example.org",
                        "a long enough password");
                Callable<HttpResponse<String>> call = () -> harness.post("/api/auth/register", null, body);
                futures.add(pool.submit(call));
            }
            for (Future<HttpResponse<String>> future : futures) {
                responses.add(future.get());
            }
        }
        long created = responses.stream().filter(response -> response.statusCode() == 201).count();
        long exhausted = responses.stream().filter(response -> response.statusCode() == 409
                && harness.json(response).get("code").asText().equals("invitation-exhausted")).count();
        assertEquals(10, created, responses.stream().map(r -> r.statusCode() + "").toList().toString());
        assertEquals(40, exhausted);
        JsonNode invitationView = invitationOf(invitation);
        assertEquals(10, invitationView.get("uses").asInt());
        assertEquals(10, invitationView.get("usedBy").size());
        assertEquals("exhausted", invitationView.get("state").asText());
    }

    @Test
    void aVerificationLinkWorksFortySevenHoursAndNotFortyNine() {
        String invitation = harness.invitation(admin, 2);
        String early = "early-" + UUID.randomUUID() + "@example.org";
        String late = "late-" + UUID.randomUUID() + "@example.org";
        harness.register(invitation, early, "a long enough password");
        harness.register(invitation, late, "a long enough password");
        String earlyToken = harness.verificationToken(early);
        String lateToken = harness.verificationToken(late);

        harness.clock.advance(Duration.ofHours(47));
        HttpResponse<String> inTime = harness.post("/api/auth/email/verify", null, Body.of("token", earlyToken));
        assertEquals(200, inTime.statusCode(), inTime.body());
        harness.clock.advance(Duration.ofHours(2));
        HttpResponse<String> tooLate = harness.post("/api/auth/email/verify", null, Body.of("token", lateToken));
        assertEquals(400, tooLate.statusCode(), tooLate.body());
        assertEquals("verification-invalid", harness.json(tooLate).get("code").asText());
        // The clock moved two days: the admin's access token has long expired.
        admin = harness.signedInAgain(admin);
    }

    @Test
    void anInvitationWorksUntilItsExpiryAndNotAtIt() {
        Instant expiry = harness.clock.instant().plus(Duration.ofMinutes(2));
        HttpResponse<String> created = harness.post("/api/auth/invitations", admin.access(),
                Body.of("maxUses", 2, "expiresAt", expiry));
        assertEquals(201, created.statusCode(), created.body());
        String invitation = harness.json(created).get("token").asText();
        harness.clock.advance(Duration.between(harness.clock.instant(), expiry).minusMillis(1));
        harness.register(invitation, "edge-" + UUID.randomUUID() + "@example.org", "a long enough password");
        harness.clock.advance(Duration.ofMillis(1));
        HttpResponse<String> late = harness.post("/api/auth/register", null, AuthHarness.registration(invitation,
                "late-" + UUID.randomUUID() + "@example.org", "a long enough password"));
        assertEquals(410, late.statusCode(), late.body());
        assertEquals("invitation-expired", harness.json(late).get("code").asText());
        HttpResponse<String> check = harness.post("/api/auth/invitations/validate", null,
                Body.of("token", invitation));
        assertEquals(410, check.statusCode());
    }

    @Test
    void unknownAndWithdrawnInvitationsAreRefused() {
        HttpResponse<String> unknown = harness.post("/api/auth/register", null, AuthHarness.registration(
                Secrets.token(32), "nobody-" + UUID.randomUUID() + "@example.org", "a long enough password"));
        assertEquals(404, unknown.statusCode());
        assertEquals("invitation-not-found", harness.json(unknown).get("code").asText());

        HttpResponse<String> created = harness.post("/api/auth/invitations", admin.access(), Body.of());
        JsonNode invitation = harness.json(created);
        assertEquals(204, harness.delete("/api/auth/invitations/" + invitation.get("id").asText(), admin.access(), null)
                .statusCode());
        HttpResponse<String> revoked = harness.post("/api/auth/register", null, AuthHarness.registration(
                invitation.get("token").asText(), "x-" + UUID.randomUUID() + "@example.org", "a long enough password"));
        assertEquals(410, revoked.statusCode());
        assertEquals("invitation-revoked", harness.json(revoked).get("code").asText());
    }

    @Test
    void everyInvalidFieldIsReportedAtOnceAndNothingIsCreated() {
        String invitation = harness.invitation(admin, 1);
        HttpResponse<String> response = harness.post("/api/auth/register", null,
                Body.of("invitation", invitation, "email", "not-an-address", "displayName", " ", "password", "short"));
        assertEquals(422, response.statusCode());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
        List<String> pointers = new ArrayList<>();
        harness.json(response).get("errors").forEach(error -> pointers.add(error.get("pointer").asText()));
        assertEquals(List.of("/email", "/displayName", "/password"), pointers);
        // The invitation's one use is still there.
        harness.register(invitation, "valid-" + UUID.randomUUID() + "@example.org", "a long enough password");
    }

    @Test
    void theDisplayNameIsNormalisedCheckedAndCarriedByTheRegistrationEvent() {
        Map<String, String> refused = Map.of(
                "x".repeat(61), "invalid-display-name",
                "Eve\u202Egnp.exe", "invalid-display-name",
                "Ma\u2067llory", "invalid-display-name",
                "Bell\u0007", "invalid-display-name",
                "anna@example.org", "display-name-is-email",
                "Anna (anna.b@example.org)", "display-name-is-email");
        refused.forEach((name, code) -> {
            HttpResponse<String> response = harness.post("/api/auth/register", null, Body.of("invitation",
                    harness.invitation(admin, 1), "email", "n-" + UUID.randomUUID() + "@example.org", "displayName", name,
                    "password", "a long enough password"));
            assertEquals(422, response.statusCode(), name + ": " + response.body());
            JsonNode error = harness.json(response).get("errors").get(0);
            assertEquals("/displayName", error.get("pointer").asText(), name);
            assertEquals(code, error.get("code").asText(), name);
        });
        // Sixty characters once composed: a decomposed name of more UTF-16 units still fits, stored as NFC.
        String decomposed = "Zoe\u0301 " + "e\u0301".repeat(55);
        String email = "nfc-" + UUID.randomUUID() + "@example.org";
        HttpResponse<String> registered = harness.post("/api/auth/register", null, Body.of("invitation",
                harness.invitation(admin, 1), "email", email, "displayName", "  " + decomposed + " ",
                "password", "a long enough password"));
        assertEquals(201, registered.statusCode(), registered.body());
        String composed = java.text.Normalizer.normalize(decomposed, java.text.Normalizer.Form.NFC);
        assertEquals(composed, harness.json(registered).get("displayName").asText());
        UUID id = UUID.fromString(harness.json(registered).get("id").asText());
        String data = harness.platform.database().inTerritory(harness.territory, db -> db.get(
                "SELECT data::text AS data FROM auth_outbox WHERE aggregate = ? AND type LIKE '%user_registered'",
                id.toString()).orElseThrow().column("data").get(String.class));
        assertEquals(composed, harness.json(data).get("displayName").asText());
    }

    @Test
    void unknownFieldsAndBrokenJsonAreClientErrors() {
        assertEquals(422, harness.post("/api/auth/register", null, Body.of("invitation", "x", "admin", true)).statusCode());
        assertEquals(400, harness.postRaw("/api/auth/register", null, "{\"invitation\": ").statusCode());
    }

    @Test
    void aResentLinkReplacesTheFirst() {
        String email = "resend-" + UUID.randomUUID() + "@example.org";
        harness.register(harness.invitation(admin, 1), email, "a long enough password");
        String first = harness.verificationToken(email);
        JsonNode login = harness.login(email, "a long enough password");
        assertEquals(202, harness.post("/api/auth/email/verification", login.get("accessToken").asText(), (JsonNode) null).statusCode());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String second = first;
        while (second.equals(first) && System.nanoTime() < deadline) {
            second = harness.verificationToken(email);
        }
        assertFalse(second.equals(first));
        assertEquals(400, harness.post("/api/auth/email/verify", null, Body.of("token", first)).statusCode());
        assertEquals(200, harness.post("/api/auth/email/verify", null, Body.of("token", second)).statusCode());
        HttpResponse<String> again = harness.post("/api/auth/email/verification", login.get("accessToken").asText(), (JsonNode) null);
        assertEquals(409, again.statusCode());
        assertEquals("already-verified", harness.json(again).get("code").asText());
    }

    @Test
    void theRegistrationEventCarriesIdsAndTheDisplayNameButNeverTheAddress() {
        String email = "event-" + UUID.randomUUID() + "@example.org";
        JsonNode account = harness.register(harness.invitation(admin, 1), email, "a long enough password");
        String data = harness.platform.database().inTerritory(harness.territory, db -> db.get(
                "SELECT data::text AS data FROM auth_outbox WHERE type = 'auth.user_registered' AND aggregate = ?",
                account.get("id").asText()).orElseThrow().column("data").get(String.class));
        JsonNode event = harness.json(data);
        assertEquals(account.get("id").asText(), event.get("userId").asText());
        assertEquals(admin.id().toString(), event.get("invitedBy").asText());
        assertEquals(account.get("displayName").asText(), event.get("displayName").asText(), "public anyway");
        assertFalse(data.contains(email), data);
    }

    private JsonNode invitationOf(String token) {
        HttpResponse<String> mine = harness.get("/api/auth/invitations?limit=100", admin.access());
        for (JsonNode invitation : harness.json(mine).get("items")) {
            if (invitation.get("token").asText().equals(token)) {
                return harness.json(harness.get("/api/auth/invitations/" + invitation.get("id").asText(), admin.access()));
            }
        }
        throw new AssertionError("not among the admin's invitations");
    }
}
