package agora.auth.api;

import java.util.UUID;

import agora.platform.contract.TerritoryCode;

/**
 * What the auth service answers about accounts and sessions when another service's authorization
 * view misses: it owns them. In a pod the call stays in the process; a service deployed alone
 * makes it over auth's internal listener. Called once per miss, never on a hit.
 */
public interface AccountFacts {

    /**
     * An account's status.
     *
     * @param territory the territory the account belongs to
     * @param user      the account
     * @return its status; {@link AccountStatus#DELETED} for an account auth does not know
     */
    AccountStatus status(TerritoryCode territory, UUID user);

    /**
     * Whether a session is revoked (signed out, revoked by an administrator, ended by refresh-token
     * reuse, or its account suspended or deleted).
     *
     * @param territory the territory the session belongs to
     * @param session   the session id ({@code sid} of its tokens)
     * @return whether it is revoked; {@code true} for a session auth does not know
     */
    boolean sessionRevoked(TerritoryCode territory, UUID session);

    /**
     * The roles an account holds now, and which of them need a second factor.
     *
     * @param territory the territory the account belongs to
     * @param user      the account
     * @return its roles; {@link AccountRoles#NONE} for an account auth does not know or that is deleted
     */
    AccountRoles roles(TerritoryCode territory, UUID user);
}
