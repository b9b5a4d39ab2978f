package agora.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import agora.auth.api.AccountStatus;
import agora.auth.api.AuthEvents;
import agora.auth.api.AuthEvents.AccountDeleted;
import agora.auth.api.AuthEvents.AccountReactivated;
import agora.auth.api.AuthEvents.AccountSuspended;
import agora.platform.contract.TerritoryCode;
import agora.platform.data.Database;
import agora.platform.events.EventScope;
import agora.platform.events.Outbox;

/**
 * The account status auth owns: territory admins suspend and reactivate, owners delete. Each change
 * ends the account's sessions where it should, publishes its event, and reaches the authorization
 * view right after the commit.
 */
final class AccountLifecycle {
    private final Database database;
    private final Passwords hasher;
    private final Outbox outbox;
    private final AuthorizationUpdates updates;
    private final Clock clock;
    private final Audit audit;

    AccountLifecycle(Database database, Passwords hasher, Outbox outbox, AuthorizationUpdates updates, Clock clock, Audit audit) {
        this.audit = audit;
        this.database = database;
        this.hasher = hasher;
        this.outbox = outbox;
        this.updates = updates;
        this.clock = clock;
    }

    /** An account of the territory, for its owner or an admin. */
    Account find(TerritoryCode territory, UUID id) {
        return database.inTerritory(territory, db -> AccountStore.find(db, id))
                .orElseThrow(() -> AuthProblems.problem(AuthProblems.ACCOUNT_NOT_FOUND, "account.not-found"));
    }

    /**
     * Suspends an account: its tokens are refused (403) everywhere and its sessions end. Suspending a
     * suspended account changes nothing.
     */
    Account suspend(TerritoryCode territory, UUID admin, UUID id, Optional<String> reason) {
        return change(territory, admin, id, AccountStatus.SUSPENDED, reason);
    }

    /** Lifts a suspension; the member signs in again. */
    Account reactivate(TerritoryCode territory, UUID admin, UUID id) {
        return change(territory, admin, id, AccountStatus.ACTIVE, Optional.empty());
    }

    private Account change(TerritoryCode territory, UUID admin, UUID id, AccountStatus target, Optional<String> reason) {
        if (admin.equals(id)) {
            throw AuthProblems.problem(AuthProblems.OWN_STATUS, "own-status");
        }
        Change change = database.inTerritory(territory, db -> {
            Account account = AccountStore.lock(db, id)
                    .filter(found -> found.status() != AccountStatus.DELETED)
                    .orElseThrow(() -> AuthProblems.problem(AuthProblems.ACCOUNT_NOT_FOUND, "account.not-found"));
            if (account.status() == target) {
                return new Change(account, List.of(), false);
            }
            Instant now = clock.instant();
            long version = AccountStore.setStatus(db, id, target, reason, now);
            audit.record(db, Optional.of(admin), target == AccountStatus.SUSPENDED ? "auth.account.suspended"
                    : "auth.account.reactivated", Optional.of(id), reason.map(text -> Map.of("reason", text))
                    .orElse(Map.of()));
            List<UUID> ended = List.of();
            if (target == AccountStatus.SUSPENDED) {
                ended = Logins.endAll(db, territory, id, "suspended", outbox, now);
                outbox.append(db, EventScope.territory(territory), AuthEvents.ACCOUNT_SUSPENDED, id.toString(),
                        version, new AccountSuspended(id, admin));
            } else {
                outbox.append(db, EventScope.territory(territory), AuthEvents.ACCOUNT_REACTIVATED, id.toString(),
                        version, new AccountReactivated(id, admin));
            }
            return new Change(AccountStore.find(db, id).orElseThrow(), ended, true);
        });
        if (change.changed()) {
            updates.status(territory, id, target);
            updates.sessionsRevoked(territory, change.ended());
        }
        return change.account();
    }

    /**
     * Ends every session of an account, as a territory admin (a lost phone, a shared computer): its
     * tokens are refused everywhere from the next request; the member signs in again.
     *
     * @return how many sessions ended
     * @throws agora.platform.core.problem.ProblemException 404 {@code account-not-found}
     */
    int endSessions(TerritoryCode territory, UUID admin, UUID id) {
        List<UUID> ended = database.inTerritory(territory, db -> {
            AccountStore.find(db, id).filter(found -> found.status() != AccountStatus.DELETED)
                    .orElseThrow(() -> AuthProblems.problem(AuthProblems.ACCOUNT_NOT_FOUND, "account.not-found"));
            List<UUID> sessions = Logins.endAll(db, territory, id, "revoked", outbox, clock.instant());
            audit.record(db, Optional.of(admin), "auth.account.sessions-ended", Optional.of(id),
                    Map.of("sessions", String.valueOf(sessions.size())));
            return sessions;
        });
        updates.sessionsRevoked(territory, ended);
        return ended.size();
    }

    /**
     * Deletes the caller's own account after checking its password: personal data is erased, every
     * session ends, open invitations are withdrawn, and the deletion is published.
     *
     * @throws agora.platform.core.problem.ProblemException 403 {@code wrong-password}
     */
    void delete(TerritoryCode territory, UUID id, String password) {
        Account account = find(territory, id);
        hasher.confirm(territory, account, password);
        List<UUID> ended = database.inTerritory(territory, db -> {
            Instant now = clock.instant();
            AccountStore.lock(db, id).filter(locked -> locked.status() != AccountStatus.DELETED)
                    .orElseThrow(() -> AuthProblems.problem(AuthProblems.ACCOUNT_NOT_FOUND, "account.not-found"));
            List<UUID> sessions = Logins.endAll(db, territory, id, "deleted", outbox, now);
            long version = AccountStore.erase(db, id, now);
            audit.record(db, Optional.of(id), "auth.account.deleted", Optional.of(id), Map.of());
            VerificationStore.deleteFor(db, id);
            PasswordResetStore.deleteFor(db, id);
            EmailChangeStore.deleteFor(db, id);
            TwoFactorStore.delete(db, id);
            LoginChallenges.deleteFor(db, id);
            InvitationStore.revokeOpen(db, id, now);
            outbox.append(db, EventScope.territory(territory), AuthEvents.ACCOUNT_DELETED, id.toString(), version,
                    new AccountDeleted(id));
            return sessions;
        });
        updates.status(territory, id, AccountStatus.DELETED);
        updates.sessionsRevoked(territory, ended);
    }

    private record Change(Account account, List<UUID> ended, boolean changed) {
    }
}
