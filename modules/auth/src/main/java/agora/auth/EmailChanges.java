package agora.auth;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import agora.auth.api.AccountStatus;
import agora.auth.api.AuthEvents;
import agora.auth.api.AuthEvents.EmailChanged;
import agora.platform.contract.TerritoryCode;
import agora.platform.core.problem.FieldError;
import agora.platform.core.problem.ProblemException;
import agora.platform.core.problem.Validation;
import agora.platform.data.Database;
import agora.platform.events.EventScope;
import agora.platform.events.Outbox;

import io.helidon.dbclient.DbExecute;

/**
 * Moving an account to another email address. A signed-in member asks with their password; a link
 * goes to the new address and a warning to the current one (if it was ever confirmed), and the
 * account keeps its address until the link is followed. Then the new address is the account's,
 * confirmed, provided no other account of the territory took it meanwhile (409 {@code email-taken}),
 * and the former address hears of it.
 *
 * <p>Whether the new address is taken is checked only at confirmation, not when asked: an answer
 * at that point would tell any member which addresses have accounts. Each account has at most one
 * pending change ({@code email.change-lifetime}, 24 hours); a newer request supersedes it, and a
 * password reset or change cancels it.
 */
final class EmailChanges {
    private static final String UNIQUE_VIOLATION = "23505";

    private final Database database;
    private final Passwords hasher;
    private final Outbox outbox;
    private final RecoveryMails mails;
    private final RecoveryConfig config;
    private final Clock clock;
    private final Audit audit;

    EmailChanges(Database database, Passwords hasher, Outbox outbox, RecoveryMails mails, RecoveryConfig config,
                 Clock clock, Audit audit) {
        this.audit = audit;
        this.database = database;
        this.hasher = hasher;
        this.outbox = outbox;
        this.mails = mails;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Asks to move the caller's account to a new address.
     *
     * @throws ProblemException 403 {@code wrong-password}, 404 {@code account-not-found},
     *                          422 {@code validation-failed} (the new address is the current one)
     */
    void request(TerritoryCode territory, UUID accountId, String newEmail, String password, Locale language) {
        Account account = database.inTerritory(territory, db -> AccountStore.find(db, accountId))
                .filter(found -> found.status() == AccountStatus.ACTIVE)
                .orElseThrow(() -> AuthProblems.problem(AuthProblems.ACCOUNT_NOT_FOUND, "account.not-found"));
        hasher.confirm(territory, account, password);
        String current = account.email().orElseThrow();
        if (current.equalsIgnoreCase(newEmail)) {
            throw Validation.failedWith(List.of(FieldError.body("/newEmail", "same-email",
                    AuthProblems.MESSAGES.text("field.same-email"))));
        }
        String token = Secrets.token(Secrets.TOKEN_BYTES);
        byte[] hash = Secrets.hash(token);
        database.runInTerritory(territory, db -> {
            Instant now = clock.instant();
            EmailChangeStore.request(db, accountId, hash, newEmail, now.plus(config.emailChangeLifetime()), now);
        });
        String name = account.displayName().orElseThrow();
        mails.confirmEmailChange(territory, newEmail, name, token, language);
        if (account.verified()) {
            mails.emailChangeRequested(territory, current, name, language);
        }
    }

    /**
     * Completes a change with the token from the mail to the new address.
     *
     * @return the account, with its new address confirmed
     * @throws ProblemException 400 {@code email-change-invalid} (unknown, superseded, cancelled or
     *                          expired, or the account is no longer active), 409 {@code email-taken}
     */
    Account confirm(TerritoryCode territory, String token, Locale language) {
        byte[] hash = Secrets.hash(token);
        Confirmed confirmed = database.inTerritory(territory, db -> {
            Instant now = clock.instant();
            UUID accountId = EmailChangeStore.find(db, hash).orElseThrow(EmailChanges::invalid).accountId();
            // The account row first, then the change: the order every writer of these rows keeps.
            Account before = AccountStore.lock(db, accountId)
                    .filter(found -> found.status() == AccountStatus.ACTIVE)
                    .orElseThrow(EmailChanges::invalid);
            EmailChangeStore.Pending pending = EmailChangeStore.lock(db, hash)
                    .filter(found -> found.accountId().equals(accountId) && now.isBefore(found.expiresAt()))
                    .orElseThrow(EmailChanges::invalid);
            if (AccountStore.findByEmail(db, pending.newEmail()).filter(other -> !other.id().equals(accountId))
                    .isPresent()) {
                throw AuthProblems.problem(AuthProblems.EMAIL_TAKEN, "email.taken");
            }
            long version = changeEmail(db, accountId, pending.newEmail(), now);
            audit.record(db, Optional.of(accountId), "auth.email.changed", Optional.of(accountId), Map.of());
            EmailChangeStore.deleteFor(db, accountId);
            // Links sent to the former address stop working.
            VerificationStore.deleteFor(db, accountId);
            PasswordResetStore.deleteFor(db, accountId);
            outbox.append(db, EventScope.territory(territory), AuthEvents.EMAIL_CHANGED, accountId.toString(),
                    version, new EmailChanged(accountId));
            return new Confirmed(before, AccountStore.find(db, accountId).orElseThrow());
        });
        Account before = confirmed.before();
        if (before.verified()) {
            mails.emailChanged(territory, before.email().orElseThrow(), before.displayName().orElseThrow(), language);
        }
        return confirmed.after();
    }

    /*
     * An account that registered (or confirmed a change) with the address after the check above
     * makes the update fail on the unique index; that aborts the transaction, which is rolled back.
     */
    private static long changeEmail(DbExecute db, UUID account, String email, Instant now) {
        try {
            return AccountStore.changeEmail(db, account, email, now);
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                    throw AuthProblems.problem(AuthProblems.EMAIL_TAKEN, "email.taken");
                }
            }
            throw e;
        }
    }

    private static ProblemException invalid() {
        return AuthProblems.problem(AuthProblems.EMAIL_CHANGE_INVALID, "email-change.invalid");
    }

    private record Confirmed(Account before, Account after) {
    }
}
