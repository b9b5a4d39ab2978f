package agora.auth;

import java.util.List;
import java.util.Map;

import agora.platform.contract.TerritoryCode;
import agora.platform.host.testing.Member;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The start-up log's "First admin" line tells a newcomer how to make a territory's first admin, and
 * stops telling it once the territory has one: a restarted pod in use must not suggest a bootstrap
 * invitation (the line is {@link FirstAdminHint}, read against the territory's real accounts).
 */
class FirstAdminHintTest {

    @Test
    void theLineSuggestsABootstrapInvitationOnlyWhileATerritoryHasNoActiveAdmin() {
        try (AuthHarness harness = AuthHarness.start("RO", Map.of())) {
            FirstAdminHint hint = new FirstAdminHint(harness.platform.database(), () -> List.of(harness.territory));
            String before = hint.describe();
            assertEquals("RO has no territory admin yet: ./agora bootstrap-admin --territory RO prints a one-time "
                    + "invitation; register with it at POST /api/auth/register.", before);

            Member admin = harness.admin();
            String after = hint.describe();
            assertFalse(after.contains("bootstrap-admin"), after);
            assertEquals("every territory here has a territory admin (RO)", after);

            harness.post("/api/auth/accounts/" + admin.id() + "/suspend", harness.admin().access(),
                    (com.fasterxml.jackson.databind.JsonNode) null);
            assertEquals("every territory here has a territory admin (RO)", hint.describe(), "another admin is active");
            assertTrue(new FirstAdminHint(harness.platform.database(), List::of).describe().contains("no territory"));
            assertTrue(new FirstAdminHint(harness.platform.database(),
                    () -> List.of(harness.territory, TerritoryCode.of("AQ"))).describe().contains("<CODE>"),
                    "a territory that cannot be read gets the general advice, and the start goes on");
            // The territory's schema outlives the harness in this JVM's database, where the mutation
            // run starts this test again: it must find the territory without an admin once more.
            harness.platform.database().runInTerritory(harness.territory, db ->
                    db.dml("UPDATE auth_accounts SET roles = array_remove(roles, 'territory-admin')"));
        }
    }
}
