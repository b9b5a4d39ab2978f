package agora.platform.security;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import agora.auth.api.AccountFacts;
import agora.auth.api.AccountRoles;
import agora.auth.api.AccountStatus;
import agora.badge.api.PermissionFacts;
import agora.platform.contract.Permission;
import agora.platform.contract.TerritoryCode;

/** Stands in for the auth and badge services behind the authorization view, counting each question. */
final class FakeOwners implements AccountFacts, PermissionFacts {
    final Map<UUID, AccountStatus> statuses = new ConcurrentHashMap<>();
    final Set<UUID> revokedSessions = ConcurrentHashMap.newKeySet();
    final Map<UUID, Set<String>> permissions = new ConcurrentHashMap<>();
    final AtomicInteger statusLoads = new AtomicInteger();
    final AtomicInteger sessionLoads = new AtomicInteger();
    final AtomicInteger permissionLoads = new AtomicInteger();
    final Map<UUID, AccountRoles> roles = new ConcurrentHashMap<>();
    final AtomicInteger roleLoads = new AtomicInteger();

    @Override
    public AccountStatus status(TerritoryCode territory, UUID user) {
        statusLoads.incrementAndGet();
        return statuses.getOrDefault(user, AccountStatus.ACTIVE);
    }

    @Override
    public boolean sessionRevoked(TerritoryCode territory, UUID session) {
        sessionLoads.incrementAndGet();
        return revokedSessions.contains(session);
    }

    @Override
    public AccountRoles roles(TerritoryCode territory, UUID user) {
        roleLoads.incrementAndGet();
        return roles.getOrDefault(user, AccountRoles.NONE);
    }

    @Override
    public Set<Permission> permissions(TerritoryCode territory, UUID user) {
        permissionLoads.incrementAndGet();
        return permissions.getOrDefault(user, Set.of()).stream().map(Permission::new)
                .collect(java.util.stream.Collectors.toSet());
    }
}
