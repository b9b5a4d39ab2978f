package agora.auth;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import agora.auth.api.AuthPermissions;
import agora.platform.host.testing.Member;
import agora.platform.testing.Body;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Suspension, reactivation and deletion, watched from another service's guarded route: the change
 * must take effect there within a second (through the shared authorization view in Redis).
 */
class AccountStatusTest {
    private static final String PASSWORD = Member.PASSWORD;
    private static AuthHarness harness;
    private static Member admin;

    @BeforeAll
    static void start() {
        harness = AuthHarness.shared("NL", Map.of());
        admin = harness.admin();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void aSuspensionIsRefusedAtAnotherServiceWithinASecondAndReactivationLetsTheMemberBackIn() {
        Member member = harness.member(admin);
        assertEquals(200, harness.other(member.access()).statusCode(), "the other service knows the member as active");

        HttpResponse<String> suspended = harness.post("/api/auth/accounts/" + member.id() + "/suspend", admin.access(),
                Body.of("reason", "spam"));
        assertEquals(200, suspended.statusCode(), suspended.body());
        assertEquals("suspended", harness.json(suspended).get("status").asText());
        HttpResponse<String> refused = AuthHarness.within(Duration.ofSeconds(1), () -> harness.other(member.access()),
                response -> response.statusCode() == 403);
        assertEquals("account-suspended", harness.json(refused).get("code").asText());
        // The member may still sign in, to a restricted session that this service refuses all the same.
        HttpResponse<String> login = harness.post("/api/auth/login", null,
                Body.of("email", member.email(), "password", PASSWORD));
        assertEquals(200, login.statusCode(), login.body());
        assertEquals("appeal", harness.json(login).get("scope").asText());
        HttpResponse<String> restricted = harness.other(harness.json(login).get("accessToken").asText());
        assertEquals("account-suspended", harness.json(restricted).get("code").asText());
        HttpResponse<String> refresh = harness.post("/api/auth/refresh", null,
                Body.of("refreshToken", member.refresh()));
        assertEquals("session-revoked", harness.json(refresh).get("code").asText(), "suspension ended the sessions");

        HttpResponse<String> reactivated = harness.post("/api/auth/accounts/" + member.id() + "/reactivate",
                admin.access(), (JsonNode) null);
        assertEquals("active", harness.json(reactivated).get("status").asText());
        // Suspension ended the sessions: the member signs in again, and is let in everywhere.
        String fresh = harness.login(member.email(), PASSWORD).get("accessToken").asText();
        AuthHarness.within(Duration.ofSeconds(1), () -> harness.other(fresh), response -> response.statusCode() == 200);
        assertEquals(401, harness.other(member.access()).statusCode(), "the old session stays ended");
    }

    @Test
    void aLogoutIsRefusedAtAnotherServiceWithinASecond() {
        Member member = harness.member(admin);
        assertEquals(200, harness.other(member.access()).statusCode());
        assertEquals(204, harness.post("/api/auth/logout", member.access(), (JsonNode) null).statusCode());
        HttpResponse<String> refused = AuthHarness.within(Duration.ofSeconds(1), () -> harness.other(member.access()),
                response -> response.statusCode() == 401);
        assertEquals("session-revoked", harness.json(refused).get("code").asText());
    }

    @Test
    void territoryAdminsReadWhoDidWhatToAnAccountFromWhere() {
        Member member = harness.member(admin);
        harness.post("/api/auth/login", null, Body.of("email", member.email(), "password", "wrong one"));
        harness.post("/api/auth/accounts/" + member.id() + "/suspend", admin.access(), Body.of("reason", "spam"));
        harness.post("/api/auth/accounts/" + member.id() + "/reactivate", admin.access(), (JsonNode) null);
        HttpResponse<String> trail = harness.get("/api/auth/audit?target=" + member.id(), admin.access());
        assertEquals(200, trail.statusCode(), trail.body());
        java.util.List<String> actions = new java.util.ArrayList<>();
        harness.json(trail).get("items").forEach(entry -> actions.add(entry.get("action").asText()));
        assertEquals(java.util.List.of("auth.account.reactivated", "auth.account.suspended", "auth.login.failed",
                "auth.account.registered"), actions, "newest first");
        com.fasterxml.jackson.databind.JsonNode suspension = harness.json(trail).get("items").get(1);
        assertEquals(admin.id().toString(), suspension.get("actor").asText());
        assertEquals("spam", suspension.get("details").get("reason").asText());
        assertEquals("127.0.0.1", suspension.get("clientAddress").asText());
        assertEquals(1, harness.json(harness.get("/api/auth/audit?target=" + member.id() + "&action=auth.login",
                admin.access())).get("items").size());
        assertEquals(403, harness.get("/api/auth/audit", harness.member(admin).access()).statusCode());
        assertEquals(422, harness.get("/api/auth/audit?action=Not%20a%20code", admin.access()).statusCode());
    }

    /**
     * Consumers order an account's events by their version (DESIGN.md: a stale event loses to a
     * newer one), so each change of the account must publish a version above the last, and the
     * account row must end on the version of its last event. Session ends carry none (0): they are
     * facts about a session, not the account.
     */
    @Test
    void eachChangeOfAnAccountPublishesAVersionAboveTheLast() {
        Member member = harness.member(admin);
        harness.enrol(member.email(), PASSWORD, member.access());
        harness.client(admin.access()).put("/api/auth/accounts/" + member.id() + "/roles/moderator", null).expect(200);
        harness.client(admin.access()).delete("/api/auth/accounts/" + member.id() + "/roles/moderator").expect(200);
        harness.client(admin.access()).post("/api/auth/accounts/" + member.id() + "/suspend", null).expect(200);
        harness.client(admin.access()).post("/api/auth/accounts/" + member.id() + "/reactivate", null).expect(200);
        Member back = harness.signedInAgain(member);
        String newEmail = "moved-" + UUID.randomUUID() + "@example.org";
        assertEquals(202, harness.post("/api/auth/email/change", back.access(),
                Body.of("newEmail", newEmail, "password", PASSWORD)).statusCode());
        assertEquals(200, harness.post("/api/auth/email/change/confirm", null,
                Body.of("token", harness.mail.newestToken(newEmail))).statusCode());
        assertEquals(204, harness.delete("/api/auth/account", back.access(), Body.of("password", PASSWORD)).statusCode());

        java.util.List<String> types = new java.util.ArrayList<>();
        java.util.List<Long> versions = new java.util.ArrayList<>();
        harness.platform.database().inTerritory(harness.territory, db -> {
            db.query("SELECT type, version FROM auth_outbox WHERE aggregate = ? AND type <> 'auth.session_revoked' "
                    + "ORDER BY position", member.id().toString()).forEach(row -> {
                        types.add(row.column("type").get(String.class));
                        versions.add(row.column("version").get(Long.class));
                    });
            return null;
        });
        assertEquals(java.util.List.of("auth.user_registered", "auth.email_verified", "auth.role_granted",
                "auth.role_revoked", "auth.account_suspended", "auth.suspension_ended", "auth.account_reactivated",
                "auth.email_changed", "auth.account_deleted"), types);
        assertEquals(1L, versions.getFirst(), "a new account's first version");
        for (int i = 1; i < versions.size(); i++) {
            assertTrue(versions.get(i) >= versions.get(i - 1) && (versions.get(i) > versions.get(i - 1)
                    || types.get(i).equals("auth.account_reactivated")), "versions only grow: " + types + " " + versions);
        }
        long stored = harness.platform.database().inTerritory(harness.territory, db -> db.get(
                "SELECT version FROM auth_accounts WHERE id = ?", member.id()).orElseThrow().column("version")
                .get(Long.class));
        assertEquals(versions.getLast().longValue(), stored, "the account ends on its last event's version");
        assertTrue(harness.events(member.id(), "auth.session_revoked").stream().findAny().isPresent());
    }

    @Test
    void anAdminEndsEveryOneOfAMembersSessions() {
        Member member = harness.member(admin);
        com.fasterxml.jackson.databind.JsonNode phone = harness.login(member.email(), PASSWORD);
        assertEquals(204, harness.delete("/api/auth/accounts/" + member.id() + "/sessions", admin.access(), null)
                .statusCode());
        AuthHarness.within(Duration.ofSeconds(1), () -> harness.other(member.access()), response -> response.statusCode() == 401);
        assertEquals(401, harness.get("/api/auth/me", phone.get("accessToken").asText()).statusCode());
        assertEquals(200, harness.get("/api/auth/me", harness.login(member.email(), PASSWORD).get("accessToken").asText())
                .statusCode(), "the member signs in again");
        JsonNode audited = harness.json(harness.get("/api/auth/audit?target=" + member.id()
                + "&action=auth.account.sessions-ended", admin.access())).get("items");
        assertEquals(1, audited.size(), "the admin's act is audited");
        assertEquals("2", audited.get(0).get("details").get("sessions").asText());
        assertEquals(2, harness.events(member.id(), "auth.session_revoked").size(), "each ended session is published");
        Member other = harness.member(admin);
        assertEquals(403, harness.delete("/api/auth/accounts/" + member.id() + "/sessions", other.access(), null)
                .statusCode());
        assertEquals(404, harness.delete("/api/auth/accounts/" + java.util.UUID.randomUUID() + "/sessions",
                admin.access(), null).statusCode());
    }

    @Test
    void onlyTerritoryAdminsChangeStatusAndNotTheirOwn() {
        Member member = harness.member(admin);
        Member other = harness.member(admin);
        HttpResponse<String> byMember = harness.post("/api/auth/accounts/" + other.id() + "/suspend", member.access(), (JsonNode) null);
        assertEquals(403, byMember.statusCode());
        assertEquals("forbidden", harness.json(byMember).get("code").asText());
        HttpResponse<String> own = harness.post("/api/auth/accounts/" + admin.id() + "/suspend", admin.access(), (JsonNode) null);
        assertEquals(409, own.statusCode());
        assertEquals("own-status", harness.json(own).get("code").asText());
        assertEquals(404, harness.post("/api/auth/accounts/" + UUID.randomUUID() + "/suspend", admin.access(), (JsonNode) null)
                .statusCode());
        assertEquals(404, harness.post("/api/auth/accounts/not-a-uuid/suspend", admin.access(), (JsonNode) null).statusCode());
        HttpResponse<String> tooLong = harness.post("/api/auth/accounts/" + other.id() + "/suspend", admin.access(),
                Body.of("reason", "x".repeat(501)));
        assertEquals(422, tooLong.statusCode());
        assertEquals(200, harness.get("/api/auth/me", other.access()).statusCode(), "nothing changed");
        HttpResponse<String> read = harness.get("/api/auth/accounts/" + other.id(), admin.access());
        assertEquals(other.email(), harness.json(read).get("email").asText());
        HttpResponse<String> nobody = harness.get("/api/auth/accounts/" + UUID.randomUUID(), admin.access());
        assertEquals(404, nobody.statusCode());
        assertEquals("account-not-found", harness.json(nobody).get("code").asText());
    }

    @Test
    void aSuspensionsReasonIsKeptUpToItsLimitAndABlankOneIsNoReason() {
        Member member = harness.member(admin);
        String longest = "r".repeat(AccountApi.MAX_REASON);
        HttpResponse<String> suspended = harness.post("/api/auth/accounts/" + member.id() + "/suspend", admin.access(),
                Body.of("reason", "  " + longest + "  "));
        assertEquals(200, suspended.statusCode(), suspended.body());
        assertEquals(longest, harness.json(suspended).get("suspension").get("reason").asText(), "stripped, not cut");
        harness.post("/api/auth/accounts/" + member.id() + "/reactivate", admin.access(), (JsonNode) null);

        HttpResponse<String> blank = harness.post("/api/auth/accounts/" + member.id() + "/suspend", admin.access(),
                Body.of("reason", " \t "));
        assertEquals(200, blank.statusCode(), blank.body());
        assertTrue(harness.json(blank).get("suspension").path("reason").isNull()
                || harness.json(blank).get("suspension").path("reason").isMissingNode(),
                "a blank reason is none: " + blank.body());
    }

    @Test
    void aBrowserThatDeletesItsAccountHasItsCookiesCleared() {
        Member member = harness.member(admin);
        HttpResponse<String> login = harness.post("/api/auth/login", null, Body.of("email", member.email(),
                "password", PASSWORD, "refreshTokenDelivery", "cookie"));
        String refresh = login.headers().allValues("Set-Cookie").stream()
                .filter(cookie -> cookie.startsWith("__Host-agora-refresh=")).findFirst().orElseThrow();
        HttpResponse<String> deleted = harness.client(harness.json(login).get("accessToken").asText())
                .header("Cookie", refresh.substring(0, refresh.indexOf(';')))
                .send("DELETE", "/api/auth/account", Body.of("password", PASSWORD)).response();
        assertEquals(204, deleted.statusCode(), deleted.body());
        java.util.List<String> cleared = deleted.headers().allValues("Set-Cookie");
        for (String name : java.util.List.of("__Host-agora-refresh=;", "__Host-agora-csrf=;")) {
            assertTrue(cleared.stream().anyMatch(cookie -> cookie.startsWith(name)
                    && cookie.contains("Expires=Thu, 1 Jan 1970")), name + " cleared: " + cleared);
        }
        HttpResponse<String> app = harness.delete("/api/auth/account", harness.member(admin).access(),
                Body.of("password", PASSWORD));
        assertEquals(204, app.statusCode());
        assertEquals(java.util.List.of(), app.headers().allValues("Set-Cookie"), "an app without cookies gets none");
    }

    @Test
    void deletingTheAccountNeedsThePasswordErasesItAndIsRefusedEverywhereWithinASecond() {
        Member member = harness.member(admin);
        harness.otherSecurity.view().grant(harness.territory, member.id(), AuthPermissions.INVITE);
        String invitation = harness.invitation(member, 1);
        assertEquals(200, harness.other(member.access()).statusCode());

        HttpResponse<String> wrong = harness.delete("/api/auth/account", member.access(), Body.of("password", "wrong one"));
        assertEquals(403, wrong.statusCode());
        assertEquals("wrong-password", harness.json(wrong).get("code").asText());
        assertEquals(200, harness.get("/api/auth/me", member.access()).statusCode());

        assertEquals(204, harness.delete("/api/auth/account", member.access(), Body.of("password", PASSWORD))
                .statusCode());
        HttpResponse<String> refused = AuthHarness.within(Duration.ofSeconds(1), () -> harness.other(member.access()),
                response -> response.statusCode() == 401);
        assertEquals("account-deleted", harness.json(refused).get("code").asText());
        assertEquals(401, harness.post("/api/auth/login", null,
                Body.of("email", member.email(), "password", PASSWORD)).statusCode());
        // The member's open invitation stopped working, and the address is free again.
        HttpResponse<String> withTheirInvitation = harness.post("/api/auth/register", null,
                AuthHarness.registration(invitation, "friend-" + UUID.randomUUID() + "@example.org", PASSWORD));
        assertEquals(410, withTheirInvitation.statusCode());
        harness.register(harness.invitation(admin, 1), member.email(), PASSWORD);
        // Personal data is gone from the row; the id stays for the invitation tree.
        String row = harness.platform.database().inTerritory(harness.territory, db -> db.get(
                "SELECT concat_ws('|', status, email, display_name, password_hash) AS row FROM auth_accounts WHERE id = ?",
                member.id()).orElseThrow().column("row").get(String.class));
        assertEquals("deleted", row, "email, name and password hash are null");
        assertEquals(404, harness.delete("/api/auth/accounts/" + member.id() + "/sessions", admin.access(), null)
                .statusCode(), "a deleted account has no sessions to end");
        assertEquals(1, harness.json(harness.get("/api/auth/audit?target=" + member.id()
                + "&action=auth.account.deleted", admin.access())).get("items").size(), "the deletion is audited");
        assertEquals(1L, count("SELECT count(*) AS n FROM auth_invitations WHERE inviter_id = ? AND revoked_at IS NOT NULL",
                member.id()), "the open invitation is withdrawn, not only refused for its inviter's sake");
    }

    @Test
    void deletionLeavesNoPendingVerificationOrResetLinkBehind() throws InterruptedException {
        String email = "unverified-" + UUID.randomUUID() + "@example.org";
        UUID unverified = UUID.fromString(harness.register(harness.invitation(admin, 1), email, PASSWORD).get("id").asText());
        assertEquals(1L, count("SELECT count(*) AS n FROM auth_email_verifications WHERE account_id = ?", unverified));
        Member member = harness.member(admin);
        assertEquals(202, harness.post("/api/auth/password/reset-request", null, Body.of("email", member.email()))
                .statusCode());
        assertTrue(harness.auth.awaitBackground(Duration.ofSeconds(10)));
        assertEquals(1L, count("SELECT count(*) AS n FROM auth_password_resets WHERE account_id = ?", member.id()));

        assertEquals(204, harness.delete("/api/auth/account", harness.login(email, PASSWORD).get("accessToken").asText(),
                Body.of("password", PASSWORD)).statusCode());
        assertEquals(204, harness.delete("/api/auth/account", member.access(), Body.of("password", PASSWORD))
                .statusCode());
        assertEquals(0L, count("SELECT count(*) AS n FROM auth_email_verifications WHERE account_id = ?", unverified),
                "a link to the erased address is personal data");
        assertEquals(0L, count("SELECT count(*) AS n FROM auth_password_resets WHERE account_id = ?", member.id()),
                "no reset link outlives the account");
    }

    private static long count(String sql, UUID account) {
        return harness.platform.database().inTerritory(harness.territory, db -> db.get(sql, account).orElseThrow()
                .column("n").get(Long.class));
    }

}
