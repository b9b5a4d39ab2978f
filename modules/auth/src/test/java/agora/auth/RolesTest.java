package agora.auth;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import agora.platform.host.testing.ApiResponse;
import agora.platform.host.testing.Member;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Territory admins grant and withdraw roles; another process's role guard (the probe, a second
 * host on the same database and Redis) must follow within a second, with the tokens the member
 * already holds.
 */
class RolesTest {
    private static AuthHarness harness;
    private static Member admin;

    @BeforeAll
    static void start() {
        harness = AuthHarness.shared("SK", Map.of());
        admin = harness.admin();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void aGrantAndAWithdrawalCountAtAnotherProcessesGuardWithinASecond() {
        Member member = enrolled(harness, harness.member(admin));
        assertEquals(403, harness.other(AuthHarness.OTHER_ADMIN_ROUTE, member.access()).statusCode());

        JsonNode granted = put(admin, member.id(), "territory-admin").expect(200).json();
        assertTrue(roles(granted).contains("territory-admin"), granted.toString());
        // The member's token was issued without the role: the other service's guard reads the view.
        AuthHarness.within(Duration.ofSeconds(1), () -> harness.other(AuthHarness.OTHER_ADMIN_ROUTE, member.access()),
                response -> response.statusCode() == 200);
        assertTrue(roles(harness.json(harness.get("/api/auth/me", member.access()))).contains("territory-admin"),
                "the account view lists the role");

        JsonNode withdrawn = delete(admin, member.id(), "territory-admin").expect(200).json();
        assertFalse(roles(withdrawn).contains("territory-admin"), withdrawn.toString());
        HttpResponse<String> refused = AuthHarness.within(Duration.ofSeconds(1),
                () -> harness.other(AuthHarness.OTHER_ADMIN_ROUTE, member.access()),
                response -> response.statusCode() == 403);
        assertEquals("forbidden", harness.json(refused).get("code").asText());
        // A fresh token says the same as the view.
        Member again = harness.signedInAgain(member);
        assertEquals(403, harness.other(AuthHarness.OTHER_ADMIN_ROUTE, again.access()).statusCode());
    }

    @Test
    void grantingOrWithdrawingTwiceAnswersTheSameAndRecordsAndPublishesOnce() {
        Member member = enrolled(harness, harness.member(admin));
        JsonNode first = put(admin, member.id(), "moderator").expect(200).json();
        JsonNode second = put(admin, member.id(), "moderator").expect(200).json();
        assertEquals(first, second, "no change: the same answer");
        assertEquals(List.of("moderator"), roles(second));
        assertEquals(1, count("auth.role_granted", member.id()));
        assertEquals(1, audit(member.id(), "auth.account.role-granted"));
        String event = harness.platform.database().inTerritory(harness.territory, db -> db.get(
                "SELECT data::text AS data FROM auth_outbox WHERE type = 'auth.role_granted' AND aggregate = ?",
                member.id().toString()).orElseThrow().column("data").get(String.class));
        JsonNode data = harness.json(event);
        assertEquals(member.id().toString(), data.get("userId").asText());
        assertEquals("moderator", data.get("role").asText());
        assertEquals(admin.id().toString(), data.get("grantedBy").asText());

        JsonNode removed = delete(admin, member.id(), "moderator").expect(200).json();
        assertEquals(removed, delete(admin, member.id(), "moderator").expect(200).json());
        assertEquals(List.of(), roles(removed));
        assertEquals(1, count("auth.role_revoked", member.id()));
        assertEquals(1, audit(member.id(), "auth.account.role-revoked"));
    }

    @Test
    void aRoleThatNeedsTwoFactorGoesOnlyToAnAccountThatHasItOn() {
        Member member = harness.member(admin);
        JsonNode problem = put(admin, member.id(), "moderator").problem(409, "role-needs-two-factor");
        assertTrue(problem.get("detail").asText().contains("two-factor"), problem.toString());
        assertEquals(List.of(), roles(harness.json(harness.get("/api/auth/accounts/" + member.id(), admin.access()))));
        assertEquals(0, count("auth.role_granted", member.id()));

        Member enrolled = enrolled(harness, member);
        put(admin, enrolled.id(), "moderator").expect(200);
    }

    @Test
    void unknownRolesAndAccountsAreNotFoundAndMembersMayNotGrant() {
        Member member = harness.member(admin);
        JsonNode unknown = put(admin, member.id(), "superuser").problem(404, "role-not-found");
        assertTrue(unknown.get("detail").asText().contains("moderator"), unknown.toString());
        delete(admin, member.id(), "superuser").problem(404, "role-not-found");
        put(admin, UUID.randomUUID(), "moderator").problem(404, "account-not-found");
        delete(admin, UUID.randomUUID(), "moderator").problem(404, "account-not-found");
        harness.client(admin.access()).put("/api/auth/accounts/not-a-uuid/roles/moderator", null)
                .problem(404, "account-not-found");
        put(member, member.id(), "moderator").problem(403, "forbidden");
        delete(member, admin.id(), "territory-admin").problem(403, "forbidden");
    }

    @Test
    void theLastTerritoryAdminKeepsTheRoleEvenWhenTwoAdminsWithdrawEachOthersAtOnce() throws Exception {
        try (AuthHarness alone = AuthHarness.start("MC", Map.of())) {
            // The territory's schema outlives a host within a run: an admin an earlier run left is one no more.
            alone.platform.database().inTerritory(alone.territory, db -> db.dml(
                    "UPDATE auth_accounts SET roles = array_remove(roles, 'territory-admin')"));
            Member first = alone.admin();
            delete(alone, first, first.id(), "territory-admin").problem(409, "last-territory-admin");
            for (int round = 0; round < 3; round++) {
                Member second = alone.admin();
                Member current = first;
                CountDownLatch start = new CountDownLatch(1);
                CompletableFuture<ApiResponse> one = CompletableFuture.supplyAsync(() -> {
                    await(start);
                    return delete(alone, current, second.id(), "territory-admin");
                });
                CompletableFuture<ApiResponse> other = CompletableFuture.supplyAsync(() -> {
                    await(start);
                    return delete(alone, second, current.id(), "territory-admin");
                });
                start.countDown();
                List<Integer> statuses = new ArrayList<>(List.of(one.get().status(), other.get().status()));
                statuses.sort(null);
                // Each guard saw both as admins; the lock lets one withdrawal through and refuses the other.
                assertTrue(statuses.equals(List.of(200, 409)) || statuses.equals(List.of(200, 403)),
                        "one withdrawal, never both: " + statuses + " " + one.get().body() + " " + other.get().body());
                long admins = alone.platform.database().inTerritory(alone.territory, db -> db.get(
                        "SELECT count(*) AS n FROM auth_accounts WHERE status = 'active' "
                                + "AND 'territory-admin' = ANY (roles)").orElseThrow().column("n").get(Long.class));
                assertEquals(1, admins, "the territory keeps exactly one admin");
                // Whoever is left is "first" for the next round.
                if (one.get().status() == 200) {
                    continue;
                }
                first = second;
            }
        }
    }

    /** The member with two-factor sign-in on, signed in with it. */
    static Member enrolled(AuthHarness on, Member member) {
        on.enrol(member.email(), Member.PASSWORD, member.access());
        return on.signedInAgain(member);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static ApiResponse put(Member caller, UUID account, String role) {
        return harness.client(caller.access()).put("/api/auth/accounts/" + account + "/roles/" + role, null);
    }

    private static ApiResponse delete(Member caller, UUID account, String role) {
        return delete(harness, caller, account, role);
    }

    private static ApiResponse delete(AuthHarness on, Member caller, UUID account, String role) {
        return on.client(caller.access()).delete("/api/auth/accounts/" + account + "/roles/" + role);
    }

    private static List<String> roles(JsonNode account) {
        List<String> roles = new ArrayList<>();
        account.get("roles").forEach(role -> roles.add(role.asText()));
        return roles;
    }

    private static long count(String type, UUID account) {
        return harness.platform.database().inTerritory(harness.territory, db -> db.get(
                "SELECT count(*) AS n FROM auth_outbox WHERE type = ? AND aggregate = ?", type, account.toString())
                .orElseThrow().column("n").get(Long.class));
    }

    private static int audit(UUID account, String action) {
        return harness.json(harness.get("/api/auth/audit?target=" + account + "&action=" + action, admin.access()))
                .get("items").size();
    }
}
