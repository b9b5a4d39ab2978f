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
 * The tables {@code auth_invitations} and {@code auth_invitation_uses} of one territory's schema,
 * inside the caller's transaction.
 */
final class InvitationStore {
    private static final String COLUMNS = "id, inviter_id, role, note, max_uses, uses, expires_at, created_at, revoked_at";
    private static final String INSERT = "INSERT INTO auth_invitations (id, token_hash, inviter_id, role, note, max_uses, "
            + "expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String BY_ID = "SELECT " + COLUMNS + " FROM auth_invitations WHERE id = ?";
    private static final String BY_TOKEN = "SELECT " + COLUMNS + " FROM auth_invitations WHERE token_hash = ?";
    /*
     * The use is reserved by one conditional UPDATE: PostgreSQL re-checks the WHERE clause on the
     * newest row version after waiting for a concurrent writer, so of N parallel registrations at
     * most max_uses - uses succeed, with no lock held across the slow password hashing.
     */
    private static final String RESERVE = "UPDATE auth_invitations SET uses = uses + 1 WHERE token_hash = ? "
            + "AND revoked_at IS NULL AND expires_at > ? AND uses < max_uses RETURNING " + COLUMNS;
    private static final String RECORD_USE = "INSERT INTO auth_invitation_uses (invitation_id, account_id, used_at) "
            + "VALUES (?, ?, ?)";
    private static final String USES = "SELECT account_id, used_at FROM auth_invitation_uses WHERE invitation_id = ? "
            + "ORDER BY used_at, account_id LIMIT ?";
    private static final String BY_INVITER = "SELECT " + COLUMNS + " FROM auth_invitations WHERE inviter_id = ? "
            + "AND id < ? ORDER BY id DESC LIMIT ?";
    private static final String OPEN_USES = "SELECT coalesce(sum(max_uses - uses), 0) AS open FROM auth_invitations "
            + "WHERE inviter_id = ? AND revoked_at IS NULL AND expires_at > ?";
    private static final String REVOKE_OPEN = "UPDATE auth_invitations SET revoked_at = ? WHERE inviter_id = ? "
            + "AND revoked_at IS NULL";
    private static final String REVOKE = "UPDATE auth_invitations SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL";

    private static final UUID AFTER_ALL = new UUID(-1, -1);

    private InvitationStore() {
    }

    static void insert(DbExecute db, Invitation invitation, byte[] tokenHash) {
        db.insert(INSERT, invitation.id(), tokenHash, invitation.inviterId().orElse(null), invitation.role().orElse(null),
                invitation.note().orElse(null), invitation.maxUses(), Database.timestamp(invitation.expiresAt()),
                Database.timestamp(invitation.createdAt()));
    }

    static Optional<Invitation> find(DbExecute db, UUID id) {
        return db.get(BY_ID, id).map(InvitationStore::map);
    }

    static Optional<Invitation> findByToken(DbExecute db, byte[] tokenHash) {
        return db.get(BY_TOKEN, (Object) tokenHash).map(InvitationStore::map);
    }

    /** Takes one use of an open invitation; empty when it is not open (any reason) at {@code now}. */
    static Optional<Invitation> reserve(DbExecute db, byte[] tokenHash, Instant now) {
        return db.get(RESERVE, tokenHash, Database.timestamp(now)).map(InvitationStore::map);
    }

    static void recordUse(DbExecute db, UUID invitation, UUID account, Instant now) {
        db.insert(RECORD_USE, invitation, account, Database.timestamp(now));
    }

    /** Who registered with an invitation, first first (at most {@code limit}; an invitation has at most 1000). */
    static List<Use> uses(DbExecute db, UUID invitation, int limit) {
        return db.query(USES, invitation, limit)
                .map(row -> new Use(row.column("account_id").get(UUID.class), Rows.instant(row, "used_at")))
                .toList();
    }

    /** An inviter's invitations, newest first, before a position. */
    static List<Invitation> byInviter(DbExecute db, UUID inviter, Optional<UUID> before, int limit) {
        return db.query(BY_INVITER, inviter, before.orElse(AFTER_ALL), limit).map(InvitationStore::map).toList();
    }

    /** Uses still open across an inviter's live invitations: what counts against the member quota. */
    static long openUses(DbExecute db, UUID inviter, Instant now) {
        return db.get(OPEN_USES, inviter, Database.timestamp(now)).orElseThrow().column("open").get(Number.class)
                .longValue();
    }

    static boolean revoke(DbExecute db, UUID id, Instant now) {
        return db.dml(REVOKE, Database.timestamp(now), id) == 1;
    }

    /** Withdraws every invitation of an inviter (a deleted account's links stop working). */
    static void revokeOpen(DbExecute db, UUID inviter, Instant now) {
        db.dml(REVOKE_OPEN, Database.timestamp(now), inviter);
    }

    private static Invitation map(DbRow row) {
        return new Invitation(row.column("id").get(UUID.class),
                row.column("inviter_id").asOptional().map(UUID.class::cast),
                Rows.optionalString(row, "role"), Rows.optionalString(row, "note"),
                row.column("max_uses").get(Integer.class), row.column("uses").get(Integer.class),
                Rows.instant(row, "expires_at"), Rows.instant(row, "created_at"), Rows.optionalInstant(row, "revoked_at"));
    }

    /**
     * One registration with an invitation.
     *
     * @param accountId the account it created
     * @param usedAt    when
     */
    record Use(UUID accountId, Instant usedAt) {
    }
}
