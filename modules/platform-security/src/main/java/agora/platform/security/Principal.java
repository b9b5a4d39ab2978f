package agora.platform.security;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import agora.platform.data.TerritoryCode;

/**
 * Who a request acts for, as its verified access token says. Roles come from the token;
 * permissions do not (they are asked of the authorization view, so a revocation is not outlived
 * by a token that still lists it).
 *
 * @param userId    the account ({@code sub})
 * @param territory the territory the token was issued for (its audience), which is the request's
 * @param roles     roles the token carries ({@code roles}), possibly none
 * @param sessionId the login session the token belongs to ({@code sid})
 * @param expiresAt when the token expires ({@code exp})
 */
public record Principal(UUID userId, TerritoryCode territory, Set<String> roles, UUID sessionId, Instant expiresAt) {

    public Principal {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(territory, "territory");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(expiresAt, "expiresAt");
        roles = Set.copyOf(roles);
    }

    /**
     * Whether the token carries a role.
     *
     * @param role the role, e.g. {@code territory-admin}
     * @return whether it does
     */
    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}
