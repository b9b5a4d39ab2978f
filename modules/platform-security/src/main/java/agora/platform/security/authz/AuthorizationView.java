package agora.platform.security.authz;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import agora.auth.api.AccountFacts;
import agora.auth.api.AccountRoles;
import agora.auth.api.AccountStatus;
import agora.badge.api.PermissionFacts;
import agora.platform.contract.Permission;
import agora.platform.contract.TerritoryCode;
import agora.platform.state.Cache;

/**
 * "May this user do X?", answered from shared state so that a grant, a revocation, a suspension
 * or a sign-out reaches every instance of every service at the next request.
 *
 * <p>Each fact has its own cache key, so each check is exactly one cache read and facts owned by
 * different services never overwrite each other: {@code status:<cc>:<user>} (auth),
 * {@code roles:<cc>:<user>} (auth), {@code permissions:<cc>:<user>} (badge) and
 * {@code session:<cc>:<session>} (auth). A miss asks
 * the owner through its facts contract ({@link AccountFacts}, {@link PermissionFacts}) and stores the answer with {@code putIfAbsent}, so a slow miss never
 * overwrites what an event wrote meanwhile. Entries live for the configured TTL and are then
 * reloaded, which heals a missed event; a revoked session is remembered at least as long as a
 * token can live, so its tokens stay refused until they expire.
 *
 * <p>When the cache cannot be reached, checks fail with 503 (the cache's own problem): requests
 * are refused rather than let through unchecked. A write that fails then (a sign-out, a suspension)
 * would leave the cache holding what was true before once it answers again, until the entry's TTL;
 * so the view remembers the key of every failed write, and {@link #repair} (run by the host every
 * half second) deletes those entries as soon as the cache answers: the next check asks the owner,
 * who committed the change.
 */
public final class AuthorizationView {
    private static final String PERMISSIONS_FORMAT = "v1";
    private static final String ROLES_FORMAT = "r1";
    /** Marks a role, in a roles entry, that a session may use only after a second factor. */
    private static final String SECOND_FACTOR_MARK = "+otp";
    private static final String SESSION_ACTIVE = "active";
    private static final String SESSION_REVOKED = "revoked";

    private final Cache cache;
    private final AccountFacts accounts;
    private final PermissionFacts permissions;
    private final Duration ttl;
    private final Duration revokedSessionRetention;
    /** Keys whose last write failed: deleted by {@link #repair} once the cache answers. */
    private final Set<String> unreliable = ConcurrentHashMap.newKeySet();

    /**
     * A view over a cache.
     *
     * @param cache                   the shared cache (its namespace is the view's alone, e.g. {@code authz})
     * @param accounts                auth's answers on a miss
     * @param permissions             badge's answers on a miss
     * @param ttl                     how long an entry lives before it is reloaded from its owner
     * @param revokedSessionRetention how long a revoked session is remembered: at least the longest
     *                                token lifetime plus clock skew
     */
    public AuthorizationView(Cache cache, AccountFacts accounts, PermissionFacts permissions, Duration ttl,
                             Duration revokedSessionRetention) {
        this.cache = Objects.requireNonNull(cache, "cache");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.permissions = Objects.requireNonNull(permissions, "permissions");
        if (ttl.isNegative() || ttl.isZero() || revokedSessionRetention.isNegative() || revokedSessionRetention.isZero()) {
            throw new IllegalArgumentException("the view's TTLs must be positive");
        }
        this.ttl = ttl;
        this.revokedSessionRetention = revokedSessionRetention;
    }

    /**
     * An account's status: one cache read, the auth loader on a miss.
     *
     * @param territory the territory
     * @param user      the account
     * @return its status
     */
    public AccountStatus status(TerritoryCode territory, UUID user) {
        String key = statusKey(territory, user);
        return status(territory, user, key, cache.getString(key));
    }

    /**
     * Whether a session is revoked: one cache read, the auth loader on a miss.
     *
     * @param territory the territory
     * @param session   the session id
     * @return whether it is revoked
     */
    public boolean sessionRevoked(TerritoryCode territory, UUID session) {
        String key = sessionKey(territory, session);
        return sessionRevoked(territory, session, key, cache.getString(key));
    }

    /**
     * An account's status, whether a session of it is revoked and the roles it holds now, in one
     * cache round trip: what every guarded request asks. The auth loader answers what the cache misses.
     *
     * @param territory the territory
     * @param user      the account
     * @param session   the session id
     * @return the answers
     */
    public Standing standing(TerritoryCode territory, UUID user, UUID session) {
        String statusKey = statusKey(territory, user);
        String sessionKey = sessionKey(territory, session);
        String rolesKey = rolesKey(territory, user);
        List<Optional<byte[]>> cached = cache.getAll(List.of(statusKey, sessionKey, rolesKey));
        return new Standing(status(territory, user, statusKey, text(cached.get(0))),
                sessionRevoked(territory, session, sessionKey, text(cached.get(1))),
                roles(territory, user, rolesKey, text(cached.get(2))));
    }

    /**
     * What a guard needs to know about the caller before anything else.
     *
     * @param status         the account's status
     * @param sessionRevoked whether the token's session is revoked
     * @param roles          the roles the account holds now (not those its token was issued with)
     */
    public record Standing(AccountStatus status, boolean sessionRevoked, AccountRoles roles) {
    }

    /**
     * An account's roles: one cache read, the auth loader on a miss.
     *
     * @param territory the territory
     * @param user      the account
     * @return its roles now
     */
    public AccountRoles roles(TerritoryCode territory, UUID user) {
        String key = rolesKey(territory, user);
        return roles(territory, user, key, cache.getString(key));
    }

    // A cached answer, or the auth loader's on a miss (or an unreadable entry, which the fill replaces).

    private AccountStatus status(TerritoryCode territory, UUID user, String key, Optional<String> cached) {
        return cached.flatMap(AccountStatus::fromWire).orElseGet(() -> {
            AccountStatus loaded = accounts.status(territory, user);
            fill(key, loaded.wire(), ttl, cached.isPresent());
            return loaded;
        });
    }

    private boolean sessionRevoked(TerritoryCode territory, UUID session, String key, Optional<String> cached) {
        if (cached.isPresent() && (cached.get().equals(SESSION_ACTIVE) || cached.get().equals(SESSION_REVOKED))) {
            return cached.get().equals(SESSION_REVOKED);
        }
        boolean revoked = accounts.sessionRevoked(territory, session);
        fill(key, revoked ? SESSION_REVOKED : SESSION_ACTIVE, revoked ? revokedSessionRetention : ttl,
                cached.isPresent());
        return revoked;
    }

    private AccountRoles roles(TerritoryCode territory, UUID user, String key, Optional<String> cached) {
        return cached.flatMap(AuthorizationView::decodeRoles).orElseGet(() -> {
            AccountRoles loaded = accounts.roles(territory, user);
            fill(key, encodeRoles(loaded), ttl, cached.isPresent());
            return loaded;
        });
    }

    private static Optional<String> text(Optional<byte[]> bytes) {
        return bytes.map(value -> new String(value, StandardCharsets.UTF_8));
    }

    /**
     * Records an account's roles as they are now (an auth event: a role granted or withdrawn).
     *
     * @param territory the territory
     * @param user      the account
     * @param roles     its roles
     */
    public void setRoles(TerritoryCode territory, UUID user, AccountRoles roles) {
        String key = rolesKey(territory, user);
        write(key, () -> cache.putString(key, encodeRoles(roles), ttl));
    }

    /**
     * A user's permissions: one cache read, the badge loader on a miss.
     *
     * @param territory the territory
     * @param user      the account
     * @return the permissions
     */
    public Set<Permission> permissions(TerritoryCode territory, UUID user) {
        String key = permissionsKey(territory, user);
        Optional<String> cached = cache.getString(key);
        Optional<Set<Permission>> decoded = cached.flatMap(AuthorizationView::decode);
        if (decoded.isPresent()) {
            return decoded.get();
        }
        Set<Permission> loaded = load(territory, user);
        fill(key, encode(loaded), ttl, cached.isPresent());
        return loaded;
    }

    /**
     * Whether a user holds a permission: one cache read, the badge loader on a miss.
     *
     * @param territory  the territory
     * @param user       the account
     * @param permission the permission
     * @return whether the user holds it
     */
    public boolean permitted(TerritoryCode territory, UUID user, Permission permission) {
        return permissions(territory, user).contains(permission);
    }

    /**
     * Records a granted permission (a badge event).
     *
     * @param territory  the territory
     * @param user       the account
     * @param permission the permission
     */
    public void grant(TerritoryCode territory, UUID user, Permission permission) {
        updatePermissions(territory, user, held -> held.add(permission));
    }

    /**
     * Records a revoked permission (a badge event).
     *
     * @param territory  the territory
     * @param user       the account
     * @param permission the permission
     */
    public void revoke(TerritoryCode territory, UUID user, Permission permission) {
        updatePermissions(territory, user, held -> held.remove(permission));
    }

    /**
     * Records an account's new status (an auth event).
     *
     * @param territory the territory
     * @param user      the account
     * @param status    its status
     */
    public void setStatus(TerritoryCode territory, UUID user, AccountStatus status) {
        String key = statusKey(territory, user);
        write(key, () -> cache.putString(key, status.wire(), ttl));
    }

    /**
     * Records a revoked session (an auth event: sign-out, revocation, refresh-token reuse). Its
     * tokens are refused from the next request until they have expired.
     *
     * @param territory the territory
     * @param session   the session id
     */
    public void revokeSession(TerritoryCode territory, UUID session) {
        String key = sessionKey(territory, session);
        write(key, () -> cache.putString(key, SESSION_REVOKED, revokedSessionRetention));
    }

    /**
     * Records several revoked sessions (a sign-out everywhere, a password change). When the cache
     * fails on one, the rest are not tried (each would wait for the same timeout): all of them are
     * left to {@link #repair}.
     *
     * @param territory the territory
     * @param sessions  the session ids
     */
    public void revokeSessions(TerritoryCode territory, Collection<UUID> sessions) {
        List<String> keys = sessions.stream().map(session -> sessionKey(territory, session)).toList();
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            try {
                write(key, () -> cache.putString(key, SESSION_REVOKED, revokedSessionRetention));
            } catch (RuntimeException e) {
                unreliable.addAll(keys.subList(i, keys.size()));
                throw e;
            }
        }
    }

    /**
     * Forgets what the view holds about a user's status and permissions, so the next check asks
     * the owners (after an event the consumer cannot apply precisely, or an operator's repair).
     * Revoked sessions are kept: forgetting one would let its tokens back in.
     *
     * @param territory the territory
     * @param user      the account
     */
    public void invalidate(TerritoryCode territory, UUID user) {
        String status = statusKey(territory, user);
        String roles = rolesKey(territory, user);
        String permissions = permissionsKey(territory, user);
        try {
            write(status, () -> cache.delete(status));
            write(roles, () -> cache.delete(roles));
        } catch (RuntimeException e) {
            unreliable.add(roles);
            unreliable.add(permissions);
            throw e;
        }
        write(permissions, () -> cache.delete(permissions));
    }

    /**
     * Deletes every entry whose write failed while the cache could not be reached, so the next
     * check reloads it from its owner. Cheap when nothing failed (no cache call).
     *
     * @throws agora.platform.state.StateUnavailableException while the cache still cannot be reached
     *                                                        (what is left is tried again next time)
     */
    public void repair() {
        for (String key : List.copyOf(unreliable)) {
            cache.delete(key);
            unreliable.remove(key);
        }
    }

    /*
     * A write that fails leaves its key to repair(); the failure still reaches the caller (a consumer
     * retries its event, a use case logs it). A later write that succeeds makes the entry right again.
     */
    private void write(String key, Runnable write) {
        try {
            write.run();
        } catch (RuntimeException e) {
            unreliable.add(key);
            throw e;
        }
        unreliable.remove(key);
    }

    /*
     * The cache offers no compare-and-set, so this is read-modify-write: two updates of one user's
     * permissions applied at the same instant by different consumers can lose one of them until
     * the entry's TTL passes. Consumers apply a territory's badge events in order, which avoids it.
     */
    private void updatePermissions(TerritoryCode territory, UUID user, Consumer<Set<Permission>> change) {
        String key = permissionsKey(territory, user);
        write(key, () -> {
            Set<Permission> held = new TreeSet<>(java.util.Comparator.comparing(Permission::name));
            held.addAll(cache.getString(key)
                    .flatMap(AuthorizationView::decode)
                    .orElseGet(() -> load(territory, user)));
            change.accept(held);
            cache.putString(key, encode(held), ttl);
        });
    }

    private Set<Permission> load(TerritoryCode territory, UUID user) {
        return Set.copyOf(permissions.permissions(territory, user));
    }

    private void fill(String key, String value, Duration lifetime, boolean replaceUnreadable) {
        if (replaceUnreadable) {
            // What is there was written in a format this version cannot read: replace it.
            cache.putString(key, value, lifetime);
        } else {
            cache.putIfAbsent(key, value.getBytes(StandardCharsets.UTF_8), lifetime);
        }
    }

    private static String encode(Set<Permission> held) {
        StringBuilder value = new StringBuilder(PERMISSIONS_FORMAT);
        held.stream().map(Permission::name).sorted().forEach(permission -> value.append('\n').append(permission));
        return value.toString();
    }

    /* A line that is no permission name (written by hand, or by a future format) is skipped, not trusted. */
    private static Optional<Set<Permission>> decode(String value) {
        String[] lines = value.split("\n");
        if (!lines[0].equals(PERMISSIONS_FORMAT)) {
            return Optional.empty();
        }
        return Optional.of(Arrays.asList(lines).subList(1, lines.length).stream()
                .filter(Permission::valid)
                .map(Permission::new)
                .collect(Collectors.toUnmodifiableSet()));
    }

    private static String encodeRoles(AccountRoles roles) {
        StringBuilder value = new StringBuilder(ROLES_FORMAT);
        roles.held().stream().sorted().forEach(role -> value.append('\n').append(role)
                .append(roles.secondFactorNeeded().contains(role) ? SECOND_FACTOR_MARK : ""));
        return value.toString();
    }

    /* Like permissions: a line that is no role name is skipped, never trusted. */
    private static Optional<AccountRoles> decodeRoles(String value) {
        String[] lines = value.split("\n");
        if (!lines[0].equals(ROLES_FORMAT)) {
            return Optional.empty();
        }
        Set<String> held = new TreeSet<>();
        Set<String> secondFactor = new TreeSet<>();
        for (String line : Arrays.asList(lines).subList(1, lines.length)) {
            boolean marked = line.endsWith(SECOND_FACTOR_MARK);
            String role = marked ? line.substring(0, line.length() - SECOND_FACTOR_MARK.length()) : line;
            if (Permission.valid(role)) {
                held.add(role);
                if (marked) {
                    secondFactor.add(role);
                }
            }
        }
        return Optional.of(new AccountRoles(held, secondFactor));
    }

    private static String rolesKey(TerritoryCode territory, UUID user) {
        return "roles:" + cc(territory) + ":" + user;
    }

    private static String statusKey(TerritoryCode territory, UUID user) {
        return "status:" + cc(territory) + ":" + user;
    }

    private static String permissionsKey(TerritoryCode territory, UUID user) {
        return "permissions:" + cc(territory) + ":" + user;
    }

    private static String sessionKey(TerritoryCode territory, UUID session) {
        return "session:" + cc(territory) + ":" + session;
    }

    private static String cc(TerritoryCode territory) {
        return territory.value().toLowerCase(Locale.ROOT);
    }
}
