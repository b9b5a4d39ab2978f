package agora.auth;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import agora.platform.data.Database;
import agora.platform.data.Rows;

import io.helidon.dbclient.DbExecute;

/** The table {@code auth_email_verifications} of one territory's schema, inside the caller's transaction. */
final class VerificationStore {
    private static final String INSERT = "INSERT INTO auth_email_verifications (token_hash, account_id, email, "
            + "expires_at, created_at) VALUES (?, ?, ?, ?, ?)";
    private static final String FIND = "SELECT account_id, email::text AS email, expires_at FROM auth_email_verifications "
            + "WHERE token_hash = ?";
    private static final String DELETE_FOR = "DELETE FROM auth_email_verifications WHERE account_id = ?";

    private VerificationStore() {
    }

    static void insert(DbExecute db, byte[] tokenHash, UUID account, String email, Instant expires, Instant now) {
        db.insert(INSERT, tokenHash, account, email, Database.timestamp(expires), Database.timestamp(now));
    }

    static Optional<Pending> find(DbExecute db, byte[] tokenHash) {
        return db.get(FIND, (Object) tokenHash).map(row -> new Pending(row.column("account_id").get(UUID.class),
                row.column("email").get(String.class), Rows.instant(row, "expires_at")));
    }

    static void deleteFor(DbExecute db, UUID account) {
        db.dml(DELETE_FOR, account);
    }

    /**
     * A verification link not yet followed.
     *
     * @param accountId the account
     * @param email     the address it was sent to
     * @param expiresAt when it stops working
     */
    record Pending(UUID accountId, String email, Instant expiresAt) {
    }
}
