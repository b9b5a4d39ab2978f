package agora.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import agora.platform.core.problem.ProblemException;
import agora.platform.data.Database;
import agora.platform.data.Rows;

import io.helidon.dbclient.DbExecute;

/**
 * The step between a password and a second factor: for an account with two-factor sign-in, a
 * correct password earns an opaque challenge instead of a session. The challenge is random (192
 * bits) and stored as its SHA-256; it names the account and the refresh-token delivery chosen with
 * the password, lives {@code challenge-lifetime}, dies after {@code challenge-attempts} wrong codes,
 * and is used once. The table is {@code auth_login_challenges}, inside the caller's transaction.
 */
final class LoginChallenges {
    /** The second factors the second step takes, as the login answer lists them. */
    static final List<String> METHODS = List.of("totp", "recovery-code");

    private static final String INSERT = "INSERT INTO auth_login_challenges (token_hash, account_id, cookie_mode, "
            + "attempts, created_at, expires_at) VALUES (?, ?, ?, 0, ?, ?)";
    private static final String LOCK = "SELECT token_hash, account_id, cookie_mode, attempts, expires_at "
            + "FROM auth_login_challenges WHERE token_hash = ? FOR UPDATE";
    private static final String FAILED = "UPDATE auth_login_challenges SET attempts = attempts + 1 "
            + "WHERE token_hash = ?";
    private static final String DELETE = "DELETE FROM auth_login_challenges WHERE token_hash = ?";
    private static final String DELETE_FOR = "DELETE FROM auth_login_challenges WHERE account_id = ?";
    private static final String EXPIRED = "DELETE FROM auth_login_challenges WHERE expires_at < ?";

    private final TwoFactorConfig config;

    LoginChallenges(TwoFactorConfig config) {
        this.config = config;
    }

    /**
     * A challenge for an account whose password was just accepted, if it signs in with a second factor.
     *
     * @return the challenge; empty when the account has no second factor
     */
    Optional<Challenge> issue(DbExecute db, UUID account, boolean cookieMode, Instant now) {
        if (!TwoFactorStore.enabled(db, account)) {
            return Optional.empty();
        }
        String token = Secrets.token(Secrets.TOKEN_BYTES);
        Instant expires = now.plus(config.challengeLifetime());
        db.insert(INSERT, Secrets.hash(token), account, cookieMode, Database.timestamp(now), Database.timestamp(expires));
        return Optional.of(new Challenge(token, expires));
    }

    /**
     * A live challenge by its token, locked until the transaction ends.
     *
     * @throws ProblemException 401 {@code login-challenge-invalid} for an unknown, used, expired or dead one
     */
    Pending take(DbExecute db, String token, Instant now) {
        return db.get(LOCK, (Object) Secrets.hash(token))
                .map(row -> new Pending(row.column("token_hash").get(byte[].class),
                        row.column("account_id").get(UUID.class), row.column("cookie_mode").get(Boolean.class),
                        row.column("attempts").get(Integer.class), Rows.instant(row, "expires_at")))
                .filter(pending -> now.isBefore(pending.expiresAt()))
                .filter(pending -> pending.attempts() < config.challengeAttempts())
                .orElseThrow(LoginChallenges::invalid);
    }

    /** Counts a wrong code; the last allowed one ends the challenge. */
    void failed(DbExecute db, Pending challenge) {
        if (challenge.attempts() + 1 >= config.challengeAttempts()) {
            used(db, challenge);
        } else {
            db.dml(FAILED, (Object) challenge.hash());
        }
    }

    /** Ends a challenge: it was answered (or can no longer be). */
    static void used(DbExecute db, Pending challenge) {
        db.dml(DELETE, (Object) challenge.hash());
    }

    /** Ends every challenge of an account (second factor turned off, account deleted). */
    static void deleteFor(DbExecute db, UUID account) {
        db.dml(DELETE_FOR, account);
    }

    static long deleteExpired(DbExecute db, Instant now) {
        return db.dml(EXPIRED, Database.timestamp(now));
    }

    static ProblemException invalid() {
        return AuthProblems.signInAgain(AuthProblems.LOGIN_CHALLENGE_INVALID, "login.challenge-invalid");
    }

    /**
     * A challenge as handed to the client.
     *
     * @param token     the challenge
     * @param expiresAt when it stops working
     */
    record Challenge(String token, Instant expiresAt) implements Logins.SignIn {
    }

    /**
     * A challenge as stored.
     *
     * @param hash       its SHA-256
     * @param accountId  the account whose password was accepted
     * @param cookieMode the refresh-token delivery chosen with the password
     * @param attempts   wrong codes so far
     * @param expiresAt  its end
     */
    record Pending(byte[] hash, UUID accountId, boolean cookieMode, int attempts, Instant expiresAt) {
    }
}
