package agora.auth;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import agora.platform.data.Database;
import agora.platform.data.Rows;

import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

/** The table {@code auth_signing_keys} of one territory's schema, inside the caller's transaction. */
final class SigningKeyStore {
    // Serializes key changes of a territory across the replicas of a pod (within the territory's transaction).
    private static final String LOCK = "SELECT pg_advisory_xact_lock(hashtext('agora.auth.signing-keys'))";
    private static final String SELECT_ALL = "SELECT kid, status, public_jwk::text AS public_jwk, private_key_encrypted, "
            + "created_at, activated_at, retired_at, expires_at FROM auth_signing_keys ORDER BY created_at, kid";
    private static final String INSERT_NEXT = "INSERT INTO auth_signing_keys (kid, status, public_jwk, "
            + "private_key_encrypted, created_at) VALUES (?, 'next', ?::jsonb, ?, ?)";
    private static final String RETIRE_CURRENT = "UPDATE auth_signing_keys SET status = 'retired', retired_at = ?, "
            + "expires_at = ? WHERE status = 'current'";
    private static final String ACTIVATE_NEXT = "UPDATE auth_signing_keys SET status = 'current', activated_at = ? "
            + "WHERE status = 'next'";
    private static final String DELETE_EXPIRED = "DELETE FROM auth_signing_keys WHERE status = 'retired' AND expires_at <= ?";

    private SigningKeyStore() {
    }

    static void lock(DbExecute db) {
        db.query(LOCK).forEach(row -> { });
    }

    static List<SigningKey> all(DbExecute db) {
        return db.query(SELECT_ALL).map(SigningKeyStore::map).toList();
    }

    /** Adds a freshly generated key as the territory's next key: published, not yet signing. */
    static void insertNext(DbExecute db, UUID kid, String publicJwk, byte[] privateKeyEncrypted, Instant now) {
        db.insert(INSERT_NEXT, kid, publicJwk, privateKeyEncrypted, Database.timestamp(now));
    }

    static void retireCurrent(DbExecute db, Instant now, Instant expires) {
        db.dml(RETIRE_CURRENT, Database.timestamp(now), Database.timestamp(expires));
    }

    static void activateNext(DbExecute db, Instant now) {
        db.dml(ACTIVATE_NEXT, Database.timestamp(now));
    }

    static long deleteExpired(DbExecute db, Instant now) {
        return db.dml(DELETE_EXPIRED, Database.timestamp(now));
    }

    private static SigningKey map(DbRow row) {
        return new SigningKey(row.column("kid").get(UUID.class),
                SigningKey.Status.of(row.column("status").get(String.class)),
                row.column("public_jwk").get(String.class),
                row.column("private_key_encrypted").get(byte[].class),
                Rows.instant(row, "created_at"),
                Rows.optionalInstant(row, "activated_at"),
                Rows.optionalInstant(row, "retired_at"),
                Rows.optionalInstant(row, "expires_at"));
    }
}
