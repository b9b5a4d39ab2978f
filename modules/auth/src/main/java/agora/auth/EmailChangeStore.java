package agora.auth;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import agora.platform.data.Database;
import agora.platform.data.Rows;

import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

/**
 * The table {@code auth_email_changes} of one territory's schema, inside the caller's transaction:
 * at most one pending email change per account.
 */
final class EmailChangeStore {
    private static final String REQUEST = "INSERT INTO auth_email_changes (account_id, token_hash, new_email, "
            + "expires_at, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (account_id) DO UPDATE SET "
            + "token_hash = EXCLUDED.token_hash, new_email = EXCLUDED.new_email, expires_at = EXCLUDED.expires_at, "
            + "created_at = EXCLUDED.created_at";
    private static final String FIND = "SELECT account_id, new_email::text AS new_email, expires_at "
            + "FROM auth_email_changes WHERE token_hash = ?";
    private static final String LOCK = FIND + " FOR UPDATE";
    private static final String DELETE_FOR = "DELETE FROM auth_email_changes WHERE account_id = ?";

    private EmailChangeStore() {
    }

    /** Stores a pending change; it supersedes the account's earlier one, whose link stops working. */
    static void request(DbExecute db, UUID account, byte[] tokenHash, String newEmail, Instant expires, Instant now) {
        db.dml(REQUEST, account, tokenHash, newEmail, Database.timestamp(expires), Database.timestamp(now));
    }

    /** The pending change with this hash. */
    static Optional<Pending> find(DbExecute db, byte[] tokenHash) {
        return db.get(FIND, (Object) tokenHash).map(EmailChangeStore::map);
    }

    /** The pending change with this hash, locked until the transaction ends. */
    static Optional<Pending> lock(DbExecute db, byte[] tokenHash) {
        return db.get(LOCK, (Object) tokenHash).map(EmailChangeStore::map);
    }

    static void deleteFor(DbExecute db, UUID account) {
        db.dml(DELETE_FOR, account);
    }

    private static Pending map(DbRow row) {
        return new Pending(row.column("account_id").get(UUID.class), row.column("new_email").get(String.class),
                Rows.instant(row, "expires_at"));
    }

    /**
     * An email change waiting for its confirmation.
     *
     * @param accountId the account
     * @param newEmail  the address the link was sent to
     * @param expiresAt when the link stops working
     */
    record Pending(UUID accountId, String newEmail, Instant expiresAt) {
    }
}
