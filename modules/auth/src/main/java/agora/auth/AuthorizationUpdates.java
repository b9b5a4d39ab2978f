package agora.auth;

import java.util.Collection;
import java.util.UUID;

import agora.auth.api.AccountRoles;
import agora.auth.api.AccountStatus;
import agora.auth.api.AuthEvents;
import agora.platform.contract.TerritoryCode;
import agora.platform.events.Subscription;
import agora.platform.security.authz.AuthorizationView;

import io.helidon.dbclient.DbExecute;

/**
 * Keeps the authorization view current with what auth decides, so a suspension, deletion, logout
 * or role change counts at every service from the next request.
 *
 * <p>Two paths, on purpose: right after the commit auth writes the view itself (the change takes
 * effect in milliseconds), and its own events come back through a durable consumer that writes
 * the same facts again; both writes are idempotent. When Redis does not answer, the direct write
 * fails and the view deletes the entry as soon as Redis answers again
 * ({@link AuthorizationView#repair}, within a second), so the next check reads the committed fact
 * from auth; the consumer meanwhile retries its event until Redis takes it (an outage never makes
 * it a dead letter), which also covers a process that stopped before it could repair.
 */
final class AuthorizationUpdates {
    private static final System.Logger LOG = System.getLogger(AuthorizationUpdates.class.getName());

    private final AuthorizationView view;
    private final TwoFactorConfig twoFactor;

    AuthorizationUpdates(AuthorizationView view, TwoFactorConfig twoFactor) {
        this.view = view;
        this.twoFactor = twoFactor;
    }

    void status(TerritoryCode territory, UUID account, AccountStatus status) {
        try {
            view.setStatus(territory, account, status);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not write account status to the authorization view; "
                    + "the entry is dropped once Redis answers, and the auth event writes it again: {0}", e.toString());
        }
    }

    void roles(TerritoryCode territory, UUID account, AccountRoles roles) {
        try {
            view.setRoles(territory, account, roles);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not write account roles to the authorization view; "
                    + "the entry is dropped once Redis answers, and the auth event writes it again: {0}", e.toString());
        }
    }

    void sessionsRevoked(TerritoryCode territory, Collection<UUID> sessions) {
        try {
            view.revokeSessions(territory, sessions);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not write revoked sessions to the authorization view; "
                    + "the entries are dropped once Redis answers, and the auth event writes them again: {0}",
                    e.toString());
        }
    }

    /**
     * Makes a consumer of auth's own events replay their effect on the view.
     *
     * @param subscription the consumer, from the host
     */
    void consume(Subscription subscription) {
        subscription
                .on(AuthEvents.SESSION_REVOKED, (db, event, revoked) ->
                        view.revokeSession(TerritoryCode.of(event.territory()), revoked.sessionId()))
                .on(AuthEvents.ACCOUNT_SUSPENDED, (db, event, suspended) ->
                        current(db, TerritoryCode.of(event.territory()), suspended.userId()))
                .on(AuthEvents.ACCOUNT_REACTIVATED, (db, event, reactivated) ->
                        current(db, TerritoryCode.of(event.territory()), reactivated.userId()))
                .on(AuthEvents.ACCOUNT_DELETED, (db, event, deleted) ->
                        current(db, TerritoryCode.of(event.territory()), deleted.userId()))
                .on(AuthEvents.ROLE_GRANTED, (db, event, granted) ->
                        currentRoles(db, TerritoryCode.of(event.territory()), granted.userId()))
                .on(AuthEvents.ROLE_REVOKED, (db, event, revoked) ->
                        currentRoles(db, TerritoryCode.of(event.territory()), revoked.userId()));
    }

    /*
     * A status event writes the account's status as it is now, not as the event says: an event
     * applied late (the consumer lags the direct write) must not undo a newer change.
     */
    private void current(DbExecute db, TerritoryCode territory, UUID account) {
        view.setStatus(territory, account, AccountStore.status(db, account).orElse(AccountStatus.DELETED));
    }

    /* Likewise, a role event writes the account's roles as they are now. */
    private void currentRoles(DbExecute db, TerritoryCode territory, UUID account) {
        view.setRoles(territory, account, AccountStore.find(db, account)
                .map(found -> Roles.of(found, twoFactor)).orElse(AccountRoles.NONE));
    }
}
