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
import agora.platform.contract.TerritoryCode;
import agora.platform.data.Database;
import agora.platform.events.EventScope;
import agora.platform.events.Outbox;

/**
 * The account status auth owns: territory admins suspend and reactivate (through {@link Suspensions},
 * which keeps the terms), owners delete. Each change ends the account's sessions where it should,
 * publishes its event, and reaches the authorization view right after the commit.
 */
final class AccountLifecycle {
    private final Database database;
    private final Passwords hasher;
    private final Outbox outbox;
    private final AuthorizationUpdates updates;
    private final Clock clock;
    private final Audit audit;
    private final Suspensions suspensions;

    AccountLifecycle(Database database, Passwords hasher, Outbox outbox, AuthorizationUpdates updates, Clock clock, Audit audit,
                     Suspensions suspensions) {
        this.audit = audit;
        this.suspensions = suspensions;
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

    /** An account with its open suspensions' term, for its owner or an admin. */
    AccountView view(TerritoryCode territory, UUID id) {
        return database.inTerritory(territory, db -> AccountStore.find(db, id)
                .map(account -> AccountView.of(account, SuspensionStore.term(SuspensionStore.open(db, id)))))
                .orElseThrow(() -> AuthProblems.problem(AuthProblems.ACCOUNT_NOT_FOUND, "account.not-found"));
    }

    /**
     * Suspends an account by a territory admin's decision, until a time or until lifted, or changes
     * the term of its open manual suspension: its sessions end and its full tokens are refused (403)
     * everywhere; the member may sign in to a restricted session. The same term again changes nothing.
     */
    AccountView suspend(TerritoryCode territory, UUID admin, UUID id, Optional<Instant> until, Optional<String> reason) {
        suspensions.suspendManually(territory, admin, id, until, reason);
        return view(territory, id);
    }

    /**
     * Lifts the account's manual suspension. Suspensions of moderation decisions stand (they end at
     * their term or by an upheld appeal), so the account may stay suspended; the answer says so.
     */
    AccountView reactivate(TerritoryCode territory, UUID admin, UUID id) {
        suspensions.liftManual(territory, admin, id);
        return view(territory, id);
    }

    /**
     * Ends every session of an account, as a territory admin (a lost phone, a shared computer): its
     * tokens are refused everywhere from the next request; the member signs in again.
     *
     * @throws agora.platform.core.problem.ProblemException 404 {@code account-not-found}
     */
    void endSessions(TerritoryCode territory, UUID admin, UUID id) {
        List<UUID> ended = database.inTerritory(territory, db -> {
            AccountStore.find(db, id).filter(found -> found.status() != AccountStatus.DELETED)
                    .orElseThrow(() -> AuthProblems.problem(AuthProblems.ACCOUNT_NOT_FOUND, "account.not-found"));
            List<UUID> sessions = Logins.endAll(db, territory, id, "revoked", outbox, clock.instant());
            audit.record(db, Optional.of(admin), "auth.account.sessions-ended", Optional.of(id),
                    Map.of("sessions", String.valueOf(sessions.size())));
            return sessions;
        });
        updates.sessionsRevoked(territory, ended);
    }

    /**
     * Deletes the caller's own account after checking its password: personal data is erased, every
     * session ends, open invitations are withdrawn, and the deletion is published. The territory's
     * last active territory admin stays ({@link TerritoryAdmins}): they make another member admin first.
     *
     * @throws agora.platform.core.problem.ProblemException 403 {@code wrong-password},
     *                                                      409 {@code last-territory-admin}
     */
    void delete(TerritoryCode territory, UUID id, String password) {
        Account account = find(territory, id);
        hasher.confirm(territory, account, password);
        List<UUID> ended = database.inTerritory(territory, db -> {
            Instant now = clock.instant();
            TerritoryAdmins.lock(db);
            Account locked = AccountStore.lock(db, id).filter(found -> found.status() != AccountStatus.DELETED)
                    .orElseThrow(() -> AuthProblems.problem(AuthProblems.ACCOUNT_NOT_FOUND, "account.not-found"));
            TerritoryAdmins.keepOne(db, locked);
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

}
