package agora.auth;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import agora.auth.api.AccountStatus;
import agora.auth.api.AuthEvents;
import agora.auth.api.AuthEvents.SessionRevoked;
import agora.platform.contract.TerritoryCode;
import agora.platform.core.problem.ProblemException;
import agora.platform.data.Database;
import agora.platform.events.EventScope;
import agora.platform.events.Outbox;
import agora.platform.security.Principal;
import agora.platform.security.SecurityMessages;
import agora.platform.security.SecurityProblems;

import io.helidon.dbclient.DbExecute;

/**
 * Sessions: login (with a second step for accounts with two-factor sign-in), refresh-token rotation
 * with reuse detection, logout, and the sessions list.
 *
 * <p>A refresh token is used once. Its successor is {@code HMAC(secret, token)}, so a client that
 * lost the answer to a refresh and retries within the grace window gets the very same successor
 * (nothing but hashes is stored). A rotated token presented after the grace window, or after its
 * successor was used, means two parties hold the family: the whole session is revoked.
 */
final class Logins {
    private final Database database;
    private final Passwords hasher;
    private final KeySecret secret;
    private final AccessTokens tokens;
    private final Outbox outbox;
    private final AuthorizationUpdates updates;
    private final AuthConfig config;
    private final Clock clock;
    private final Supplier<UUID> ids;
    private final Throttle throttle;
    private final LoginChallenges challenges;
    private final TwoFactor twoFactor;
    private final Audit audit;

    Logins(Database database, Passwords hasher, KeySecret secret, AccessTokens tokens, Outbox outbox,
           AuthorizationUpdates updates, AuthConfig config, Clock clock, Supplier<UUID> ids, Throttle throttle,
           LoginChallenges challenges, TwoFactor twoFactor, Audit audit) {
        this.audit = audit;
        this.throttle = throttle;
        this.database = database;
        this.hasher = hasher;
        this.secret = secret;
        this.tokens = tokens;
        this.outbox = outbox;
        this.updates = updates;
        this.config = config;
        this.clock = clock;
        this.ids = ids;
        this.challenges = challenges;
        this.twoFactor = twoFactor;
    }

    /**
     * Signs in with email and password: opens a session, or, for an account with two-factor
     * sign-in, answers a challenge for {@link #secondStep}.
     *
     * A suspended account's session is restricted (its answer says until when and why).
     *
     * @throws ProblemException 401 {@code invalid-credentials} (unknown email and wrong password alike)
     */
    SignIn login(TerritoryCode territory, Credentials credentials) {
        String address = credentials.clientAddress().orElse("unknown");
        // The attempt's permits are taken before any hash; a wrong password keeps them (the count).
        Throttle.Attempt attempt = throttle.login(territory, credentials.email(), address);
        if (hasher.tooLong(credentials.password())) {
            // No account has a password this long: refused without the cost of a hash.
            throw AuthProblems.signInAgain(AuthProblems.INVALID_CREDENTIALS, "credentials.invalid");
        }
        Optional<Account> found;
        Optional<String> hash;
        boolean valid;
        try {
            found = database.inTerritory(territory, db -> AccountStore.findByEmail(db, credentials.email()));
            hash = found.flatMap(Account::passwordHash);
            if (hash.isEmpty()) {
                // The same work as a wrong password, so the answer's timing does not tell whether the email exists.
                hasher.verifyNothing(credentials.password());
                valid = false;
            } else {
                valid = hasher.verify(credentials.password(), hash.get());
            }
        } catch (RuntimeException notJudged) {
            // The hasher was full or a backend failed: the password was not checked, nothing counts.
            abandon(attempt, notJudged);
            throw notJudged;
        }
        if (!valid) {
            database.runInTerritory(territory, db -> audit.record(db, Optional.empty(), "auth.login.failed",
                    found.map(Account::id), Map.of()));
            throw AuthProblems.signInAgain(AuthProblems.INVALID_CREDENTIALS, "credentials.invalid");
        }
        attempt.succeeded();
        Optional<String> rehashed = hasher.needsRehash(hash.get())
                ? Optional.of(hasher.hash(credentials.password())) : Optional.empty();
        UUID accountId = found.get().id();
        String refresh = Secrets.token(Secrets.REFRESH_BYTES);
        Optional<String> csrf = credentials.cookieMode() ? Optional.of(Secrets.token(Secrets.TOKEN_BYTES)) : Optional.empty();
        FirstStep step = database.inTerritory(territory, db -> {
            Instant now = clock.instant();
            Account account = AccountStore.lock(db, accountId)
                    .filter(locked -> locked.status() != AccountStatus.DELETED)
                    .orElseThrow(() -> AuthProblems.signInAgain(AuthProblems.INVALID_CREDENTIALS, "credentials.invalid"));
            rehashed.ifPresent(newHash -> AccountStore.rehash(db, accountId, newHash));
            AccountStore.setLanguage(db, accountId, credentials.language());
            // Decided under the account's lock, which turning two-factor on also takes.
            Optional<LoginChallenges.Challenge> challenge = challenges.issue(db, accountId, credentials.cookieMode(), now);
            if (challenge.isPresent()) {
                return new FirstStep.Challenged(challenge.get());
            }
            // A suspended member signs in to a restricted session: their account, their record, appeals.
            Session session = open(db, account, credentials.cookieMode(), csrf, credentials.userAgent(),
                    credentials.clientAddress(), TwoFactorConfig.Amr.PASSWORD_ONLY, Optional.empty(), refresh, now);
            return new FirstStep.Opened(session, suspension(db, session));
        });
        return switch (step) {
            case FirstStep.Opened opened -> grant(territory, found.get(), opened.session(), refresh, csrf,
                    opened.suspension());
            case FirstStep.Challenged challenged -> challenged.challenge();
        };
    }

    /** Gives an unjudged attempt's permits back, keeping the reason it was not judged as the failure to report. */
    static void abandon(Throttle.Attempt attempt, RuntimeException reason) {
        try {
            attempt.abandoned();
        } catch (RuntimeException alsoFailed) {
            reason.addSuppressed(alsoFailed);
        }
    }

    /**
     * The second step of a login: the challenge from the first and a TOTP code or a recovery code.
     * Opens a session with the delivery chosen at the first step and {@code amr} {@code [pwd, otp]}.
     *
     * @throws ProblemException 401 {@code login-challenge-invalid} (unknown, used, expired, or out of
     *                          attempts) or {@code two-factor-code-invalid};
     *                          429 {@code too-many-requests} after too many wrong codes in a row
     */
    Grant secondStep(TerritoryCode territory, SecondStep step) {
        String refresh = Secrets.token(Secrets.REFRESH_BYTES);
        String csrfToken = Secrets.token(Secrets.TOKEN_BYTES);
        SecondStepOutcome outcome = database.inTerritory(territory, db -> {
            Instant now = clock.instant();
            LoginChallenges.Pending challenge = challenges.take(db, step.challenge(), now);
            Optional<Account> account = AccountStore.lock(db, challenge.accountId())
                    .filter(locked -> locked.status() != AccountStatus.DELETED);
            if (account.isEmpty()) {
                LoginChallenges.used(db, challenge);
                return new SecondStepOutcome.Refused(new TwoFactor.Verdict.Off());
            }
            TwoFactor.Verdict verdict = twoFactor.check(db, challenge.accountId(), step.proof(), now);
            switch (verdict) {
                case TwoFactor.Verdict.Accepted accepted -> {
                    LoginChallenges.used(db, challenge);
                    Optional<String> csrf = challenge.cookieMode() ? Optional.of(csrfToken) : Optional.empty();
                    Session session = open(db, account.get(), challenge.cookieMode(), csrf, step.userAgent(),
                            step.clientAddress(), TwoFactorConfig.Amr.TWO_FACTOR, Optional.of(accepted.method()),
                            refresh, now);
                    return new SecondStepOutcome.Opened(account.get(), session, csrf, suspension(db, session));
                }
                case TwoFactor.Verdict.Refused refused -> challenges.failed(db, challenge);
                case TwoFactor.Verdict.Off off -> LoginChallenges.used(db, challenge);
                case TwoFactor.Verdict.Locked locked -> {
                    // Not the caller's guess: the challenge keeps its attempts.
                }
            }
            return new SecondStepOutcome.Refused(verdict);
        });
        return switch (outcome) {
            case SecondStepOutcome.Opened opened -> grant(territory, opened.account(), opened.session(), refresh,
                    opened.csrf(), opened.suspension());
            case SecondStepOutcome.Refused refused -> throw switch (refused.verdict()) {
                case TwoFactor.Verdict.Locked locked -> TwoFactor.locked(locked);
                case TwoFactor.Verdict.Off off -> LoginChallenges.invalid();
                default -> AuthProblems.signInAgain(AuthProblems.TWO_FACTOR_CODE_INVALID, "two-factor.code-invalid");
            };
        };
    }

    /**
     * Opens a session with its first refresh token, inside the caller's transaction (which holds the
     * account's lock): restricted ({@code scope} {@value Principal#APPEAL_SCOPE}) when the account is
     * suspended.
     */
    private Session open(DbExecute db, Account account, boolean cookieMode, Optional<String> csrf,
                         Optional<String> userAgent, Optional<String> clientAddress, List<String> amr,
                         Optional<String> secondFactor, String refresh, Instant now) {
        UUID accountId = account.id();
        Optional<String> scope = account.status() == AccountStatus.SUSPENDED
                ? Optional.of(Principal.APPEAL_SCOPE) : Optional.empty();
        Session opened = new Session(ids.get(), accountId, now, now, now.plus(config.refreshLifetime()), cookieMode,
                csrf.map(Secrets::hash), userAgent, clientAddress, Optional.empty(), Optional.empty(), amr,
                secondFactor, scope);
        SessionStore.insert(db, opened);
        SessionStore.insertToken(db, Secrets.hash(refresh), opened.id(), 0, now);
        Map<String, String> details = new java.util.LinkedHashMap<>();
        details.put("amr", String.join(" ", amr));
        scope.ifPresent(restricted -> details.put("scope", restricted));
        audit.record(db, Optional.of(accountId), "auth.login.succeeded", Optional.of(opened.id()), details);
        return opened;
    }

    /** The term a restricted session's answer tells: until when the account stays suspended and why. */
    private static Optional<SuspensionStore.Term> suspension(DbExecute db, Session session) {
        return session.restricted() ? SuspensionStore.term(SuspensionStore.open(db, session.accountId()))
                : Optional.empty();
    }

    /**
     * Exchanges a refresh token for a new access token and the next refresh token.
     *
     * @param presented the refresh token and how it came (body, or cookie with its CSRF header)
     * @throws ProblemException 401 {@code invalid-refresh-token}, {@code refresh-token-reused},
     *                          {@code session-expired}, {@code session-revoked}; 403 {@code csrf-check-failed},
     *                          {@code account-suspended}
     */
    Grant refresh(TerritoryCode territory, PresentedToken presented) {
        byte[] hash = Secrets.hash(presented.token());
        Rotation rotation = database.inTerritory(territory, db -> rotate(db, territory, presented, hash));
        return switch (rotation) {
            case Rotation.Rotated rotated -> grant(territory, rotated.account(), rotated.session(), rotated.successor(),
                    Optional.empty(), rotated.suspension());
            case Rotation.Reused reused -> {
                updates.sessionsRevoked(territory, List.of(reused.session()));
                throw AuthProblems.signInAgain(AuthProblems.REFRESH_TOKEN_REUSED, "refresh.reused");
            }
        };
    }

    private Rotation rotate(DbExecute db, TerritoryCode territory, PresentedToken presented, byte[] hash) {
        Instant now = clock.instant();
        SessionStore.RefreshToken token = SessionStore.token(db, hash).orElseThrow(Logins::invalidRefresh);
        Session session = SessionStore.lock(db, token.sessionId()).orElseThrow(Logins::invalidRefresh);
        checkDelivery(session, presented);
        if (session.revokedAt().isPresent()) {
            throw SecurityProblems.refused(SecurityProblems.SESSION_REVOKED,
                    SecurityMessages.MESSAGES.text("session.revoked"));
        }
        if (!session.usable(now, config.refreshIdleTimeout())) {
            throw AuthProblems.signInAgain(AuthProblems.SESSION_EXPIRED, "session.expired");
        }
        Account account = AccountStore.find(db, session.accountId()).orElseThrow(Logins::invalidRefresh);
        if (account.status() == AccountStatus.SUSPENDED && !session.restricted()) {
            // Suspension ends the full sessions; should one be refreshed all the same, it gets nothing.
            throw suspended();
        }
        if (account.status() == AccountStatus.DELETED) {
            throw invalidRefresh();
        }
        String successor = successor(presented.token());
        byte[] successorHash = Secrets.hash(successor);
        if (token.usedAt().isEmpty()) {
            SessionStore.useToken(db, hash, now);
            SessionStore.insertToken(db, successorHash, session.id(), token.generation() + 1, now);
            SessionStore.touch(db, session.id(), now);
            return new Rotation.Rotated(account, session, successor, suspension(db, session));
        }
        boolean withinGrace = !now.isAfter(token.usedAt().get().plus(config.refreshGrace()));
        boolean successorUnused = SessionStore.token(db, successorHash)
                .filter(next -> next.usedAt().isEmpty()).isPresent();
        if (withinGrace && successorUnused) {
            // A retry of a refresh whose answer was lost: the same successor again.
            SessionStore.touch(db, session.id(), now);
            return new Rotation.Rotated(account, session, successor, suspension(db, session));
        }
        revoke(db, territory, session, "refresh-reuse", now);
        return new Rotation.Reused(session.id());
    }

    /** A cookie-mode session refreshes only through its cookie with the CSRF header; a body-mode one never does. */
    private static void checkDelivery(Session session, PresentedToken presented) {
        if (session.cookieMode() != presented.fromCookie()) {
            throw invalidRefresh();
        }
        if (session.cookieMode() && !csrfMatches(session, presented.csrf())) {
            throw AuthProblems.problem(AuthProblems.CSRF_FAILED, "csrf.failed");
        }
    }

    private static boolean csrfMatches(Session session, Optional<CsrfPair> csrf) {
        return csrf.filter(pair -> pair.header().equals(pair.cookie()))
                .filter(pair -> Secrets.matches(pair.header(), session.csrfHash().orElseThrow()))
                .isPresent();
    }

    /**
     * Ends the session a refresh token belongs to (cookie or body logout).
     *
     * @throws ProblemException as {@link #refresh} for a token that is unknown or fails its CSRF check
     */
    void logout(TerritoryCode territory, PresentedToken presented) {
        byte[] hash = Secrets.hash(presented.token());
        Optional<UUID> ended = database.inTerritory(territory, db -> {
            SessionStore.RefreshToken token = SessionStore.token(db, hash).orElseThrow(Logins::invalidRefresh);
            Session session = SessionStore.lock(db, token.sessionId()).orElseThrow(Logins::invalidRefresh);
            checkDelivery(session, presented);
            return revoke(db, territory, session, "logout", clock.instant()) ? Optional.of(session.id()) : Optional.empty();
        });
        ended.ifPresent(session -> updates.sessionsRevoked(territory, List.of(session)));
    }

    /**
     * Ends one session of an account (its own logout by access token, or revoking one from the list).
     *
     * @throws ProblemException 404 {@code session-not-found} when the account has no such session
     */
    void end(TerritoryCode territory, UUID account, UUID sessionId, String reason) {
        boolean ended = database.inTerritory(territory, db -> {
            Session session = SessionStore.lock(db, sessionId)
                    .filter(found -> found.accountId().equals(account))
                    .orElseThrow(() -> AuthProblems.problem(AuthProblems.SESSION_NOT_FOUND, "session.not-found"));
            return revoke(db, territory, session, reason, clock.instant());
        });
        if (ended) {
            updates.sessionsRevoked(territory, List.of(sessionId));
        }
    }

    /** Ends every session of an account. */
    void endAll(TerritoryCode territory, UUID account, String reason) {
        List<UUID> ended = database.inTerritory(territory, db -> endAll(db, territory, account, reason, outbox,
                clock.instant()));
        updates.sessionsRevoked(territory, ended);
    }

    /** Ends every session of an account inside the caller's transaction, with an event for each. */
    static List<UUID> endAll(DbExecute db, TerritoryCode territory, UUID account, String reason, Outbox outbox,
                             Instant now) {
        List<UUID> ended = SessionStore.revokeAll(db, account, reason, now);
        ended.forEach(session -> outbox.append(db, EventScope.territory(territory), AuthEvents.SESSION_REVOKED,
                account.toString(), 0, new SessionRevoked(account, session, reason)));
        return ended;
    }

    /** An account's live sessions, oldest first. */
    List<Session> sessions(TerritoryCode territory, UUID account, Optional<UUID> after, int limit) {
        Instant now = clock.instant();
        return database.inTerritory(territory, db -> SessionStore.live(db, account, now,
                now.minus(config.refreshIdleTimeout()), after, limit));
    }

    private boolean revoke(DbExecute db, TerritoryCode territory, Session session, String reason, Instant now) {
        if (!SessionStore.revoke(db, session.id(), reason, now)) {
            return false;
        }
        outbox.append(db, EventScope.territory(territory), AuthEvents.SESSION_REVOKED,
                session.accountId().toString(), 0, new SessionRevoked(session.accountId(), session.id(), reason));
        audit.record(db, Optional.of(session.accountId()), "auth.session.revoked", Optional.of(session.id()),
                Map.of("reason", reason));
        return true;
    }

    private Grant grant(TerritoryCode territory, Account account, Session session, String refresh, Optional<String> csrf,
                        Optional<SuspensionStore.Term> suspension) {
        AccessTokens.Issued access = tokens.issue(territory, account, session);
        return new Grant(access, refresh, session, csrf, suspension);
    }

    private String successor(String token) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(secret.mac("refresh-successor", token.getBytes(StandardCharsets.UTF_8)));
    }

    private static ProblemException invalidRefresh() {
        return AuthProblems.signInAgain(AuthProblems.INVALID_REFRESH_TOKEN, "refresh.invalid");
    }

    private static ProblemException suspended() {
        return new ProblemException(SecurityProblems.ACCOUNT_SUSPENDED, AuthProblems.MESSAGES.text("account.suspended"));
    }

    /**
     * A login request, validated.
     *
     * @param email         the address
     * @param password      the password
     * @param cookieMode    whether the refresh token goes into a cookie
     * @param userAgent     the caller's User-Agent, shortened
     * @param clientAddress the caller's address
     * @param language      the caller's language, kept for the mails no request carries
     */
    record Credentials(String email, String password, boolean cookieMode, Optional<String> userAgent,
                       Optional<String> clientAddress, java.util.Locale language) {
    }

    /**
     * The second step of a login, validated.
     *
     * @param challenge     the challenge from the first step
     * @param proof         the second factor
     * @param userAgent     the caller's User-Agent, shortened
     * @param clientAddress the caller's address
     */
    record SecondStep(String challenge, TwoFactor.Proof proof, Optional<String> userAgent,
                      Optional<String> clientAddress) {
    }

    /** What a password login answers: a grant, or a challenge for the second step. */
    sealed interface SignIn permits Grant, LoginChallenges.Challenge {
    }

    /**
     * A refresh token as presented.
     *
     * @param token      the token
     * @param fromCookie whether it came in the cookie
     * @param csrf       in cookie mode, the CSRF header and cookie values
     */
    record PresentedToken(String token, boolean fromCookie, Optional<CsrfPair> csrf) {
    }

    /**
     * The double-submitted CSRF token.
     *
     * @param header the {@code X-CSRF-Token} header
     * @param cookie the {@code __Host-agora-csrf} cookie
     */
    record CsrfPair(String header, String cookie) {
    }

    /**
     * What a login or refresh hands out.
     *
     * @param access  the access token
     * @param refresh the refresh token
     * @param session the session
     * @param csrf    a new CSRF token (cookie-mode login)
     * @param suspension for a restricted session whose account is suspended: until when and why
     */
    record Grant(AccessTokens.Issued access, String refresh, Session session, Optional<String> csrf,
                 Optional<SuspensionStore.Term> suspension) implements SignIn {
    }

    /** The outcome of a password login's transaction. */
    private sealed interface FirstStep {
        record Opened(Session session, Optional<SuspensionStore.Term> suspension) implements FirstStep {
        }

        record Challenged(LoginChallenges.Challenge challenge) implements FirstStep {
        }
    }

    /** The outcome of a second-step transaction: decided inside, answered after the commit. */
    private sealed interface SecondStepOutcome {
        record Opened(Account account, Session session, Optional<String> csrf,
                      Optional<SuspensionStore.Term> suspension) implements SecondStepOutcome {
        }

        record Refused(TwoFactor.Verdict verdict) implements SecondStepOutcome {
        }
    }

    /** The outcome of a refresh transaction: decided inside, answered after the commit. */
    private sealed interface Rotation {
        record Rotated(Account account, Session session, String successor,
                       Optional<SuspensionStore.Term> suspension) implements Rotation {
        }

        record Reused(UUID session) implements Rotation {
        }
    }
}
