package agora.auth;

import java.util.Optional;
import java.util.UUID;

import io.helidon.dbclient.DbExecute;

/**
 * The roles column of {@code auth_accounts}, inside the caller's transaction: one grant or
 * withdrawal at a time, and the lock that keeps a territory from losing its last admin.
 */
final class RoleStore {
    /*
     * Every change that may add or take away an active territory admin (the role, a suspension, a
     * deletion: TerritoryAdmins) takes this lock first: two admins withdrawing each other's role or
     * suspending each other at the same instant would each still count the other, and both would
     * go. Advisory locks are database-wide, so the key names the territory's schema.
     */
    private static final String LOCK_ADMINS =
            "SELECT pg_advisory_xact_lock(hashtext('agora.auth.territory-admins.' || current_schema()))";
    private static final String ADD = "UPDATE auth_accounts SET roles = array_append(roles, ?), version = version + 1 "
            + "WHERE id = ? AND status <> 'deleted' AND NOT (? = ANY (roles)) RETURNING version";
    private static final String REMOVE = "UPDATE auth_accounts SET roles = array_remove(roles, ?), version = version + 1 "
            + "WHERE id = ? AND ? = ANY (roles) RETURNING version";
    private static final String OTHER_ACTIVE_HOLDERS = "SELECT count(*) AS n FROM auth_accounts "
            + "WHERE status = 'active' AND ? = ANY (roles) AND id <> ?";

    private RoleStore() {
    }

    /** Serialises changes of the territory's admins in this transaction's territory until it ends. */
    static void lockAdmins(DbExecute db) {
        db.query(LOCK_ADMINS).forEach(row -> { });
    }

    /** Adds a role the account lacks; the account's new version, empty when it held it already. */
    static Optional<Long> add(DbExecute db, UUID account, String role) {
        return db.get(ADD, role, account, role).map(row -> row.column("version").get(Long.class));
    }

    /** Removes a role the account holds; the account's new version, empty when it did not hold it. */
    static Optional<Long> remove(DbExecute db, UUID account, String role) {
        return db.get(REMOVE, role, account, role).map(row -> row.column("version").get(Long.class));
    }

    /** How many active accounts other than one hold a role. */
    static long otherActiveHolders(DbExecute db, String role, UUID except) {
        return db.get(OTHER_ACTIVE_HOLDERS, role, except).map(row -> row.column("n").get(Long.class)).orElse(0L);
    }
}
