package agora.auth;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import agora.platform.data.Database;
import agora.platform.data.Rows;

import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

/**
 * The table {@code auth_password_resets} of one territory's schema, inside the caller's
 * transaction: at most one live reset link per account.
 */
final class PasswordResetStore {
    private static final String ISSUE = "INSERT INTO auth_password_resets (account_id, token_hash, expires_at, created_at) "
            + "VALUES (?, ?, ?, ?) ON CONFLICT (account_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, "
            + "expires_at = EXCLUDED.expires_at, created_at = EXCLUDED.created_at";
    private static final String FIND = "SELECT account_id, expires_at FROM auth_password_resets WHERE token_hash = ?";
    private static final String TAKE = "DELETE FROM auth_password_resets WHERE token_hash = ? "
            + "RETURNING account_id, expires_at";
    private static final String DELETE_FOR = "DELETE FROM auth_password_resets WHERE account_id = ?";

    private PasswordResetStore() {
    }

    /** Stores a new link for the account; the account's earlier link, if any, stops working. */
    static void issue(DbExecute db, UUID account, byte[] tokenHash, Instant expires, Instant now) {
        db.dml(ISSUE, account, tokenHash, Database.timestamp(expires), Database.timestamp(now));
    }

    /** The link with this hash, without using it up. */
    static Optional<Pending> find(DbExecute db, byte[] tokenHash) {
        return db.get(FIND, (Object) tokenHash).map(PasswordResetStore::map);
    }

    /**
     * Removes the link with this hash and returns it: of two resets racing with one link, exactly
     * one gets it (the other waits for the row lock and then finds nothing).
     */
    static Optional<Pending> take(DbExecute db, byte[] tokenHash) {
        return db.get(TAKE, (Object) tokenHash).map(PasswordResetStore::map);
    }

    static void deleteFor(DbExecute db, UUID account) {
        db.dml(DELETE_FOR, account);
    }

    private static Pending map(DbRow row) {
        return new Pending(row.column("account_id").get(UUID.class), Rows.instant(row, "expires_at"));
    }

    /**
     * A reset link not yet used.
     *
     * @param accountId the account
     * @param expiresAt when it stops working
     */
    record Pending(UUID accountId, Instant expiresAt) {
    }
}
