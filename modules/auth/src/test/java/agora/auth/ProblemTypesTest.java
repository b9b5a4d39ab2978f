package agora.auth;

import java.util.Map;
import java.util.UUID;

import agora.platform.host.testing.Member;
import agora.platform.testing.Body;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Problems the API document promises on a route that no other test provoked there
 * ({@link ProblemCoverageTest} found them): each is asked for here the way a client would.
 */
class ProblemTypesTest {
    private static AuthHarness harness;
    private static Member admin;

    @BeforeAll
    static void start() {
        harness = AuthHarness.shared("GB", Map.of());
        admin = harness.admin();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void anAdminAsksForAccountsThatDoNotExistOrForTheirOwnStatus() {
        UUID nobody = UUID.randomUUID();
        harness.client(admin.access()).get("/api/auth/accounts/" + nobody).problem(404, "account-not-found");
        harness.client(admin.access()).post("/api/auth/accounts/" + nobody + "/reactivate", null)
                .problem(404, "account-not-found");
        harness.client(admin.access()).post("/api/auth/accounts/" + admin.id() + "/reactivate", null)
                .problem(409, "own-status");
    }

    @Test
    void bodiesWithoutTheirFieldsAreRefusedField() {
        Member member = harness.member(admin);
        assertPointer(harness.client(null).post("/api/auth/email/verify", Body.of("token", ""))
                .problem(422, "validation-failed"), "/token");
        assertPointer(harness.client(member.access()).send("DELETE", "/api/auth/account", Body.of("other", 1))
                .problem(422, "validation-failed"), "");
        assertPointer(harness.client(member.access()).send("DELETE", "/api/auth/account", Body.of())
                .problem(422, "validation-failed"), "/password");
        assertPointer(harness.client(null).post("/api/auth/logout", Body.of("refreshToken", "!"))
                .problem(422, "validation-failed"), "/refreshToken");
        harness.client(null).post("/api/auth/logout", Body.of("refreshToken", "A".repeat(43)))
                .problem(401, "invalid-refresh-token");
    }

    @Test
    void listsRefuseABadCursorOrLimit() {
        Member member = harness.member(admin);
        for (String list : new String[]{"/api/auth/sessions", "/api/auth/invitations"}) {
            harness.client(member.access()).get(list + "?cursor=not-a-cursor").problem(400, "invalid-cursor");
            harness.client(member.access()).get(list + "?limit=0").problem(422, "validation-failed");
        }
        harness.client(admin.access()).get("/api/auth/audit?cursor=not-a-cursor").problem(400, "invalid-cursor");
    }

    @Test
    void aCheckedInvitationThatIsUsedUpOrWithdrawnSaysSo() {
        String used = harness.invitation(admin, 1);
        harness.register(used, "once-" + UUID.randomUUID() + "@example.org", "a long enough password");
        harness.client(null).post("/api/auth/invitations/validate", Body.of("token", used))
                .problem(409, "invitation-exhausted");
        JsonNode created = harness.client(admin.access()).post("/api/auth/invitations", Body.of("maxUses", 1))
                .expect(201).json();
        harness.client(admin.access()).delete("/api/auth/invitations/" + created.get("id").asText());
        harness.client(null).post("/api/auth/invitations/validate", Body.of("token", created.get("token").asText()))
                .problem(410, "invitation-revoked");
    }

    @Test
    void twoFactorStepsOutOfTurnAreConflicts() {
        Member member = harness.member(admin);
        harness.client(member.access()).post("/api/auth/two-factor/recovery-codes",
                Body.of("password", Member.PASSWORD, "code", "123456")).problem(409, "two-factor-not-enabled");
        harness.client(member.access()).post("/api/auth/two-factor/recovery-codes", Body.of("password", ""))
                .problem(422, "validation-failed");
        harness.client(member.access()).send("DELETE", "/api/auth/two-factor/totp", Body.of("password", ""))
                .problem(422, "validation-failed");
        harness.enrol(member.email(), Member.PASSWORD, member.access());
        harness.client(member.access()).post("/api/auth/two-factor/totp/confirm", Body.of("code", "123456"))
                .problem(409, "two-factor-already-enabled");
    }

    @Test
    void idempotencyKeysThatAreMalformedOrReusedForAnotherBodyAreRefused() {
        harness.client(admin.access(), "Idempotency-Key", "k".repeat(256)).post("/api/auth/invitations",
                Body.of("maxUses", 1)).problem(400, "invalid-idempotency-key");
        String key = UUID.randomUUID().toString();
        harness.client(admin.access(), "Idempotency-Key", key).post("/api/auth/invitations", Body.of("maxUses", 1))
                .expect(201);
        harness.client(admin.access(), "Idempotency-Key", key).post("/api/auth/invitations", Body.of("maxUses", 2))
                .problem(422, "idempotency-key-reused");
        harness.client(null, "Idempotency-Key", "not a key").post("/api/auth/register",
                AuthHarness.registration("x", "x@example.org", "a long enough password"))
                .problem(400, "invalid-idempotency-key");
        String registration = UUID.randomUUID().toString();
        String invitation = harness.invitation(admin, 2);
        harness.client(null, "Idempotency-Key", registration).post("/api/auth/register", AuthHarness.registration(
                invitation, "first-" + UUID.randomUUID() + "@example.org", "a long enough password")).expect(201);
        harness.client(null, "Idempotency-Key", registration).post("/api/auth/register", AuthHarness.registration(
                invitation, "second-" + UUID.randomUUID() + "@example.org", "a long enough password"))
                .problem(422, "idempotency-key-reused");
    }

    @Test
    void aDeletedAccountsTokenIsRefusedAtAuthsOwnRoutes() {
        Member member = harness.member(admin);
        harness.client(member.access()).send("DELETE", "/api/auth/account", Body.of("password", Member.PASSWORD))
                .expect(204);
        harness.client(member.access()).get("/api/auth/me").problem(401, "account-deleted");
    }

    @Test
    void deeplyNestedJsonIsRefusedBeforeAnyField() {
        harness.client(null).sendRaw("POST", "/api/auth/login", "[".repeat(100) + "]".repeat(100), "application/json")
                .problem(400, "json-limit-exceeded");
    }

    private static void assertPointer(JsonNode problem, String pointer) {
        assertTrue(problem.path("errors").isArray(), problem.toString());
        if (!pointer.isEmpty()) {
            assertTrue(problem.toString().contains(pointer), problem.toString());
        }
    }
}
