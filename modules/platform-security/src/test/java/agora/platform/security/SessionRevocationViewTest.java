package agora.platform.security;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import agora.platform.contract.TerritoryCode;
import agora.platform.security.authz.AuthorizationView;
import agora.platform.state.InProcessState;
import agora.platform.testing.TestClock;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A revoked session stays revoked in the authorization view: one revoked at its owner (auth) is
 * refused on the view's first miss and remembered, and a sign-out everywhere revokes every session
 * it names and no other. Found by mutation testing: the answer of a miss, and the bulk revocation,
 * could be dropped without any other test of this module failing.
 */
class SessionRevocationViewTest {
    private static final TerritoryCode DK = TerritoryCode.of("DK");

    private final TestClock clock = new TestClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final FakeOwners owners = new FakeOwners();
    private final AuthorizationView view = new AuthorizationView(new InProcessState(clock).cache("authz"), owners, owners,
            Duration.ofMinutes(10), Duration.ofMinutes(15));

    @Test
    void aSessionRevokedAtItsOwnerIsRefusedOnTheFirstMissAndRemembered() {
        UUID session = UUID.randomUUID();
        owners.revokedSessions.add(session);

        assertTrue(view.sessionRevoked(DK, session));
        assertTrue(view.sessionRevoked(DK, session));
        assertTrue(view.standing(DK, UUID.randomUUID(), session).sessionRevoked());
        assertEquals(1, owners.sessionLoads.get(), "the owner is asked once");
    }

    @Test
    void signingOutEverywhereRevokesEachSessionNamedAndNoOther() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID other = UUID.randomUUID();

        view.revokeSessions(DK, List.of(first, second));

        assertTrue(view.sessionRevoked(DK, first));
        assertTrue(view.standing(DK, UUID.randomUUID(), second).sessionRevoked());
        assertEquals(0, owners.sessionLoads.get(), "the view knows without asking");
        assertFalse(view.sessionRevoked(DK, other));
    }
}
