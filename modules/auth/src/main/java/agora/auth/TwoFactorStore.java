package agora.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import agora.platform.data.Database;
import agora.platform.data.Rows;

import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

/**
 * The tables {@code auth_two_factor} and {@code auth_recovery_codes} of one territory's schema, inside
 * the caller's transaction: an account's second factor is one aggregate.
 */
final class TwoFactorStore {
    private static final String COLUMNS = "account_id, secret_encrypted, created_at, pending_until, enabled_at, "
            + "last_step, failures, last_failure_at";
    private static final String FIND = "SELECT " + COLUMNS + " FROM auth_two_factor WHERE account_id = ?";
    private static final String LOCK = FIND + " FOR UPDATE";
    private static final String ENABLED = "SELECT enabled_at IS NOT NULL AS enabled FROM auth_two_factor "
            + "WHERE account_id = ?";
    private static final String PENDING = "INSERT INTO auth_two_factor (account_id, secret_encrypted, created_at, "
            + "pending_until) VALUES (?, ?, ?, ?) ON CONFLICT (account_id) DO UPDATE SET "
            + "secret_encrypted = EXCLUDED.secret_encrypted, created_at = EXCLUDED.created_at, "
            + "pending_until = EXCLUDED.pending_until, enabled_at = NULL, last_step = NULL, failures = 0, "
            + "last_failure_at = NULL";
    private static final String ENABLE = "UPDATE auth_two_factor SET enabled_at = ?, pending_until = NULL, "
            + "last_step = ?, failures = 0, last_failure_at = NULL WHERE account_id = ?";
    private static final String USED_STEP = "UPDATE auth_two_factor SET last_step = ?, failures = 0, "
            + "last_failure_at = NULL WHERE account_id = ?";
    private static final String SUCCEEDED = "UPDATE auth_two_factor SET failures = 0, last_failure_at = NULL "
            + "WHERE account_id = ?";
    private static final String FAILED = "UPDATE auth_two_factor SET failures = failures + 1, last_failure_at = ? "
            + "WHERE account_id = ?";
    private static final String DELETE = "DELETE FROM auth_two_factor WHERE account_id = ?";
    private static final String EXPIRED_PENDING = "DELETE FROM auth_two_factor WHERE pending_until < ?";

    private static final String INSERT_CODE = "INSERT INTO auth_recovery_codes (account_id, code_hash, created_at) "
            + "VALUES (?, ?, ?)";
    private static final String USE_CODE = "DELETE FROM auth_recovery_codes WHERE account_id = ? AND code_hash = ?";
    private static final String DELETE_CODES = "DELETE FROM auth_recovery_codes WHERE account_id = ?";
    private static final String CODES_LEFT = "SELECT count(*) AS n FROM auth_recovery_codes WHERE account_id = ?";

    private TwoFactorStore() {
    }

    static Optional<SecondFactor> find(DbExecute db, UUID account) {
        return db.get(FIND, account).map(TwoFactorStore::map);
    }

    /** The account's row, locked: codes are checked and steps recorded one after the other. */
    static Optional<SecondFactor> lock(DbExecute db, UUID account) {
        return db.get(LOCK, account).map(TwoFactorStore::map);
    }

    /** Whether the account signs in with a second factor. */
    static boolean enabled(DbExecute db, UUID account) {
        return db.get(ENABLED, account).map(row -> row.column("enabled").get(Boolean.class)).orElse(false);
    }

    /** Starts (or restarts) a set-up with a new sealed secret; the caller has checked it is not enabled. */
    static void pending(DbExecute db, UUID account, byte[] sealedSecret, Instant now, Instant until) {
        db.dml(PENDING, account, sealedSecret, Database.timestamp(now), Database.timestamp(until));
    }

    /** Turns a confirmed set-up on; the confirming code's step counts as used. */
    static void enable(DbExecute db, UUID account, long step, Instant now) {
        db.dml(ENABLE, Database.timestamp(now), step, account);
    }

    /** Records an accepted TOTP code's step, which resets the failures. */
    static void usedStep(DbExecute db, UUID account, long step) {
        db.dml(USED_STEP, step, account);
    }

    /** Resets the failures after an accepted recovery code. */
    static void succeeded(DbExecute db, UUID account) {
        db.dml(SUCCEEDED, account);
    }

    static void failed(DbExecute db, UUID account, Instant now) {
        db.dml(FAILED, Database.timestamp(now), account);
    }

    /** Forgets the account's second factor and its recovery codes. */
    static void delete(DbExecute db, UUID account) {
        db.dml(DELETE_CODES, account);
        db.dml(DELETE, account);
    }

    /** Set-ups that were never confirmed, past their expiry. */
    static long deleteExpiredPending(DbExecute db, Instant now) {
        return db.dml(EXPIRED_PENDING, Database.timestamp(now));
    }

    /** Replaces the account's recovery codes by the hashes of new ones. */
    static void replaceCodes(DbExecute db, UUID account, List<byte[]> hashes, Instant now) {
        db.dml(DELETE_CODES, account);
        for (byte[] hash : hashes) {
            db.insert(INSERT_CODE, account, hash, Database.timestamp(now));
        }
    }

    /** Uses up a recovery code: true when the account had it (and now no longer has). */
    static boolean useCode(DbExecute db, UUID account, byte[] hash) {
        return db.dml(USE_CODE, account, hash) == 1;
    }

    static long codesLeft(DbExecute db, UUID account) {
        return db.get(CODES_LEFT, account).orElseThrow().column("n").get(Long.class);
    }

    private static SecondFactor map(DbRow row) {
        Optional<Long> lastStep = row.column("last_step").asOptional().map(Long.class::cast);
        return new SecondFactor(row.column("account_id").get(UUID.class),
                row.column("secret_encrypted").get(byte[].class),
                Rows.instant(row, "created_at"),
                Rows.optionalInstant(row, "pending_until"),
                Rows.optionalInstant(row, "enabled_at"),
                lastStep.map(OptionalLong::of).orElse(OptionalLong.empty()),
                row.column("failures").get(Integer.class),
                Rows.optionalInstant(row, "last_failure_at"));
    }

    /**
     * An account's TOTP second factor as stored.
     *
     * @param accountId     the account
     * @param sealedSecret  the secret, sealed under the key secret with the account as associated data
     * @param createdAt     when the secret was made
     * @param pendingUntil  while unconfirmed: when the set-up expires
     * @param enabledAt     once confirmed: when
     * @param lastStep      the newest accepted step
     * @param failures      wrong codes in a row
     * @param lastFailureAt the newest wrong code
     */
    record SecondFactor(UUID accountId, byte[] sealedSecret, Instant createdAt, Optional<Instant> pendingUntil,
                        Optional<Instant> enabledAt, OptionalLong lastStep, int failures,
                        Optional<Instant> lastFailureAt) {

        boolean enabled() {
            return enabledAt.isPresent();
        }
    }
}
