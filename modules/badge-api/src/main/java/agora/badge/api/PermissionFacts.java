package agora.badge.api;

import java.util.Set;
import java.util.UUID;

import agora.platform.contract.Permission;
import agora.platform.contract.TerritoryCode;

/**
 * What the badge service answers about a member's permissions when an authorization view misses:
 * badges grant permissions, so it owns them. In a pod the call stays in the process; a service
 * deployed alone makes it over badge's internal listener. Called once per miss, never on a hit.
 */
public interface PermissionFacts {

    /**
     * A member's current permissions in a territory.
     *
     * @param territory the territory
     * @param user      the account
     * @return the permissions its badges grant now; empty for an unknown user
     */
    Set<Permission> permissions(TerritoryCode territory, UUID user);
}
