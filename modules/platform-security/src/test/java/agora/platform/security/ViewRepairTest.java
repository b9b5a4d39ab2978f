package agora.platform.security;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import agora.auth.api.AccountRoles;
import agora.auth.api.AccountStatus;
import agora.platform.contract.Permission;
import agora.platform.contract.TerritoryCode;
import agora.platform.security.authz.AuthorizationView;
import agora.platform.state.Cache;
import agora.platform.state.InProcessState;
import agora.platform.state.StateUnavailableException;
import agora.platform.testing.TestClock;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A write to the authorization view that fails while the cache is away (a suspension, a sign-out
 * everywhere) must not leave the cache holding what was true before once it answers again: the
 * view's repair deletes those entries, so the next check asks the owner, who committed the change;
 * and only those entries, so a later write that succeeded is not thrown away. Found by mutation
 * testing: repair's deletion, and the keys a failed bulk revocation leaves to it, were unguarded in
 * this module (auth's {@code RevocationOutageTest} proves the whole path against a real Redis).
 */
class ViewRepairTest {
    private static final TerritoryCode DK = TerritoryCode.of("DK");
    private static final Duration TTL = Duration.ofMinutes(10);

    private final TestClock clock = new TestClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final OutageCache cache = new OutageCache(new InProcessState(clock).cache("authz"));
    private final FakeOwners owners = new FakeOwners();
    private final AuthorizationView view = new AuthorizationView(cache, owners, owners, TTL, Duration.ofMinutes(15));
    private final UUID user = UUID.randomUUID();

    @Test
    void aSuspensionTheCacheMissedIsSeenOnceRepairHasRunAndTheOwnerIsAskedOnce() {
        assertEquals(AccountStatus.ACTIVE, view.status(DK, user));
        owners.statuses.put(user, AccountStatus.SUSPENDED);
        cache.down = true;
        assertThrows(StateUnavailableException.class, () -> view.setStatus(DK, user, AccountStatus.SUSPENDED));
        cache.down = false;
        assertEquals(AccountStatus.ACTIVE, view.status(DK, user), "the stale entry, until repaired");

        view.repair();
        assertEquals(AccountStatus.SUSPENDED, view.status(DK, user));
        int loads = owners.statusLoads.get();
        view.repair();
        assertEquals(AccountStatus.SUSPENDED, view.status(DK, user));
        assertEquals(loads, owners.statusLoads.get(), "a repaired key is repaired once, not at every pass");
    }

    @Test
    void aWriteThatSucceedsAfterAnOutageIsKeptByRepair() {
        owners.statuses.put(user, AccountStatus.SUSPENDED);
        cache.down = true;
        assertThrows(StateUnavailableException.class, () -> view.setStatus(DK, user, AccountStatus.SUSPENDED));
        cache.down = false;
        // The event is applied again once the cache answers.
        view.setStatus(DK, user, AccountStatus.SUSPENDED);
        view.repair();
        assertEquals(AccountStatus.SUSPENDED, view.status(DK, user));
        assertEquals(0, owners.statusLoads.get(), "the entry written last stays: no owner is asked");
    }

    @Test
    void aSignOutEverywhereThatFailedRevokesEverySessionItNamedOnceRepaired() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID third = UUID.randomUUID();
        for (UUID session : List.of(first, second, third)) {
            assertFalse(view.sessionRevoked(DK, session));
            owners.revokedSessions.add(session);
        }
        cache.failAfterWrites = 1;
        assertThrows(StateUnavailableException.class, () -> view.revokeSessions(DK, List.of(first, second, third)));
        cache.failAfterWrites = -1;
        cache.down = false;
        assertTrue(view.sessionRevoked(DK, first), "written before the failure");
        assertFalse(view.sessionRevoked(DK, third), "the stale entry, until repaired");

        view.repair();
        assertTrue(view.sessionRevoked(DK, second));
        assertTrue(view.sessionRevoked(DK, third));
        assertTrue(view.standing(DK, user, second).sessionRevoked());
    }

    @Test
    void aForgottenAccountThatTheCacheMissedIsForgottenOnceRepaired() {
        owners.statuses.put(user, AccountStatus.SUSPENDED);
        view.setStatus(DK, user, AccountStatus.ACTIVE);
        view.grant(DK, user, new Permission("forum.post"));
        view.setRoles(DK, user, new AccountRoles(Set.of("moderator"), Set.of()));
        cache.down = true;
        assertThrows(StateUnavailableException.class, () -> view.invalidate(DK, user));
        cache.down = false;
        int loads = owners.permissionLoads.get();

        view.repair();
        assertEquals(AccountStatus.SUSPENDED, view.status(DK, user));
        assertFalse(view.permitted(DK, user, new Permission("forum.post")), "the permissions entry was forgotten too");
        assertEquals(AccountRoles.NONE, view.roles(DK, user), "and the roles entry");
        assertEquals(loads + 1, owners.permissionLoads.get(), "the owner was asked");
    }

    @Test
    void aViewNeedsPositiveLifetimes() {
        InProcessState state = new InProcessState(clock);
        for (Duration bad : List.of(Duration.ZERO, Duration.ofSeconds(-1))) {
            assertThrows(IllegalArgumentException.class,
                    () -> new AuthorizationView(state.cache("a"), owners, owners, bad, TTL));
            assertThrows(IllegalArgumentException.class,
                    () -> new AuthorizationView(state.cache("b"), owners, owners, TTL, bad));
        }
        new AuthorizationView(state.cache("c"), owners, owners, Duration.ofNanos(1), Duration.ofNanos(1));
    }

    /** The in-process cache, unreachable while {@code down} or after a number of writes. */
    private static final class OutageCache implements Cache {
        private final Cache delegate;
        volatile boolean down;
        /** Writes that still succeed before every call fails; negative: no such limit. */
        volatile int failAfterWrites = -1;

        OutageCache(Cache delegate) {
            this.delegate = delegate;
        }

        @Override
        public Optional<byte[]> get(String key) {
            check(false);
            return delegate.get(key);
        }

        @Override
        public void put(String key, byte[] value, Duration ttl) {
            check(true);
            delegate.put(key, value, ttl);
        }

        @Override
        public boolean putIfAbsent(String key, byte[] value, Duration ttl) {
            check(true);
            return delegate.putIfAbsent(key, value, ttl);
        }

        @Override
        public void delete(String key) {
            check(true);
            delegate.delete(key);
        }

        private void check(boolean write) {
            if (write && failAfterWrites == 0) {
                down = true;
            }
            if (down) {
                throw new StateUnavailableException(new IOException("connection refused"));
            }
            if (write && failAfterWrites > 0) {
                failAfterWrites--;
            }
        }
    }
}
