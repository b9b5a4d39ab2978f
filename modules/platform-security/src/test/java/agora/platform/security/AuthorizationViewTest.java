package agora.platform.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import agora.auth.api.AccountFacts;
import agora.auth.api.AccountRoles;
import agora.auth.api.AccountStatus;
import agora.platform.contract.Permission;
import agora.platform.contract.TerritoryCode;
import agora.platform.security.authz.AuthorizationView;
import agora.platform.state.Cache;
import agora.platform.state.InProcessState;
import agora.platform.testing.TestClock;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The authorization view against the cache interface, with the in-process implementation. */
class AuthorizationViewTest {
    private static final TerritoryCode DK = TerritoryCode.of("DK");
    private static final TerritoryCode SE = TerritoryCode.of("SE");
    private static final Duration TTL = Duration.ofMinutes(10);
    private static final Duration RETENTION = Duration.ofMinutes(15);

    private final TestClock clock = new TestClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final InProcessState state = new InProcessState(clock);
    private final CountingCache cache = new CountingCache(state.cache("authz"));
    private final FakeOwners owners = new FakeOwners();
    private final AuthorizationView view = new AuthorizationView(cache, owners, owners, TTL, RETENTION);
    private final UUID user = UUID.randomUUID();

    @Test
    void eachCheckIsOneCacheReadAndAHitAsksNoOwner() {
        owners.permissions.put(user, Set.of("forum.post"));
        view.status(DK, user);
        view.sessionRevoked(DK, UUID.randomUUID());
        view.permitted(DK, user, new Permission("forum.post"));
        int loads = owners.statusLoads.get() + owners.permissionLoads.get();
        UUID session = UUID.randomUUID();
        view.sessionRevoked(DK, session);
        int reads = cache.reads.get();
        assertEquals(AccountStatus.ACTIVE, view.status(DK, user));
        assertEquals(reads + 1, cache.reads.get());
        assertTrue(view.permitted(DK, user, new Permission("forum.post")));
        assertEquals(reads + 2, cache.reads.get());
        assertFalse(view.sessionRevoked(DK, session));
        assertEquals(reads + 3, cache.reads.get());
        assertEquals(loads, owners.statusLoads.get() + owners.permissionLoads.get());
    }

    @Test
    void territoriesAreKeptApart() {
        view.grant(DK, user, new Permission("forum.post"));
        view.setStatus(SE, user, AccountStatus.SUSPENDED);
        assertTrue(view.permitted(DK, user, new Permission("forum.post")));
        assertFalse(view.permitted(SE, user, new Permission("forum.post")));
        assertEquals(AccountStatus.ACTIVE, view.status(DK, user));
        assertEquals(AccountStatus.SUSPENDED, view.status(SE, user));
    }

    @Test
    void aGrantToAnUnknownEntryStartsFromTheOwnersAnswer() {
        owners.permissions.put(user, Set.of("forum.read"));
        view.grant(DK, user, new Permission("forum.post"));
        assertEquals(Set.of("forum.read", "forum.post"), names(view.permissions(DK, user)));
        view.revoke(DK, user, new Permission("forum.read"));
        assertEquals(Set.of("forum.post"), names(view.permissions(DK, user)));
        assertEquals(1, owners.permissionLoads.get());
    }

    @Test
    void anEventWrittenDuringASlowMissIsNotOverwritten() {
        AtomicInteger calls = new AtomicInteger();
        AccountFacts slowAuth = new AccountFacts() {
            @Override
            public AccountStatus status(TerritoryCode territory, UUID account) {
                calls.incrementAndGet();
                // While auth answers from its table, the suspension event lands in the view.
                new AuthorizationView(cache, owners, owners, TTL, RETENTION)
                        .setStatus(territory, account, AccountStatus.SUSPENDED);
                return AccountStatus.ACTIVE;
            }

            @Override
            public boolean sessionRevoked(TerritoryCode territory, UUID session) {
                return false;
            }

            @Override
            public AccountRoles roles(TerritoryCode territory, UUID account) {
                return AccountRoles.NONE;
            }
        };
        AuthorizationView racing = new AuthorizationView(cache, slowAuth, owners, TTL, RETENTION);
        racing.status(DK, user);
        assertEquals(AccountStatus.SUSPENDED, racing.status(DK, user));
        assertEquals(1, calls.get());
    }

    @Test
    void entriesExpireAndAreReloadedFromTheOwner() {
        view.setStatus(DK, user, AccountStatus.SUSPENDED);
        clock.advance(TTL.minusSeconds(1));
        assertEquals(AccountStatus.SUSPENDED, view.status(DK, user));
        clock.advance(Duration.ofSeconds(2));
        assertEquals(AccountStatus.ACTIVE, view.status(DK, user));
        assertEquals(1, owners.statusLoads.get());
    }

    @Test
    void aRevokedSessionOutlivesTheTtlUntilNoTokenCanCarryIt() {
        UUID session = UUID.randomUUID();
        assertFalse(view.sessionRevoked(DK, session));
        view.revokeSession(DK, session);
        assertTrue(view.sessionRevoked(DK, session));
        clock.advance(TTL.plusMinutes(2));
        assertTrue(view.sessionRevoked(DK, session));
        clock.advance(RETENTION.minus(TTL));
        // Past the retention no token of the session is alive; the owner answers again.
        assertFalse(view.sessionRevoked(DK, session));
    }

    @Test
    void invalidateForgetsStatusRolesAndPermissionsButNotRevokedSessions() {
        UUID session = UUID.randomUUID();
        view.grant(DK, user, new Permission("forum.post"));
        view.setStatus(DK, user, AccountStatus.SUSPENDED);
        view.setRoles(DK, user, new AccountRoles(Set.of("territory-admin"), Set.of()));
        view.revokeSession(DK, session);
        view.invalidate(DK, user);
        assertEquals(AccountStatus.ACTIVE, view.status(DK, user));
        assertFalse(view.permitted(DK, user, new Permission("forum.post")));
        assertEquals(AccountRoles.NONE, view.roles(DK, user), "a withdrawn role is not kept by the view");
        assertTrue(view.sessionRevoked(DK, session));
    }

    @Test
    void anEntryThisVersionCannotReadIsReplaced() {
        cache.putString("status:dk:" + user, "frozen", TTL);
        cache.putString("permissions:dk:" + user, "v9|forum.post", TTL);
        // A roles entry of another format is not read as roles (here it would grant one).
        cache.putString("roles:dk:" + user, "r9\nterritory-admin", TTL);
        owners.statuses.put(user, AccountStatus.SUSPENDED);
        owners.permissions.put(user, Set.of("forum.read"));
        assertEquals(AccountStatus.SUSPENDED, view.status(DK, user));
        assertEquals(Set.of("forum.read"), names(view.permissions(DK, user)));
        assertEquals(AccountRoles.NONE, view.roles(DK, user));
        assertEquals(Optional.of("suspended"), cache.getString("status:dk:" + user));
        assertEquals(Optional.of("r1"), cache.getString("roles:dk:" + user));
    }

    @Test
    void rolesAreOneCacheEntryWithTheRolesThatNeedASecondFactorMarked() {
        owners.roles.put(user, new AccountRoles(Set.of("moderator", "territory-admin"), Set.of("territory-admin")));
        assertEquals(owners.roles.get(user), view.roles(DK, user));
        assertEquals(Optional.of("r1\nmoderator\nterritory-admin+otp"), cache.getString("roles:dk:" + user));
        assertEquals(Set.of("moderator"), view.roles(DK, user).usable(false));
        assertEquals(Set.of("territory-admin"), view.roles(DK, user).withheld(false));
        assertEquals(1, owners.roleLoads.get());

        view.setRoles(DK, user, AccountRoles.NONE);
        assertEquals(AccountRoles.NONE, view.roles(DK, user));
        assertEquals(AccountRoles.NONE, view.standing(DK, user, UUID.randomUUID()).roles());
        assertEquals(1, owners.roleLoads.get(), "an empty set of roles is an entry too");
        // A line that is no role name is skipped, not trusted.
        cache.putString("roles:dk:" + user, "r1\nmoderator\nBad Role+otp", TTL);
        assertEquals(new AccountRoles(Set.of("moderator"), Set.of()), view.roles(DK, user));
    }

    @Test
    void noPermissionsIsAnEntryToo() {
        assertEquals(Set.of(), names(view.permissions(DK, user)));
        assertEquals(Set.of(), names(view.permissions(DK, user)));
        assertEquals(1, owners.permissionLoads.get());
    }

    @Test
    void malformedPermissionsInTheCacheAreSkippedNotTrusted() {
        assertThrows(IllegalArgumentException.class, () -> new Permission("forum post"));
        assertThrows(IllegalArgumentException.class, () -> new Permission("forum.post\nadmin"));
        assertThrows(IllegalArgumentException.class, () -> new Permission(""));
        // A line written by hand (or by another version) that is no permission name is not read as one.
        cache.putString("permissions:dk:" + user, "v1\nforum.post\nBad Name\nforum post", TTL);
        assertEquals(Set.of("forum.post"), names(view.permissions(DK, user)));
    }

    private static Set<String> names(Set<Permission> permissions) {
        return permissions.stream().map(Permission::name).collect(java.util.stream.Collectors.toSet());
    }

    /** Counts reads, so "one cache read per check" is a tested fact. */
    private static final class CountingCache implements Cache {
        final AtomicInteger reads = new AtomicInteger();
        private final Cache delegate;

        CountingCache(Cache delegate) {
            this.delegate = delegate;
        }

        @Override
        public Optional<byte[]> get(String key) {
            reads.incrementAndGet();
            return delegate.get(key);
        }

        @Override
        public void put(String key, byte[] value, Duration ttl) {
            delegate.put(key, value, ttl);
        }

        @Override
        public boolean putIfAbsent(String key, byte[] value, Duration ttl) {
            return delegate.putIfAbsent(key, value, ttl);
        }

        @Override
        public void delete(String key) {
            delegate.delete(key);
        }
    }
}
