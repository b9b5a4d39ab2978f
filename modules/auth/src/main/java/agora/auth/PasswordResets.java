package agora.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import agora.auth.api.AccountStatus;
import agora.auth.api.AuthEvents;
import agora.auth.api.AuthEvents.SessionRevoked;
import agora.platform.contract.TerritoryCode;
import agora.platform.core.problem.ProblemException;
import agora.platform.data.Database;
import agora.platform.events.EventScope;
import agora.platform.events.Outbox;

import io.helidon.dbclient.DbExecute;

/**
 * Setting a password without the old one (a link mailed to the confirmed address) and with it (a
 * signed-in member).
 *
 * <p>A reset request is answered before anything is looked up: the look-up, the token and the mail
 * run in {@link BackgroundTasks}, so the answer and its timing are the same for an address with a
 * verified active account, an unverified one and none at all. Only the first gets a mail, and
 * at most {@code throttle.reset-mails} of them (3 an hour, 10 a day), whoever asks. Each
 * account has at most one live link ({@code password-reset.lifetime}, 30 minutes); a new request
 * replaces it, and using it deletes it.
 *
 * <p>Both ways hash the new password before their transaction (Argon2 takes tens of milliseconds);
 * a reset first checks its token with one indexed read, so only a live link costs a hash. A reset ends
 * every session of the account; a change every session but the caller's. Either also cancels a
 * pending reset link and email change: a member who secures the account after a warning mail
 * (someone asked to move it to another address) thereby stops that move. Transactions lock the
 * account row before the link rows, as every other writer of these rows does.
 */
final class PasswordResets {
    private static final System.Logger LOG = System.getLogger(PasswordResets.class.getName());
    /** Background workers for reset requests: the database pool and the mail server set the pace. */
    static final int WORKERS = 4;
    /** Reset requests queued beyond that; more are dropped (and logged). */
    static final int QUEUE = 1000;
    /** How long a stopping service waits for queued reset requests. */
    static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final Database database;
    private final Passwords hasher;
    private final Outbox outbox;
    private final AuthorizationUpdates updates;
    private final RecoveryMails mails;
    private final RecoveryConfig config;
    private final Clock clock;
    private final BackgroundTasks background;
    private final Audit audit;
    private final Throttle throttle;

    PasswordResets(Database database, Passwords hasher, Outbox outbox, AuthorizationUpdates updates,
                   RecoveryMails mails, RecoveryConfig config, Clock clock, BackgroundTasks background, Audit audit,
                   Throttle throttle) {
        this.audit = audit;
        this.throttle = throttle;
        this.database = database;
        this.hasher = hasher;
        this.outbox = outbox;
        this.updates = updates;
        this.mails = mails;
        this.config = config;
        this.clock = clock;
        this.background = background;
    }

    /** Queues a reset request and returns at once, whatever the address. */
    void request(TerritoryCode territory, String email, Locale language) {
        background.submit(() -> issue(territory, email, language));
    }

    /**
     * Issues and mails a link when the address is the confirmed one of an active account and the
     * account's reset mails are within {@code throttle.reset-mails}; else nothing. Beyond the limit
     * the link mailed last stays the one that works (decision 84).
     */
    void issue(TerritoryCode territory, String email, Locale language) {
        Optional<Account> owner = database.inTerritory(territory, db -> AccountStore.findByEmail(db, email)
                .filter(account -> account.status() == AccountStatus.ACTIVE && account.verified()));
        if (owner.isEmpty()) {
            return;
        }
        Account account = owner.get();
        if (!throttle.resetMail(territory, account.id())) {
            LOG.log(System.Logger.Level.INFO, "No password-reset mail for account {0}: it had its reset mails "
                    + "for now (agora.auth.throttle.reset-mails)", account.id());
            return;
        }
        String token = Secrets.token(Secrets.TOKEN_BYTES);
        database.runInTerritory(territory, db -> {
            Instant now = clock.instant();
            PasswordResetStore.issue(db, account.id(), Secrets.hash(token), now.plus(config.resetLifetime()), now);
        });
        mails.reset(territory, account.email().orElseThrow(), account.displayName().orElseThrow(), token, language);
    }

    /**
     * Sets a new password with a reset link's token and ends every session of the account.
     *
     * @throws ProblemException 400 {@code reset-token-invalid}: unknown, used, replaced or expired,
     *                          or the account is no longer active
     */
    void reset(TerritoryCode territory, String token, String password, Locale language) {
        byte[] hash = Secrets.hash(token);
        Account owner = database.inTerritory(territory, db -> PasswordResetStore.find(db, hash)
                        .filter(pending -> clock.instant().isBefore(pending.expiresAt()))
                        .flatMap(pending -> AccountStore.find(db, pending.accountId())))
                .orElseThrow(PasswordResets::invalid);
        UUID accountId = owner.id();
        hasher.require("/password", password, personalWords(owner));
        String passwordHash = hasher.hash(password);
        Changed changed = database.inTerritory(territory, db -> {
            Instant now = clock.instant();
            Account account = AccountStore.lock(db, accountId)
                    .filter(found -> found.status() == AccountStatus.ACTIVE)
                    .orElseThrow(PasswordResets::invalid);
            // Taken under the account's lock: of two resets with one link, one finds it gone.
            PasswordResetStore.take(db, hash)
                    .filter(pending -> pending.accountId().equals(accountId) && now.isBefore(pending.expiresAt()))
                    .orElseThrow(PasswordResets::invalid);
            AccountStore.setPassword(db, accountId, passwordHash);
            audit.record(db, Optional.of(accountId), "auth.password.reset", Optional.of(accountId), Map.of());
            EmailChangeStore.deleteFor(db, accountId);
            return new Changed(account, Logins.endAll(db, territory, accountId, "password-reset", outbox, now));
        });
        updates.sessionsRevoked(territory, changed.ended());
        notify(territory, changed.account(), language);
    }

    /**
     * Changes the caller's password, confirmed with the current one, and ends the account's other
     * sessions; the calling session stays.
     *
     * @throws ProblemException 403 {@code wrong-password} (also when the password changed meanwhile),
     *                          404 {@code account-not-found}
     */
    void change(TerritoryCode territory, UUID accountId, UUID session, String current, String password,
                Locale language) {
        Account account = database.inTerritory(territory, db -> AccountStore.find(db, accountId))
                .filter(found -> found.status() == AccountStatus.ACTIVE)
                .orElseThrow(PasswordResets::notFound);
        String stored = account.passwordHash().orElseThrow(PasswordResets::notFound);
        hasher.confirm(territory, account, current);
        hasher.require("/newPassword", password, personalWords(account));
        String passwordHash = hasher.hash(password);
        List<UUID> ended = database.inTerritory(territory, db -> {
            Instant now = clock.instant();
            Account locked = AccountStore.lock(db, accountId)
                    .filter(found -> found.status() == AccountStatus.ACTIVE)
                    .orElseThrow(PasswordResets::notFound);
            if (!locked.passwordHash().orElse("").equals(stored)) {
                // Another reset or change won the race: the password checked above is no longer current.
                throw AuthProblems.problem(AuthProblems.WRONG_PASSWORD, "password.wrong");
            }
            AccountStore.setPassword(db, accountId, passwordHash);
            audit.record(db, Optional.of(accountId), "auth.password.changed", Optional.of(accountId), Map.of());
            PasswordResetStore.deleteFor(db, accountId);
            EmailChangeStore.deleteFor(db, accountId);
            return endOthers(db, territory, accountId, session, now);
        });
        updates.sessionsRevoked(territory, ended);
        notify(territory, account, language);
    }

    private List<UUID> endOthers(DbExecute db, TerritoryCode territory, UUID account, UUID keep, Instant now) {
        List<UUID> ended = SessionStore.revokeOthers(db, account, keep, "password-changed", now);
        ended.forEach(session -> outbox.append(db, EventScope.territory(territory), AuthEvents.SESSION_REVOKED,
                account.toString(), 0, new SessionRevoked(account, session, "password-changed")));
        return ended;
    }

    /** The owner hears of every new password, at the confirmed address only. */
    private void notify(TerritoryCode territory, Account account, Locale language) {
        if (account.verified()) {
            mails.passwordChanged(territory, account.email().orElseThrow(), account.displayName().orElseThrow(),
                    language);
        }
    }

    private static ProblemException invalid() {
        return AuthProblems.problem(AuthProblems.RESET_TOKEN_INVALID, "reset.invalid");
    }

    private static ProblemException notFound() {
        return AuthProblems.problem(AuthProblems.ACCOUNT_NOT_FOUND, "account.not-found");
    }

    private record Changed(Account account, List<UUID> ended) {
    }

    /** What a new password must not contain: the account's address and name. */
    static List<String> personalWords(Account account) {
        return java.util.stream.Stream.concat(account.email().stream(), account.displayName().stream()).toList();
    }
}
