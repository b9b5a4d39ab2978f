package agora.auth;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import agora.auth.api.AccountSuspensions;
import agora.auth.api.AccountSuspensions.ModerationSuspension;
import agora.platform.core.problem.ProblemException;
import agora.platform.host.testing.ApiResponse;
import agora.platform.host.testing.Eventually;
import agora.platform.host.testing.Member;
import agora.platform.testing.Body;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A territory keeps one active territory admin whatever takes admins away: a moderation decision's
 * suspension, an admin's suspension, the admin deleting their own account (and, in
 * {@link RolesTest}, withdrawing the role). Each refusal changes nothing: no suspension, event,
 * audit record, ended session or mail. Each test starts with exactly one active admin.
 */
class LastTerritoryAdminTest {
    private static AuthHarness harness;
    private static AccountSuspensions moderation;
    /** Every admin made here; before each test all but one active admin are suspended by moderation. */
    /** The admins made on {@link #adminsOf}: the mutation run starts the class again in one JVM. */
    private static final List<Member> ADMINS = new ArrayList<>();
    private static AuthHarness adminsOf;
    private Member last;

    @BeforeAll
    static void start() {
        harness = AuthHarness.shared("QA", Map.of());
        moderation = harness.pod.host().facts(AccountSuspensions.class);
        if (adminsOf != harness) {
            ADMINS.clear();
            adminsOf = harness;
            ADMINS.add(harness.admin());
        }
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @BeforeEach
    void oneActiveAdmin() {
        List<Member> active = ADMINS.stream().filter(admin -> status(admin.id()).equals("active")).toList();
        if (active.isEmpty()) {
            // Only when a check under test failed: a new admin, so the other tests still prove theirs.
            active = List.of(newAdmin());
        }
        // Every other active admin, also those an earlier harness on this territory's schema made.
        for (UUID other : activeAdminIds()) {
            if (!other.equals(active.getFirst().id())) {
                moderation.suspend(harness.territory, new ModerationSuspension(other, UUID.randomUUID(),
                        active.getFirst().id(), Optional.empty(), "Leaves the territory to one admin"));
            }
        }
        last = harness.signedInAgain(active.getFirst());
        assertEquals(1, activeAdmins());
    }

    @Test
    void moderationCannotSuspendTheLastActiveAdminButCanOnceThereIsAnother() {
        int mails = harness.mail.to(last.email()).size();
        UUID decision = UUID.randomUUID();
        ProblemException refused = assertThrows(ProblemException.class, () -> moderation.suspend(harness.territory,
                new ModerationSuspension(last.id(), decision, UUID.randomUUID(), Optional.empty(), "Spam")));
        assertEquals("last-territory-admin", refused.kind().code());
        assertEquals(409, refused.kind().status());
        assertTrue(refused.detail().in(Locale.ENGLISH).contains("make another member territory admin first"),
                refused.detail().in(Locale.ENGLISH));
        unchanged(last, mails);
        assertEquals(200, harness.other(last.access()).statusCode(), "the admin's session still works");

        Member second = newAdmin();
        var suspended = moderation.suspend(harness.territory, new ModerationSuspension(last.id(), decision,
                UUID.randomUUID(), Optional.empty(), "Spam"));
        assertEquals(last.id(), suspended.userId());
        assertEquals("suspended", status(last.id()));
        assertEquals(List.of(second.id()), activeAdminIds());
    }

    @Test
    void theLastActiveAdminCannotDeleteTheirAccountButCanOnceThereIsAnother() {
        int mails = harness.mail.to(last.email()).size();
        JsonNode problem = harness.client(last.access()).send("DELETE", "/api/auth/account",
                Body.of("password", Member.PASSWORD)).problem(409, "last-territory-admin");
        assertTrue(problem.get("detail").asText().contains("make another member territory admin first"),
                problem.toString());
        unchanged(last, mails);
        assertEquals(200, harness.get("/api/auth/me", last.access()).statusCode(), "the session still works");
        assertEquals(0, events(last.id(), "auth.account_deleted"));

        Member second = newAdmin();
        harness.client(last.access()).send("DELETE", "/api/auth/account", Body.of("password", Member.PASSWORD))
                .expect(204);
        assertEquals("deleted", status(last.id()));
        assertEquals(List.of(second.id()), activeAdminIds());
    }

    @Test
    void twoAdminsSuspendingEachOtherAtOnceLeaveOneOfThemActive() throws Exception {
        Member first = last;
        Member second = newAdmin();
        // Both suspensions are held back after their guards, at their first write (the suspension row),
        // until both wait: without the territory's admin lock each would still count the other, and
        // both would commit.
        List<CompletableFuture<ApiResponse>> running = harness.platform.database().inTerritory(harness.territory, db -> {
            db.dml("LOCK TABLE auth_suspensions IN EXCLUSIVE MODE");
            List<CompletableFuture<ApiResponse>> both = List.of(
                    CompletableFuture.supplyAsync(() -> suspend(first, second)),
                    CompletableFuture.supplyAsync(() -> suspend(second, first)));
            Eventually.within(Duration.ofSeconds(10), LastTerritoryAdminTest::suspensionsWaiting, waiting -> waiting == 2);
            return both;
        });
        List<ApiResponse> answers = running.stream().map(CompletableFuture::join).toList();
        List<Integer> statuses = answers.stream().map(ApiResponse::status).sorted().toList();
        assertEquals(List.of(200, 409), statuses,
                "one suspension, never both: " + answers.get(0).body() + " " + answers.get(1).body());
        ApiResponse refusal = answers.stream().filter(answer -> answer.status() == 409).findFirst().orElseThrow();
        refusal.problem(409, "last-territory-admin");
        assertEquals(1, activeAdmins(), "the territory keeps one admin");
        Member kept = activeAdminIds().getFirst().equals(first.id()) ? first : second;
        assertEquals(0, suspensions(kept.id()), "the refused suspension left nothing behind");
        assertEquals(0, audit(kept.id(), "auth.account.suspended"));
    }

    private static ApiResponse suspend(Member admin, Member account) {
        return harness.client(admin.access()).post("/api/auth/accounts/" + account.id() + "/suspend",
                Body.of("reason", "Each suspends the other"));
    }

    private static Member newAdmin() {
        Member admin = harness.admin();
        ADMINS.add(admin);
        return admin;
    }

    /** Nothing happened to the account: active, no suspension, no event, no audit record, no mail. */
    private static void unchanged(Member admin, int mailsBefore) {
        assertEquals("active", status(admin.id()));
        assertEquals(0, suspensions(admin.id()));
        assertEquals(0, events(admin.id(), "auth.account_suspended"));
        assertEquals(0, audit(admin.id(), "auth.account.suspended"));
        assertEquals(0, audit(admin.id(), "auth.account.deleted"));
        assertEquals(mailsBefore, harness.mail.to(admin.email()).size());
        assertEquals(1, activeAdmins());
    }

    /** Suspensions of this test's database waiting for a lock: the suspensions table's or the admins' one. */
    private static long suspensionsWaiting() {
        return harness.platform.database().inTerritory(harness.territory, db -> db.get(
                "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() "
                        + "AND wait_event_type = 'Lock' AND (query LIKE '%auth_suspensions%' "
                        + "OR query LIKE '%territory-admins%')").orElseThrow().column("n").get(Long.class));
    }

    private static String status(UUID account) {
        return harness.platform.database().inTerritory(harness.territory, db -> db.get(
                "SELECT status FROM auth_accounts WHERE id = ?", account).orElseThrow().column("status").get(String.class));
    }

    private static long activeAdmins() {
        return activeAdminIds().size();
    }

    private static List<UUID> activeAdminIds() {
        return harness.platform.database().inTerritory(harness.territory, db -> db.query(
                "SELECT id FROM auth_accounts WHERE status = 'active' AND 'territory-admin' = ANY (roles)")
                .map(row -> row.column("id").get(UUID.class)).toList());
    }

    private static long suspensions(UUID account) {
        return harness.platform.database().inTerritory(harness.territory, db -> db.get(
                "SELECT count(*) AS n FROM auth_suspensions WHERE account_id = ?", account)
                .orElseThrow().column("n").get(Long.class));
    }

    private static long events(UUID account, String type) {
        return harness.events(account, type).size();
    }

    /** Audit records of one action about an account, as an admin reads them. */
    private static int audit(UUID account, String action) {
        Member reader = harness.signedInAgain(ADMINS.stream().filter(admin -> status(admin.id()).equals("active"))
                .findFirst().orElseThrow());
        return harness.json(harness.get("/api/auth/audit?target=" + account + "&action=" + action, reader.access()))
                .get("items").size();
    }
}
