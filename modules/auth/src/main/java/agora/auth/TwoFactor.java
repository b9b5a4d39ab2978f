package agora.auth;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import agora.auth.api.AccountStatus;
import agora.platform.contract.ProblemKind;
import agora.platform.contract.TerritoryCode;
import agora.platform.core.problem.ProblemException;
import agora.platform.data.Database;

import io.helidon.dbclient.DbExecute;

/**
 * An account's second factor: setting up a TOTP authenticator (a pending secret, confirmed by its
 * first code), the recovery codes that come with it, turning it off, and checking a code at sign-in.
 *
 * <p>Changing the second factor needs the password again (and, to turn it off or renew the recovery
 * codes, a current code): a stolen session alone cannot add, remove or read out a factor. Every
 * check of a code runs under a lock of the account's row, so an accepted step is recorded before
 * the next check reads it (no code works twice), and wrong codes are counted across every login
 * challenge: after {@code failure-limit} in a row, codes are checked at most once per {@code lockout}.
 */
final class TwoFactor {
    private final Database database;
    private final Passwords hasher;
    private final KeySecret secret;
    private final TwoFactorConfig config;
    private final Clock clock;
    private final Audit audit;

    TwoFactor(Database database, Passwords hasher, KeySecret secret, TwoFactorConfig config, Clock clock, Audit audit) {
        this.audit = audit;
        this.database = database;
        this.hasher = hasher;
        this.secret = secret;
        this.config = config;
        this.clock = clock;
    }

    /** Whether an account has two-factor sign-in, and what it holds. */
    Status status(TerritoryCode territory, UUID accountId) {
        return database.inTerritory(territory, db -> {
            Instant now = clock.instant();
            Account account = AccountStore.find(db, accountId).orElseThrow(TwoFactor::accountNotFound);
            Optional<TwoFactorStore.SecondFactor> factor = TwoFactorStore.find(db, accountId);
            boolean enabled = factor.filter(TwoFactorStore.SecondFactor::enabled).isPresent();
            return new Status(enabled, factor.flatMap(TwoFactorStore.SecondFactor::enabledAt),
                    factor.flatMap(TwoFactorStore.SecondFactor::pendingUntil).filter(now::isBefore),
                    enabled ? TwoFactorStore.codesLeft(db, accountId) : 0, config.requiredOf(account.roles()));
        });
    }

    /**
     * Starts setting up an authenticator: a new secret, waiting {@code enrolment-lifetime} for its
     * first code. Starting again replaces a set-up that was not confirmed.
     *
     * @throws ProblemException 403 {@code wrong-password}, 409 {@code two-factor-already-enabled}
     */
    Enrolment enrol(TerritoryCode territory, UUID accountId, String password) {
        Account account = withPassword(territory, accountId, password);
        byte[] key = Totp.newSecret();
        Instant until = database.inTerritory(territory, db -> {
            Instant now = clock.instant();
            lockAccount(db, accountId);
            if (TwoFactorStore.find(db, accountId).filter(TwoFactorStore.SecondFactor::enabled).isPresent()) {
                throw AuthProblems.problem(AuthProblems.TWO_FACTOR_ALREADY_ENABLED, "two-factor.already-enabled");
            }
            Instant expires = now.plus(config.enrolmentLifetime());
            TwoFactorStore.pending(db, accountId, secret.seal(key, associatedData(accountId)), now, expires);
            return expires;
        });
        return new Enrolment(Totp.base32(key), Totp.uri(territory, account.email().orElseThrow(), key), until);
    }

    /**
     * Confirms a set-up with the authenticator's current code: two-factor sign-in is on from now,
     * and the answer holds the recovery codes (shown this once). The code's step counts as used.
     *
     * @throws ProblemException 403 {@code wrong-two-factor-code}, 409 {@code two-factor-not-pending} or
     *                          {@code two-factor-already-enabled}
     */
    List<String> confirm(TerritoryCode territory, UUID accountId, String code) {
        List<String> codes = RecoveryCodes.generate();
        return database.inTerritory(territory, db -> {
            Instant now = clock.instant();
            lockAccount(db, accountId);
            TwoFactorStore.SecondFactor factor = TwoFactorStore.lock(db, accountId)
                    .orElseThrow(() -> AuthProblems.problem(AuthProblems.TWO_FACTOR_NOT_PENDING, "two-factor.not-pending"));
            if (factor.enabled()) {
                throw AuthProblems.problem(AuthProblems.TWO_FACTOR_ALREADY_ENABLED, "two-factor.already-enabled");
            }
            if (factor.pendingUntil().filter(now::isBefore).isEmpty()) {
                throw AuthProblems.problem(AuthProblems.TWO_FACTOR_NOT_PENDING, "two-factor.not-pending");
            }
            OptionalLong step = Totp.match(open(factor), code, now, OptionalLong.empty());
            if (step.isEmpty()) {
                throw AuthProblems.problem(AuthProblems.WRONG_TWO_FACTOR_CODE, "two-factor.wrong-code");
            }
            TwoFactorStore.enable(db, accountId, step.getAsLong(), now);
            audit.record(db, Optional.of(accountId), "auth.two-factor.enabled", Optional.of(accountId), Map.of());
            TwoFactorStore.replaceCodes(db, accountId, codes.stream()
                    .map(typed -> RecoveryCodes.hash(RecoveryCodes.normalise(typed).orElseThrow())).toList(), now);
            return codes;
        });
    }

    /**
     * Turns two-factor sign-in off, with the password and a current code or a recovery code. Sessions
     * stay as they signed in; pending login challenges end.
     *
     * @throws ProblemException 403 {@code wrong-password} or {@code wrong-two-factor-code}, 409
     *                          {@code two-factor-not-enabled}, 429 {@code too-many-requests}
     */
    void disable(TerritoryCode territory, UUID accountId, String password, Proof proof) {
        withPassword(territory, accountId, password);
        Verdict verdict = database.inTerritory(territory, db -> {
            Verdict checked = check(db, accountId, proof, clock.instant());
            if (checked instanceof Verdict.Accepted) {
                TwoFactorStore.delete(db, accountId);
                audit.record(db, Optional.of(accountId), "auth.two-factor.disabled", Optional.of(accountId), Map.of());
                LoginChallenges.deleteFor(db, accountId);
            }
            return checked;
        });
        requireAccepted(verdict);
    }

    /**
     * Replaces the recovery codes (the old ones stop working), with the password and a current code
     * or a recovery code.
     *
     * @return the new codes, shown this once
     * @throws ProblemException as {@link #disable}
     */
    List<String> regenerate(TerritoryCode territory, UUID accountId, String password, Proof proof) {
        withPassword(territory, accountId, password);
        List<String> codes = RecoveryCodes.generate();
        Verdict verdict = database.inTerritory(territory, db -> {
            Instant now = clock.instant();
            Verdict checked = check(db, accountId, proof, now);
            if (checked instanceof Verdict.Accepted) {
                TwoFactorStore.replaceCodes(db, accountId, codes.stream()
                        .map(typed -> RecoveryCodes.hash(RecoveryCodes.normalise(typed).orElseThrow())).toList(), now);
                audit.record(db, Optional.of(accountId), "auth.two-factor.recovery-codes-replaced",
                        Optional.of(accountId), Map.of());
            }
            return checked;
        });
        requireAccepted(verdict);
        return codes;
    }

    /**
     * Checks a second factor inside the caller's transaction and records the outcome: an accepted
     * TOTP step, a used-up recovery code, or one more wrong code. The caller commits in every case
     * and answers after the commit.
     *
     * @return the verdict
     */
    Verdict check(DbExecute db, UUID accountId, Proof proof, Instant now) {
        Optional<TwoFactorStore.SecondFactor> found = TwoFactorStore.lock(db, accountId)
                .filter(TwoFactorStore.SecondFactor::enabled);
        if (found.isEmpty()) {
            return new Verdict.Off();
        }
        TwoFactorStore.SecondFactor factor = found.get();
        if (factor.failures() >= config.failureLimit()) {
            Instant free = factor.lastFailureAt().orElse(now).plus(config.lockout());
            if (now.isBefore(free)) {
                return new Verdict.Locked(Duration.between(now, free));
            }
        }
        switch (proof) {
            case Proof.Code code -> {
                OptionalLong step = Totp.match(open(factor), code.code(), now, factor.lastStep());
                if (step.isPresent()) {
                    TwoFactorStore.usedStep(db, accountId, step.getAsLong());
                    return new Verdict.Accepted(Proof.TOTP);
                }
            }
            case Proof.RecoveryCode code -> {
                if (TwoFactorStore.useCode(db, accountId, RecoveryCodes.hash(code.normalised()))) {
                    TwoFactorStore.succeeded(db, accountId);
                    return new Verdict.Accepted(Proof.RECOVERY_CODE);
                }
            }
        }
        TwoFactorStore.failed(db, accountId, now);
        return new Verdict.Refused();
    }

    /** The 429 for a locked account's codes, with {@code Retry-After}. */
    static ProblemException locked(Verdict.Locked locked) {
        long seconds = Math.max(1, locked.retryAfter().toSeconds() + (locked.retryAfter().toNanosPart() > 0 ? 1 : 0));
        return new ProblemException(ProblemKind.TOO_MANY_REQUESTS,
                AuthProblems.MESSAGES.text("two-factor.locked", (seconds + 59) / 60))
                .header("Retry-After", Long.toString(seconds));
    }

    private static void requireAccepted(Verdict verdict) {
        switch (verdict) {
            case Verdict.Accepted accepted -> {
            }
            case Verdict.Refused refused ->
                    throw AuthProblems.problem(AuthProblems.WRONG_TWO_FACTOR_CODE, "two-factor.wrong-code");
            case Verdict.Locked locked -> throw locked(locked);
            case Verdict.Off off ->
                    throw AuthProblems.problem(AuthProblems.TWO_FACTOR_NOT_ENABLED, "two-factor.not-enabled");
        }
    }

    private Account withPassword(TerritoryCode territory, UUID accountId, String password) {
        Account account = database.inTerritory(territory, db -> AccountStore.find(db, accountId))
                .filter(found -> found.status() != AccountStatus.DELETED)
                .orElseThrow(TwoFactor::accountNotFound);
        hasher.confirm(territory, account, password);
        return account;
    }

    /** Serialises set-up, confirmation and sign-in checks of one account. */
    private static void lockAccount(DbExecute db, UUID accountId) {
        AccountStore.lock(db, accountId).filter(found -> found.status() != AccountStatus.DELETED)
                .orElseThrow(TwoFactor::accountNotFound);
    }

    private byte[] open(TwoFactorStore.SecondFactor factor) {
        return secret.open(factor.sealedSecret(), associatedData(factor.accountId()));
    }

    /** Binds a sealed secret to its account: copied to another account's row, it does not open. */
    private static byte[] associatedData(UUID account) {
        return ("agora.auth totp " + account).getBytes(StandardCharsets.UTF_8);
    }

    private static ProblemException accountNotFound() {
        return AuthProblems.problem(AuthProblems.ACCOUNT_NOT_FOUND, "account.not-found");
    }

    /** A second factor as presented. */
    sealed interface Proof {
        /** {@code second_factor} of a session that signed in with a TOTP code. */
        String TOTP = "totp";
        /** {@code second_factor} of a session that signed in with a recovery code. */
        String RECOVERY_CODE = "recovery-code";

        /**
         * A code from the authenticator app.
         *
         * @param code six digits
         */
        record Code(String code) implements Proof {
        }

        /**
         * A recovery code.
         *
         * @param normalised the code in its stored form ({@link RecoveryCodes#normalise})
         */
        record RecoveryCode(String normalised) implements Proof {
        }
    }

    /** The outcome of checking a second factor. */
    sealed interface Verdict {
        /**
         * The factor was right, and is now used.
         *
         * @param method {@link Proof#TOTP} or {@link Proof#RECOVERY_CODE}
         */
        record Accepted(String method) implements Verdict {
        }

        /** Wrong, already used, or too old. */
        record Refused() implements Verdict {
        }

        /**
         * Too many wrong codes in a row: not checked.
         *
         * @param retryAfter when the next code will be checked
         */
        record Locked(Duration retryAfter) implements Verdict {
        }

        /** The account has no second factor (any more). */
        record Off() implements Verdict {
        }
    }

    /**
     * An account's two-factor state.
     *
     * @param enabled           whether sign-in asks for a second factor
     * @param enabledAt         since when
     * @param pendingUntil      a set-up waiting for its first code, until then
     * @param recoveryCodesLeft unused recovery codes
     * @param requiredFor       the account's roles that are usable only after signing in with it
     */
    record Status(boolean enabled, Optional<Instant> enabledAt, Optional<Instant> pendingUntil, long recoveryCodesLeft,
                  List<String> requiredFor) {
    }

    /**
     * A set-up waiting for its first code.
     *
     * @param secret     the secret, base32, for typing into an app
     * @param otpauthUri the key URI, for a QR code
     * @param expiresAt  when the set-up expires unconfirmed
     */
    record Enrolment(String secret, String otpauthUri, Instant expiresAt) {
    }
}
