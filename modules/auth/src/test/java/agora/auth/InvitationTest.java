package agora.auth;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Who may invite, quotas, reading and withdrawing invitations, the public check, the tree, the bootstrap. */
class InvitationTest {
    private static final String PASSWORD = Member.PASSWORD;
    private static AuthHarness harness;
    private static Member admin;

    @BeforeAll
    static void start() {
        harness = AuthHarness.shared("AT", Map.of("agora.auth.invitations.member-quota", "3"));
        admin = harness.admin();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void anAdminInvitesWithARoleAndTheInviteeGetsIt() {
        HttpResponse<String> created = harness.post("/api/auth/invitations", admin.access(),
                Body.of("maxUses", 1, "role", "moderator", "note", "for Bo"));
        assertEquals(201, created.statusCode(), created.body());
        JsonNode invitation = harness.json(created);
        assertEquals("moderator", invitation.get("role").asText());
        assertEquals("open", invitation.get("state").asText());
        assertEquals("/api/auth/invitations/" + invitation.get("id").asText(),
                created.headers().firstValue("Location").orElseThrow());
        assertTrue(invitation.get("token").asText().length() >= 22, "at least 128 bits");
        JsonNode read = harness.json(harness.get(created.headers().firstValue("Location").orElseThrow(), admin.access()));
        for (String time : java.util.List.of("expiresAt", "createdAt")) {
            assertEquals(read.get(time).asText(), invitation.get(time).asText(), "the creation's answer reads as later ones");
        }
        JsonNode audited = harness.audited(admin, UUID.fromString(invitation.get("id").asText()), "auth.invitation.created");
        assertEquals(1, audited.size());
        assertEquals("moderator", audited.get(0).get("details").get("role").asText());
        assertEquals("1", audited.get(0).get("details").get("maxUses").asText());
        String email = "mod-" + UUID.randomUUID() + "@example.org";
        JsonNode account = harness.register(invitation.get("token").asText(), email, PASSWORD);
        assertEquals("moderator", account.get("roles").get(0).asText());
    }

    @Test
    void aMemberNeedsAVerifiedAddressThePermissionAndStaysWithinTheQuota() {
        String email = "unverified-" + UUID.randomUUID() + "@example.org";
        harness.register(harness.invitation(admin, 1), email, PASSWORD);
        String unverified = harness.login(email, PASSWORD).get("accessToken").asText();
        HttpResponse<String> refused = harness.post("/api/auth/invitations", unverified, Body.of());
        assertEquals(403, refused.statusCode());
        assertEquals("email-unverified", harness.json(refused).get("code").asText());

        Member member = harness.member(admin);
        HttpResponse<String> noPermission = harness.post("/api/auth/invitations", member.access(), Body.of());
        assertEquals(403, noPermission.statusCode());
        assertEquals("missing-permission", harness.json(noPermission).get("code").asText());

        // A badge grants auth.invite (here written to the shared view as the badge consumer would).
        harness.otherSecurity.view().grant(harness.territory, member.id(), AuthPermissions.INVITE);
        HttpResponse<String> withRole = harness.post("/api/auth/invitations", member.access(), Body.of("role", "moderator"));
        assertEquals(403, withRole.statusCode());
        assertEquals("role-not-allowed", harness.json(withRole).get("code").asText());
        HttpResponse<String> two = harness.post("/api/auth/invitations", member.access(), Body.of("maxUses", 2));
        assertEquals(201, two.statusCode(), two.body());
        HttpResponse<String> overQuota = harness.post("/api/auth/invitations", member.access(), Body.of("maxUses", 2));
        assertEquals(403, overQuota.statusCode());
        assertEquals("invitation-quota-exceeded", harness.json(overQuota).get("code").asText());
        assertEquals(201, harness.post("/api/auth/invitations", member.access(), Body.of("maxUses", 1)).statusCode());
        // Withdrawing one frees its open uses.
        String first = harness.json(two).get("id").asText();
        assertEquals(204, harness.delete("/api/auth/invitations/" + first, member.access(), null).statusCode());
        assertEquals(201, harness.post("/api/auth/invitations", member.access(), Body.of("maxUses", 2)).statusCode());
        assertEquals(204, harness.delete("/api/auth/invitations/" + first, member.access(), null).statusCode(),
                "withdrawing it again changes nothing");
        assertEquals(1, harness.audited(admin, UUID.fromString(first), "auth.invitation.revoked").size());
    }

    @Test
    void invalidRequestsAreRefusedWithEveryFieldNamed() {
        HttpResponse<String> response = harness.post("/api/auth/invitations", admin.access(),
                Body.of("maxUses", 0, "expiresAt", "yesterday", "role", "king", "note", "n".repeat(501)));
        assertEquals(422, response.statusCode());
        List<String> pointers = new ArrayList<>();
        harness.json(response).get("errors").forEach(error -> pointers.add(error.get("pointer").asText()));
        assertEquals(List.of("/maxUses", "/expiresAt", "/note", "/role"), pointers);
        String tooFar = harness.clock.instant().plus(Duration.ofDays(91)).toString();
        assertEquals(422, harness.post("/api/auth/invitations", admin.access(), Body.of("expiresAt", tooFar))
                .statusCode());
        String past = harness.clock.instant().minus(Duration.ofMinutes(1)).toString();
        assertEquals(422, harness.post("/api/auth/invitations", admin.access(), Body.of("expiresAt", past))
                .statusCode());
        assertEquals(401, harness.post("/api/auth/invitations", null, Body.of()).statusCode());
    }

    @Test
    void anInviterReadsTheirInvitationsWithTheUsageAuditAndOthersCannot() {
        Member inviter = harness.member(admin);
        harness.otherSecurity.view().grant(harness.territory, inviter.id(), AuthPermissions.INVITE);
        JsonNode invitation = harness.json(harness.post("/api/auth/invitations", inviter.access(), Body.of("maxUses", 2)));
        String id = invitation.get("id").asText();
        JsonNode friend = harness.register(invitation.get("token").asText(), "friend-" + UUID.randomUUID() + "@example.org",
                PASSWORD);

        JsonNode read = harness.json(harness.get("/api/auth/invitations/" + id, inviter.access()));
        assertEquals(1, read.get("uses").asInt());
        assertEquals(friend.get("id").asText(), read.get("usedBy").get(0).get("accountId").asText());
        assertEquals(invitation.get("token").asText(), read.get("token").asText(), "the inviter can share the link again");
        assertEquals(200, harness.get("/api/auth/invitations/" + id, admin.access()).statusCode(), "admins see all");
        Member stranger = harness.member(admin);
        assertEquals(404, harness.get("/api/auth/invitations/" + id, stranger.access()).statusCode());
        assertEquals(404, harness.delete("/api/auth/invitations/" + id, stranger.access(), null).statusCode());

        JsonNode mine = harness.json(harness.get("/api/auth/invitations?limit=1", inviter.access()));
        assertEquals(1, mine.get("items").size());
        assertEquals(id, mine.get("items").get(0).get("id").asText());
        assertTrue(mine.get("next").isNull());
        String newer = harness.json(harness.post("/api/auth/invitations", inviter.access(), Body.of("maxUses", 1)))
                .get("id").asText();
        JsonNode page = harness.json(harness.get("/api/auth/invitations?limit=1", inviter.access()));
        assertEquals(newer, page.get("items").get(0).get("id").asText(), "newest first");
        JsonNode next = harness.json(harness.get("/api/auth/invitations?limit=1&cursor=" + page.get("next").asText(),
                inviter.access()));
        assertEquals(id, next.get("items").get(0).get("id").asText());
        assertEquals("invitation-not-found", harness.json(harness.get("/api/auth/invitations/" + UUID.randomUUID(),
                admin.access())).get("code").asText());
        assertEquals(404, harness.get("/api/auth/invitations/not-a-uuid", admin.access()).statusCode());
    }

    @Test
    void aSignupPageChecksATokenWithoutSigningIn() {
        String token = harness.invitation(admin, 3);
        HttpResponse<String> valid = harness.post("/api/auth/invitations/validate", null, Body.of("token", token));
        assertEquals(200, valid.statusCode(), valid.body());
        assertEquals(3, harness.json(valid).get("remainingUses").asInt());
        harness.register(token, "first-" + UUID.randomUUID() + "@example.org", PASSWORD);
        assertEquals(2, harness.json(harness.post("/api/auth/invitations/validate", null, Body.of("token", token)))
                .get("remainingUses").asInt());
        // Whoever holds the link learns who sent it (a display name, which every member sees anyway), never an id.
        String inviter = harness.json(harness.get("/api/auth/me", admin.access())).get("displayName").asText();
        assertEquals(inviter, harness.json(valid).get("inviter").asText());
        assertFalse(valid.body().contains(admin.id().toString()), valid.body());
        HttpResponse<String> unknown = harness.post("/api/auth/invitations/validate", null,
                Body.of("token", Secrets.token(32)));
        assertEquals(404, unknown.statusCode());
        assertEquals(422, harness.post("/api/auth/invitations/validate", null, Body.of("token", "no spaces")).statusCode());
    }

    @Test
    void aRetriedCreationWithTheSameKeyCreatesOnceAndDoesNotReplayTheToken() {
        String key = UUID.randomUUID().toString();
        HttpResponse<String> first = harness.post("/api/auth/invitations", admin.access(), Body.of("maxUses", 4),
                "Idempotency-Key", key);
        HttpResponse<String> replay = harness.post("/api/auth/invitations", admin.access(), Body.of("maxUses", 4),
                "Idempotency-Key", key);
        assertEquals(201, replay.statusCode());
        assertEquals("true", replay.headers().firstValue("Idempotency-Replayed").orElseThrow());
        assertEquals(harness.json(first).get("id"), harness.json(replay).get("id"));
        assertTrue(harness.json(replay).get("token").isNull(), replay.body());
        String token = harness.json(first).get("token").asText();
        assertEquals(token, harness.json(harness.get("/api/auth/invitations/" + harness.json(first).get("id").asText(),
                admin.access())).get("token").asText());
    }

    @Test
    void territoryAdminsSeeWhoInvitedWhom() {
        Member inviter = harness.member(admin);
        harness.otherSecurity.view().grant(harness.territory, inviter.id(), AuthPermissions.INVITE);
        JsonNode child = harness.register(harness.invitation(inviter, 1), "child-" + UUID.randomUUID() + "@example.org",
                PASSWORD);
        HttpResponse<String> tree = harness.get("/api/auth/invitation-tree?root=" + admin.id() + "&depth=2",
                admin.access());
        assertEquals(200, tree.statusCode(), tree.body());
        JsonNode root = harness.json(tree).get("roots").get(0);
        assertEquals(admin.id().toString(), root.get("id").asText());
        JsonNode inviterNode = null;
        for (JsonNode node : root.get("invited")) {
            if (node.get("id").asText().equals(inviter.id().toString())) {
                inviterNode = node;
            }
        }
        assertTrue(inviterNode != null, "the admin's invitee is under the admin");
        assertEquals(child.get("id").asText(), inviterNode.get("invited").get(0).get("id").asText());
        assertEquals(403, harness.get("/api/auth/invitation-tree", inviter.access()).statusCode());
        assertEquals(List.of("territory-admin"), texts(root.get("roles")));
        assertEquals(List.of(), texts(inviterNode.get("roles")), "a member holds no role");
        assertEquals(422, harness.get("/api/auth/invitation-tree?depth=99", admin.access()).statusCode());
        assertEquals(422, harness.get("/api/auth/invitation-tree?depth=" + (Invitations.MAX_TREE_DEPTH + 1),
                admin.access()).statusCode());
        assertEquals(422, harness.get("/api/auth/invitation-tree?depth=-1", admin.access()).statusCode());
        assertEquals(200, harness.get("/api/auth/invitation-tree?depth=" + Invitations.MAX_TREE_DEPTH, admin.access())
                .statusCode());
        JsonNode flat = harness.json(harness.get("/api/auth/invitation-tree?root=" + admin.id() + "&depth=0",
                admin.access()));
        assertEquals(0, flat.get("roots").get(0).get("invited").size(), "depth 0 is the root alone");
        assertFalse(flat.get("truncated").asBoolean());
        JsonNode all = harness.json(harness.get("/api/auth/invitation-tree", admin.access()));
        assertTrue(all.get("roots").size() >= 1, "bootstrap admins are the roots");
    }

    @Test
    void anInvitationStopsWorkingWhileItsInviterIsSuspended() {
        Member inviter = harness.member(admin);
        harness.otherSecurity.view().grant(harness.territory, inviter.id(), AuthPermissions.INVITE);
        String token = harness.invitation(inviter, 2);
        assertEquals(200, harness.post("/api/auth/invitations/validate", null, Body.of("token", token)).statusCode());
        harness.post("/api/auth/accounts/" + inviter.id() + "/suspend", admin.access(), Body.of("reason", "spam"));

        assertEquals(410, harness.post("/api/auth/invitations/validate", null, Body.of("token", token)).statusCode());
        HttpResponse<String> registered = harness.post("/api/auth/register", null,
                AuthHarness.registration(token, "late-" + UUID.randomUUID() + "@example.org", PASSWORD));
        assertEquals(410, registered.statusCode(), registered.body());

        harness.post("/api/auth/accounts/" + inviter.id() + "/reactivate", admin.access(), (JsonNode) null);
        assertEquals(200, harness.post("/api/auth/invitations/validate", null, Body.of("token", token)).statusCode(),
                "it works again with its inviter");
    }

    @Test
    void anAdminWithoutTwoFactorIsToldToEnrolBeforeInviting() {
        String email = "new-admin-" + UUID.randomUUID() + "@example.org";
        String token = harness.json(harness.post("/api/auth/invitations", admin.access(),
                Body.of("maxUses", 1, "role", "territory-admin"))).get("token").asText();
        harness.register(token, email, PASSWORD);
        harness.verify(email);
        String access = harness.login(email, PASSWORD).get("accessToken").asText();
        for (JsonNode body : List.of(Body.of("maxUses", 1), Body.of("maxUses", 1, "role", "moderator"))) {
            HttpResponse<String> refused = harness.post("/api/auth/invitations", access, body);
            assertEquals(403, refused.statusCode(), refused.body());
            assertEquals("two-factor-enrolment-required", harness.json(refused).get("code").asText());
        }
    }

    @Test
    void anInvitationsUsesNoteAndExpiryHaveTheirBoundsAndDefaults() {
        HttpResponse<String> most = harness.post("/api/auth/invitations", admin.access(),
                Body.of("maxUses", Invitations.MAX_USES, "note", "n".repeat(Invitations.MAX_NOTE)));
        assertEquals(201, most.statusCode(), most.body());
        java.time.Instant expires = java.time.Instant.parse(harness.json(most).get("expiresAt").asText());
        assertTrue(Math.abs(Duration.between(harness.clock.instant().plus(Invitations.DEFAULT_LIFETIME), expires)
                .toMillis()) < 1000, "a week unless asked: " + expires);
        assertEquals(422, harness.post("/api/auth/invitations", admin.access(),
                Body.of("maxUses", Invitations.MAX_USES + 1)).statusCode());
        assertEquals(422, harness.post("/api/auth/invitations", admin.access(),
                Body.of("note", "n".repeat(Invitations.MAX_NOTE + 1))).statusCode());
        JsonNode blank = harness.json(harness.post("/api/auth/invitations", admin.access(), Body.of("note", "   ")));
        assertTrue(blank.path("note").isNull() || blank.path("note").isMissingNode(), blank.toString());
        assertEquals(1, blank.get("maxUses").asInt(), "one use unless asked");
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    @Test
    void theBootstrapInvitationIsOnlyOnTheOperatorListenerAndMakesATerritoryAdmin() {
        HttpResponse<String> onApi = harness.post("/operator/auth/territories/AT/bootstrap-invitation", null, (JsonNode) null);
        assertEquals(404, onApi.statusCode());
        String bootstrap = harness.bootstrapInvitation();
        JsonNode account = harness.register(bootstrap, "boot-" + UUID.randomUUID() + "@example.org", PASSWORD);
        assertEquals("territory-admin", account.get("roles").get(0).asText());
        assertTrue(account.get("invitedBy").isNull());
        String used = harness.audited(admin, UUID.fromString(account.get("id").asText()), "auth.account.registered")
                .get(0).get("details").get("invitation").asText();
        JsonNode audited = harness.audited(admin, UUID.fromString(used), "auth.invitation.bootstrap");
        assertEquals(1, audited.size(), "the operator's invitation is audited as the bootstrap: " + audited);
        assertTrue(audited.get(0).path("actor").isNull() || audited.get(0).path("actor").isMissingNode(), "by no account");
        assertEquals("territory-admin", audited.get(0).get("details").get("role").asText());
        // One use: nobody else becomes an admin with it.
        harness.client(null).post("/api/auth/invitations/validate", Body.of("token", bootstrap))
                .problem(409, "invitation-exhausted");
        harness.pod.operator().post("/operator/auth/territories/XX/bootstrap-invitation", null)
                .problem(404, "unknown-territory");
    }
}
