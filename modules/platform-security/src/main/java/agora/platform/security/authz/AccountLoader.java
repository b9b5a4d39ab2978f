package agora.platform.security.authz;

import java.util.UUID;

import agora.platform.data.TerritoryCode;

/**
 * What the auth service answers when the authorization view misses: it owns accounts and
 * sessions. In the pod it is called in-process; a service deployed alone calls auth's API.
 * Called once per miss, never on a hit.
 */
public interface AccountLoader {

    /**
     * An account's status.
     *
     * @param territory the territory the account belongs to
     * @param user      the account
     * @return its status; {@link AccountStatus#DELETED} for an account auth does not know
     */
    AccountStatus status(TerritoryCode territory, UUID user);

    /**
     * Whether a session is revoked (signed out, revoked by an administrator, or ended by refresh
     * token reuse).
     *
     * @param territory the territory the session belongs to
     * @param session   the session id ({@code sid})
     * @return whether it is revoked; {@code true} for a session auth does not know
     */
    boolean sessionRevoked(TerritoryCode territory, UUID session);
}
