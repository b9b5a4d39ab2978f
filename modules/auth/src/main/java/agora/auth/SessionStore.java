package agora.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import agora.platform.data.Database;
import agora.platform.data.Rows;

import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

/**
 * The tables {@code auth_sessions} and {@code auth_refresh_tokens} of one territory's schema,
 * inside the caller's transaction.
 */
final class SessionStore {
    private static final String COLUMNS = "id, account_id, created_at, last_used_at, expires_at, cookie_mode, "
            + "csrf_hash, user_agent, client_address, revoked_at, revoked_reason, array_to_string(amr, ',') AS amr, "
            + "second_factor, scope";
    private static final String INSERT = "INSERT INTO auth_sessions (id, account_id, created_at, last_used_at, "
            + "expires_at, cookie_mode, csrf_hash, user_agent, client_address, amr, second_factor, scope) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, string_to_array(?, ','), ?, ?)";
    private static final String BY_ID = "SELECT " + COLUMNS + " FROM auth_sessions WHERE id = ?";
    private static final String BY_ID_FOR_UPDATE = BY_ID + " FOR UPDATE";
    private static final String PAGE = "SELECT " + COLUMNS + " FROM auth_sessions WHERE account_id = ? "
            + "AND revoked_at IS NULL AND expires_at > ? AND last_used_at > ? AND id > ? ORDER BY id LIMIT ?";
    private static final String TOUCH = "UPDATE auth_sessions SET last_used_at = ? WHERE id = ?";
    private static final String REVOKE = "UPDATE auth_sessions SET revoked_at = ?, revoked_reason = ? "
            + "WHERE id = ? AND revoked_at IS NULL";
    private static final String REVOKE_ALL = "UPDATE auth_sessions SET revoked_at = ?, revoked_reason = ? "
            + "WHERE account_id = ? AND revoked_at IS NULL AND expires_at > ? RETURNING id";
    private static final String REVOKE_OTHERS = "UPDATE auth_sessions SET revoked_at = ?, revoked_reason = ? "
            + "WHERE account_id = ? AND id <> ? AND revoked_at IS NULL AND expires_at > ? RETURNING id";
    private static final String REVOKED = "SELECT revoked_at IS NOT NULL AS revoked FROM auth_sessions WHERE id = ?";

    private static final String INSERT_TOKEN = "INSERT INTO auth_refresh_tokens (token_hash, session_id, generation, "
            + "issued_at) VALUES (?, ?, ?, ?)";
    private static final String TOKEN = "SELECT token_hash, session_id, generation, issued_at, used_at "
            + "FROM auth_refresh_tokens WHERE token_hash = ? FOR UPDATE";
    private static final String USE_TOKEN = "UPDATE auth_refresh_tokens SET used_at = ? WHERE token_hash = ?";

    private static final UUID BEFORE_ALL = new UUID(0, 0);

    private SessionStore() {
    }

    static void insert(DbExecute db, Session session) {
        db.insert(INSERT, session.id(), session.accountId(), Database.timestamp(session.createdAt()),
                Database.timestamp(session.lastUsedAt()), Database.timestamp(session.expiresAt()),
                session.cookieMode(), session.csrfHash().orElse(null), session.userAgent().orElse(null),
                session.clientAddress().orElse(null), String.join(",", session.amr()),
                session.secondFactor().orElse(null), session.scope().orElse(null));
    }

    static Optional<Session> find(DbExecute db, UUID id) {
        return db.get(BY_ID, id).map(SessionStore::map);
    }

    static Optional<Session> lock(DbExecute db, UUID id) {
        return db.get(BY_ID_FOR_UPDATE, id).map(SessionStore::map);
    }

    /**
     * Whether a session is revoked, for the authorization view.
     *
     * @return empty for an unknown session
     */
    static Optional<Boolean> revoked(DbExecute db, UUID id) {
        return db.get(REVOKED, id).map(row -> row.column("revoked").get(Boolean.class));
    }

    /** An account's live sessions after a position, oldest first. */
    static List<Session> live(DbExecute db, UUID account, Instant now, Instant idleSince, Optional<UUID> after,
                              int limit) {
        return db.query(PAGE, account, Database.timestamp(now), Database.timestamp(idleSince),
                after.orElse(BEFORE_ALL), limit).map(SessionStore::map).toList();
    }

    static void touch(DbExecute db, UUID id, Instant now) {
        db.dml(TOUCH, Database.timestamp(now), id);
    }

    /** Ends a session; false when it had already ended. */
    static boolean revoke(DbExecute db, UUID id, String reason, Instant now) {
        return db.dml(REVOKE, Database.timestamp(now), reason, id) == 1;
    }

    /** Ends every session of an account that had not ended; returns their ids. */
    static List<UUID> revokeAll(DbExecute db, UUID account, String reason, Instant now) {
        return db.query(REVOKE_ALL, Database.timestamp(now), reason, account, Database.timestamp(now))
                .map(row -> row.column("id").get(UUID.class)).toList();
    }

    /** Ends every session of an account but one that had not ended; returns their ids. */
    static List<UUID> revokeOthers(DbExecute db, UUID account, UUID keep, String reason, Instant now) {
        return db.query(REVOKE_OTHERS, Database.timestamp(now), reason, account, keep, Database.timestamp(now))
                .map(row -> row.column("id").get(UUID.class)).toList();
    }

    static void insertToken(DbExecute db, byte[] hash, UUID session, int generation, Instant now) {
        db.insert(INSERT_TOKEN, hash, session, generation, Database.timestamp(now));
    }

    /** A refresh token by hash, locked: two refreshes with one token are decided one after the other. */
    static Optional<RefreshToken> token(DbExecute db, byte[] hash) {
        return db.get(TOKEN, (Object) hash).map(row -> new RefreshToken(row.column("token_hash").get(byte[].class),
                row.column("session_id").get(UUID.class), row.column("generation").get(Integer.class),
                Rows.instant(row, "issued_at"), Rows.optionalInstant(row, "used_at")));
    }

    static void useToken(DbExecute db, byte[] hash, Instant now) {
        db.dml(USE_TOKEN, Database.timestamp(now), hash);
    }

    private static Session map(DbRow row) {
        return new Session(row.column("id").get(UUID.class), row.column("account_id").get(UUID.class),
                Rows.instant(row, "created_at"), Rows.instant(row, "last_used_at"), Rows.instant(row, "expires_at"),
                row.column("cookie_mode").get(Boolean.class),
                row.column("csrf_hash").asOptional().map(byte[].class::cast),
                Rows.optionalString(row, "user_agent"), Rows.optionalString(row, "client_address"),
                Rows.optionalInstant(row, "revoked_at"), Rows.optionalString(row, "revoked_reason"),
                List.of(row.column("amr").get(String.class).split(",")), Rows.optionalString(row, "second_factor"),
                Rows.optionalString(row, "scope"));
    }

    /**
     * A refresh token as stored.
     *
     * @param hash       its SHA-256
     * @param sessionId  its session
     * @param generation its place in the rotation (0 at login)
     * @param issuedAt   when it was issued
     * @param usedAt     when it was exchanged for its successor
     */
    record RefreshToken(byte[] hash, UUID sessionId, int generation, Instant issuedAt, Optional<Instant> usedAt) {
    }
}
