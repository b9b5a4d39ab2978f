package agora.auth;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

import agora.auth.api.AccountFacts;
import agora.auth.api.AccountRoles;
import agora.auth.api.AccountStatus;
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
 * What auth answers when a service's authorization view misses (its cache entry expired or the
 * cache was emptied): the account's status, a session's end and the roles, from auth's own tables,
 * in-process and from another process over the internal listener. Anything auth does not know is
 * answered as the safe case: deleted, revoked, no role.
 */
class AccountFactsTest {
    private static AuthHarness harness;
    private static Member admin;

    @BeforeAll
    static void start() {
        harness = AuthHarness.shared("EE", Map.of());
        admin = harness.admin();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void statusFollowsSuspensionReactivationAndDeletionAndAnUnknownAccountIsDeleted() {
        Member member = harness.member(admin);
        for (AccountFacts facts : bothProcesses()) {
            assertEquals(AccountStatus.ACTIVE, facts.status(harness.territory, member.id()));
            assertEquals(AccountStatus.DELETED, facts.status(harness.territory, UUID.randomUUID()));
        }
        harness.post("/api/auth/accounts/" + member.id() + "/suspend", admin.access(), (JsonNode) null);
        for (AccountFacts facts : bothProcesses()) {
            assertEquals(AccountStatus.SUSPENDED, facts.status(harness.territory, member.id()));
        }
        harness.post("/api/auth/accounts/" + member.id() + "/reactivate", admin.access(), (JsonNode) null);
        Member signedIn = harness.signedInAgain(member);
        assertEquals(AccountStatus.ACTIVE, bothProcesses().getFirst().status(harness.territory, member.id()));
        assertEquals(204, harness.delete("/api/auth/account", signedIn.access(), Body.of("password", Member.PASSWORD))
                .statusCode());
        for (AccountFacts facts : bothProcesses()) {
            assertEquals(AccountStatus.DELETED, facts.status(harness.territory, member.id()));
        }
    }

    @Test
    void aSessionIsRevokedOnceItEndsAndAnUnknownOneCountsAsRevoked() {
        Member member = harness.member(admin);
        UUID session = UUID.fromString(member.login().get("sessionId").asText());
        for (AccountFacts facts : bothProcesses()) {
            assertFalse(facts.sessionRevoked(harness.territory, session), "a live session");
            assertTrue(facts.sessionRevoked(harness.territory, UUID.randomUUID()), "one auth never opened");
        }
        assertEquals(204, harness.post("/api/auth/logout", member.access(), (JsonNode) null).statusCode());
        for (AccountFacts facts : bothProcesses()) {
            assertTrue(facts.sessionRevoked(harness.territory, session), "signed out");
        }
    }

    @Test
    void rolesAreTheAccountsAndAnUnknownAccountHasNone() {
        Member member = harness.member(admin);
        for (AccountFacts facts : bothProcesses()) {
            AccountRoles admins = facts.roles(harness.territory, admin.id());
            assertEquals(Set.of("territory-admin"), admins.held());
            assertEquals(Set.of("territory-admin"), admins.secondFactorNeeded(), "an admin's role needs a second factor");
            assertEquals(AccountRoles.NONE, facts.roles(harness.territory, member.id()));
            assertEquals(AccountRoles.NONE, facts.roles(harness.territory, UUID.randomUUID()));
        }
        harness.enrol(member.email(), Member.PASSWORD, member.access());
        harness.client(admin.access()).put("/api/auth/accounts/" + member.id() + "/roles/moderator", null).expect(200);
        for (AccountFacts facts : bothProcesses()) {
            AccountRoles moderator = facts.roles(harness.territory, member.id());
            assertEquals(Set.of("moderator"), moderator.held());
            assertEquals(Set.of("moderator"), moderator.secondFactorNeeded());
        }
    }

    /** Auth's own answers, and another process's, which asks auth over the internal listener. */
    private static java.util.List<AccountFacts> bothProcesses() {
        return java.util.List.of(harness.pod.host().facts(AccountFacts.class),
                harness.otherProcess.host().facts(AccountFacts.class));
    }
}
