package agora.auth;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import agora.auth.api.AccountStatus;
import agora.auth.api.AccountSuspensions;
import agora.auth.api.AuthEvents;
import agora.auth.api.AuthEvents.AccountReactivated;
import agora.auth.api.AuthEvents.AccountSuspended;
import agora.auth.api.AuthEvents.SuspensionEnded;
import agora.platform.contract.TerritoryCode;
import agora.platform.core.problem.FieldError;
import agora.platform.core.problem.Validation;
import agora.platform.data.Database;
import agora.platform.data.timer.Timer;
import agora.platform.events.EventScope;
import agora.platform.events.Outbox;

import io.helidon.dbclient.DbExecute;

/**
 * Suspensions with terms. An account is suspended while any of its suspensions is open: a territory
 * admin's manual one (at most one open at a time; suspending again changes its term) and one per
 * moderation decision. A suspension with an end ends by itself through a durable timer
 * ({@value #TIMER}), across restarts; reactivation lifts the manual one, an upheld appeal its
 * decision's. The account becomes active when its last open suspension ends.
 *
 * <p>Each change runs under the account's row lock, is audited, and is published in the same
 * transaction: {@code auth.account_suspended} for every suspension begun or re-termed,
 * {@code auth.suspension_ended} for every one that ends, and {@code auth.account_reactivated} when
 * the account is active again. Becoming suspended ends the account's sessions (as before terms
 * existed), so no full session outlives it; the member may sign in again to a restricted session
 * ({@link Logins}). The member is mailed when a suspension begins and when the account is active
 * again, in the language of their latest sign-in.
 */
final class Suspensions implements AccountSuspensions {
    /** The durable timer that ends a suspension at its term. */
    static final String TIMER = "suspension_end";
    static final int MAX_REASON = AccountApi.MAX_REASON;

    private final Database database;
    private final Outbox outbox;
    private final AuthorizationUpdates updates;
    private final Clock clock;
    private final Supplier<UUID> ids;
    private final Audit audit;
    private final SuspensionMails mails;
    private Timer<Ending> timer;

    Suspensions(Database database, Outbox outbox, AuthorizationUpdates updates, Clock clock, Supplier<UUID> ids,
                Audit audit, SuspensionMails mails) {
        this.database = database;
        this.outbox = outbox;
        this.updates = updates;
        this.clock = clock;
        this.ids = ids;
        this.audit = audit;
        this.mails = mails;
    }

    /** Takes the timer declared with {@link #expire} as its handler (the host declares it after construction). */
    void use(Timer<Ending> declared) {
        this.timer = Objects.requireNonNull(declared, "declared");
    }

    // --- manual suspensions (territory admins) ---

    /**
     * Suspends an account by a territory admin's decision, or changes the term and reason of its open
     * manual suspension. The same term and reason again change nothing. The territory's last active
     * territory admin is not suspended (409 {@code last-territory-admin}, {@link TerritoryAdmins}).
     */
    void suspendManually(TerritoryCode territory, UUID admin, UUID account, Optional<Instant> until,
                         Optional<String> reason) {
        if (admin.equals(account)) {
            throw AuthProblems.problem(AuthProblems.OWN_STATUS, "own-status");
        }
        checkTerm(until, "/until");
        impose(territory, account, AuthEvents.CAUSE_MANUAL, Optional.empty(), admin, micros(until), reason);
    }

    /** Lifts the account's open manual suspension; suspensions of moderation decisions stand. */
    void liftManual(TerritoryCode territory, UUID admin, UUID account) {
        if (admin.equals(account)) {
            throw AuthProblems.problem(AuthProblems.OWN_STATUS, "own-status");
        }
        Outcome outcome = database.inTerritory(territory, db -> {
            Account locked = lockLive(db, account);
            Optional<Suspension> manual = SuspensionStore.open(db, account).stream()
                    .filter(SuspensionStore::manual).findFirst();
            if (manual.isEmpty()) {
                return Outcome.none(locked);
            }
            return end(db, territory, locked, manual.get(), AuthEvents.ENDED_LIFTED, Optional.of(admin));
        });
        after(territory, outcome);
    }

    // --- moderation (AccountSuspensions, the contract) ---

    @Override
    public Suspended suspend(TerritoryCode territory, ModerationSuspension order) {
        Validation validation = new Validation();
        String reason = order.reason().strip();
        validation.check(!reason.isEmpty() && reason.length() <= MAX_REASON, FieldError.body("/reason", "invalid-reason",
                AuthProblems.MESSAGES.text("field.suspension-reason", MAX_REASON)));
        validation.check(order.until().filter(end -> !end.isAfter(clock.instant())).isEmpty(),
                FieldError.body("/until", "until-not-future", AuthProblems.MESSAGES.text("field.until")));
        validation.throwIfInvalid();
        Imposed imposed = impose(territory, order.userId(), AuthEvents.CAUSE_MODERATION, Optional.of(order.decisionId()),
                order.decidedBy(), micros(order.until()), Optional.of(reason));
        Suspension suspension = imposed.suspension();
        return new Suspended(suspension.id(), suspension.accountId(), suspension.startsAt(), suspension.endsAt(),
                !suspension.open());
    }

    @Override
    public Lifted lift(TerritoryCode territory, UUID decision, UUID liftedBy) {
        Optional<UUID> account = database.inTerritory(territory, db -> SuspensionStore.byDecision(db, decision)
                .map(Suspension::accountId));
        if (account.isEmpty()) {
            return new Lifted(false, false);
        }
        Outcome outcome = database.inTerritory(territory, db -> {
            Account locked = AccountStore.lock(db, account.get()).orElseThrow();
            Suspension suspension = SuspensionStore.byDecision(db, decision).orElseThrow();
            if (!suspension.open()) {
                return Outcome.none(locked);
            }
            return end(db, territory, locked, suspension, AuthEvents.ENDED_LIFTED, Optional.of(liftedBy));
        });
        after(territory, outcome);
        return new Lifted(outcome.changed(), outcome.account().status() == AccountStatus.SUSPENDED);
    }

    // --- the timer ---

    /** Ends a suspension at its term: the timer's handler, in the transaction that deletes the timer. */
    void expire(DbExecute db, TerritoryCode territory, String key, Ending ending) {
        Optional<Account> locked = AccountStore.lock(db, ending.accountId());
        Optional<Suspension> suspension = SuspensionStore.find(db, ending.suspensionId());
        if (locked.isEmpty() || suspension.isEmpty() || !suspension.get().open()) {
            return;
        }
        Outcome outcome = end(db, territory, locked.get(), suspension.get(), AuthEvents.ENDED_EXPIRED, Optional.empty());
        // The timer's transaction commits after this returns: the view and the member hear of the
        // end only once it has (a commit that fails mails nobody; the timer fires again later).
        database.afterCommit(db, () -> after(territory, outcome));
    }

    // --- the changes ---

    private Imposed impose(TerritoryCode territory, UUID accountId, String cause, Optional<UUID> decision, UUID by,
                           Optional<Instant> until, Optional<String> reason) {
        Imposed imposed = database.inTerritory(territory, db -> {
            // Before the account is read: a concurrent suspension of another admin has then committed.
            TerritoryAdmins.lock(db);
            Account account = lockLive(db, accountId);
            Instant now = clock.instant();
            if (decision.isPresent()) {
                Optional<Suspension> earlier = SuspensionStore.byDecision(db, decision.get());
                if (earlier.isPresent()) {
                    return new Imposed(Outcome.none(account), earlier.get());
                }
            }
            TerritoryAdmins.keepOne(db, account);
            Optional<Suspension> manual = decision.isPresent() ? Optional.empty()
                    : SuspensionStore.open(db, accountId).stream().filter(SuspensionStore::manual).findFirst();
            Suspension suspension;
            String action;
            if (manual.isPresent()) {
                if (manual.get().endsAt().equals(until) && manual.get().reason().equals(reason)) {
                    return new Imposed(Outcome.none(account), manual.get());
                }
                SuspensionStore.reterm(db, manual.get().id(), until, reason);
                suspension = SuspensionStore.find(db, manual.get().id()).orElseThrow();
                action = "auth.account.suspension-changed";
            } else {
                suspension = new Suspension(ids.get(), accountId, cause, decision, reason, now, until, by,
                        Optional.empty(), Optional.empty());
                SuspensionStore.insert(db, suspension);
                action = "auth.account.suspended";
            }
            String key = key(suspension.id());
            if (until.isPresent()) {
                timer.set(db, key, until.get(), new Ending(accountId, suspension.id()));
            } else {
                timer.cancel(db, key);
            }
            List<UUID> ended = List.of();
            if (account.status() == AccountStatus.ACTIVE) {
                // Becoming suspended ends every session: none keeps full access.
                ended = Logins.endAll(db, territory, accountId, "suspended", outbox, now);
            }
            long version = AccountStore.setStatus(db, accountId, AccountStatus.SUSPENDED,
                    SuspensionStore.term(SuspensionStore.open(db, accountId)).flatMap(SuspensionStore.Term::reason), now);
            audit.record(db, Optional.of(by), action, Optional.of(accountId), details(suspension));
            outbox.append(db, EventScope.territory(territory), AuthEvents.ACCOUNT_SUSPENDED, accountId.toString(),
                    version, new AccountSuspended(accountId, by, Optional.of(suspension.id()), Optional.of(cause),
                            decision, Optional.of(suspension.startsAt()), until));
            Account changed = AccountStore.find(db, accountId).orElseThrow();
            Optional<Runnable> mail = mails.suspended(db, changed,
                    SuspensionStore.term(SuspensionStore.open(db, accountId)).orElseThrow());
            return new Imposed(new Outcome(changed, true, ended, false, mail), suspension);
        });
        after(territory, imposed.outcome());
        return imposed;
    }

    /** Ends one open suspension, and the account's suspension with it when it was the last. */
    private Outcome end(DbExecute db, TerritoryCode territory, Account account, Suspension suspension, String how,
                        Optional<UUID> by) {
        Instant now = clock.instant();
        SuspensionStore.end(db, suspension.id(), now, how, by);
        timer.cancel(db, key(suspension.id()));
        if (account.status() == AccountStatus.DELETED) {
            // A deleted account stays deleted; its suspensions only stop counting.
            return Outcome.none(account);
        }
        // An account with an open suspension is suspended (both change under its lock): it is active
        // again exactly when this was its last.
        List<Suspension> remaining = SuspensionStore.open(db, account.id());
        boolean reactivated = remaining.isEmpty();
        long version = AccountStore.setStatus(db, account.id(), reactivated ? AccountStatus.ACTIVE : AccountStatus.SUSPENDED,
                SuspensionStore.term(remaining).flatMap(SuspensionStore.Term::reason), now);
        Map<String, String> details = details(suspension);
        details.put("how", how);
        // One record per change: the account's reactivation, or the end of one of several suspensions.
        audit.record(db, by, reactivated ? "auth.account.reactivated" : "auth.account.suspension-ended",
                Optional.of(account.id()), details);
        outbox.append(db, EventScope.territory(territory), AuthEvents.SUSPENSION_ENDED, account.id().toString(), version,
                new SuspensionEnded(account.id(), suspension.id(), suspension.cause(), suspension.decisionId(),
                        suspension.startsAt(), suspension.endsAt(), how, by, !remaining.isEmpty()));
        if (reactivated) {
            outbox.append(db, EventScope.territory(territory), AuthEvents.ACCOUNT_REACTIVATED, account.id().toString(),
                    version, new AccountReactivated(account.id(), by, Optional.of(suspension.id()),
                            Optional.of(suspension.cause()), suspension.decisionId(), Optional.of(suspension.startsAt()),
                            suspension.endsAt(), Optional.of(how)));
        }
        Account changed = AccountStore.find(db, account.id()).orElseThrow();
        return new Outcome(changed, true, List.of(), reactivated,
                reactivated ? mails.reactivated(db, changed) : Optional.empty());
    }

    /**
     * After the commit, never inside the change's transaction: the view hears the new status and the
     * ended sessions at once, and the member gets the mail, only for a change that happened.
     */
    private void after(TerritoryCode territory, Outcome outcome) {
        if (outcome.changed()) {
            updates.status(territory, outcome.account().id(), outcome.account().status());
            updates.sessionsRevoked(territory, outcome.ended());
            outcome.mail().ifPresent(Runnable::run);
        }
    }

    private void checkTerm(Optional<Instant> until, String pointer) {
        Validation validation = new Validation();
        validation.check(until.filter(end -> !end.isAfter(clock.instant())).isEmpty(),
                FieldError.body(pointer, "until-not-future", AuthProblems.MESSAGES.text("field.until")));
        validation.throwIfInvalid();
    }

    /** As PostgreSQL keeps it, so that the same term again compares equal. */
    private static Optional<Instant> micros(Optional<Instant> until) {
        return until.map(end -> end.truncatedTo(ChronoUnit.MICROS));
    }

    private static Account lockLive(DbExecute db, UUID account) {
        return AccountStore.lock(db, account).filter(found -> found.status() != AccountStatus.DELETED)
                .orElseThrow(() -> AuthProblems.problem(AuthProblems.ACCOUNT_NOT_FOUND, "account.not-found"));
    }

    private static Map<String, String> details(Suspension suspension) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("suspension", suspension.id().toString());
        details.put("cause", suspension.cause());
        suspension.decisionId().ifPresent(decision -> details.put("decision", decision.toString()));
        details.put("until", suspension.endsAt().map(Instant::toString).orElse("none"));
        suspension.reason().ifPresent(reason -> details.put("reason", reason));
        return details;
    }

    private static String key(UUID suspension) {
        return "suspension:" + suspension;
    }

    /**
     * The timer's data: which suspension of which account ends.
     *
     * @param accountId    the account
     * @param suspensionId the suspension
     */
    record Ending(UUID accountId, UUID suspensionId) {
    }

    /** A change decided in a transaction, applied to the view after it. */
    private record Outcome(Account account, boolean changed, List<UUID> ended, boolean reactivated,
                           Optional<Runnable> mail) {
        Outcome {
            ended = List.copyOf(ended);
        }

        static Outcome none(Account account) {
            return new Outcome(account, false, List.of(), false, Optional.empty());
        }
    }

    private record Imposed(Outcome outcome, Suspension suspension) {
    }
}
