package agora.platform.security.authz;

import java.util.Set;
import java.util.UUID;

import agora.platform.data.TerritoryCode;

/**
 * What the badge service answers when the authorization view misses: badges grant permissions,
 * so it owns them. Called once per miss, never on a hit.
 */
@FunctionalInterface
public interface PermissionLoader {

    /**
     * A user's current permissions in a territory.
     *
     * @param territory the territory
     * @param user      the account
     * @return the permission names ({@code forum.post} …), empty for an unknown user
     */
    Set<String> permissions(TerritoryCode territory, UUID user);
}
