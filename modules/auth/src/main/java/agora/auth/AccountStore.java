package agora.auth;

import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import agora.auth.api.AccountStatus;
import agora.platform.data.Database;
import agora.platform.data.Rows;

import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

/** The table {@code auth_accounts} of one territory's schema, inside the caller's transaction. */
final class AccountStore {
    private static final String COLUMNS = "id, email::text AS email, display_name, password_hash, status, "
            + "array_to_string(roles, ',') AS roles, email_verified_at, invited_by, created_at, version";
    private static final String INSERT = "INSERT INTO auth_accounts (id, email, display_name, password_hash, status, "
            + "roles, invitation_id, invited_by, created_at, status_changed_at) "
            + "VALUES (?, ?, ?, ?, 'active', string_to_array(?, ','), ?, ?, ?, ?) ON CONFLICT (email) DO NOTHING";
    private static final String BY_ID = "SELECT " + COLUMNS + " FROM auth_accounts WHERE id = ?";
    private static final String BY_ID_FOR_UPDATE = BY_ID + " FOR UPDATE";
    private static final String BY_EMAIL = "SELECT " + COLUMNS + " FROM auth_accounts WHERE email = ?::citext";
    private static final String STATUS = "SELECT status FROM auth_accounts WHERE id = ?";
    private static final String SET_STATUS = "UPDATE auth_accounts SET status = ?, status_reason = ?, "
            + "status_changed_at = ?, version = version + 1 WHERE id = ? RETURNING version";
    private static final String ERASE = "UPDATE auth_accounts SET status = 'deleted', email = NULL, display_name = NULL, "
            + "password_hash = NULL, email_verified_at = NULL, status_reason = NULL, status_changed_at = ?, "
            + "version = version + 1 WHERE id = ? RETURNING version";
    private static final String VERIFY = "UPDATE auth_accounts SET email_verified_at = ?, version = version + 1 "
            + "WHERE id = ? AND email = ?::citext AND email_verified_at IS NULL RETURNING version";
    private static final String REHASH = "UPDATE auth_accounts SET password_hash = ? WHERE id = ? AND status <> 'deleted'";
    private static final String SET_PASSWORD = "UPDATE auth_accounts SET password_hash = ? WHERE id = ? AND status = 'active'";
    private static final String CHANGE_EMAIL = "UPDATE auth_accounts SET email = ?, email_verified_at = ?, "
            + "version = version + 1 WHERE id = ? AND status = 'active' RETURNING version";

    private static final String SET_LANGUAGE = "UPDATE auth_accounts SET language = ? WHERE id = ? "
            + "AND language IS DISTINCT FROM ?";

    private static final String HAS_ACTIVE_WITH_ROLE = "SELECT EXISTS (SELECT 1 FROM auth_accounts "
            + "WHERE status = 'active' AND ? = ANY (roles)) AS present";

    private AccountStore() {
    }

    /** Whether an active account holds the role (a territory admin, say). */
    static boolean anyActiveWithRole(DbExecute db, String role) {
        return db.get(HAS_ACTIVE_WITH_ROLE, role).map(row -> row.column("present").get(Boolean.class)).orElse(false);
    }

    /**
     * Inserts an active account.
     *
     * @return whether it was inserted: false when the email is taken
     */
    static boolean insert(DbExecute db, UUID id, String email, String displayName, String passwordHash,
                          Set<String> roles, Optional<UUID> invitation, Optional<UUID> invitedBy, Instant now) {
        return db.dml(INSERT, id, email, displayName, passwordHash, String.join(",", roles),
                invitation.orElse(null), invitedBy.orElse(null), Database.timestamp(now), Database.timestamp(now)) == 1;
    }

    static Optional<Account> find(DbExecute db, UUID id) {
        return db.get(BY_ID, id).map(AccountStore::map);
    }

    /** Reads an account and locks its row until the transaction ends (status changes, quotas). */
    static Optional<Account> lock(DbExecute db, UUID id) {
        return db.get(BY_ID_FOR_UPDATE, id).map(AccountStore::map);
    }

    static Optional<Account> findByEmail(DbExecute db, String email) {
        return db.get(BY_EMAIL, email).map(AccountStore::map);
    }

    static Optional<AccountStatus> status(DbExecute db, UUID id) {
        return db.get(STATUS, id).flatMap(row -> AccountStatus.fromWire(row.column("status").get(String.class)));
    }

    /** Sets the status of a non-deleted account; returns its new version. */
    static long setStatus(DbExecute db, UUID id, AccountStatus status, Optional<String> reason, Instant now) {
        return version(db.get(SET_STATUS, status.wire(), reason.orElse(null), Database.timestamp(now), id));
    }

    /** Marks the account deleted and erases its personal data; returns its new version. */
    static long erase(DbExecute db, UUID id, Instant now) {
        return version(db.get(ERASE, Database.timestamp(now), id));
    }

    /** Confirms the address, if it is still the account's and unconfirmed; returns the new version. */
    static Optional<Long> verify(DbExecute db, UUID id, String email, Instant now) {
        return db.get(VERIFY, Database.timestamp(now), id, email).map(row -> row.column("version").get(Long.class));
    }

    /**
     * Keeps the language of the member's latest registration or sign-in, for the mails no request
     * carries (a suspension's start and end). Writes only when it changed.
     */
    static void setLanguage(DbExecute db, UUID id, java.util.Locale language) {
        String tag = language.getLanguage();
        db.dml(SET_LANGUAGE, tag, id, tag);
    }

    /** Replaces the stored hash after a successful login with stronger hashing parameters. */
    static void rehash(DbExecute db, UUID id, String passwordHash) {
        db.dml(REHASH, passwordHash, id);
    }

    /**
     * Sets a new password hash (reset or change). Only an active account's row changes; callers hold
     * its row lock and have checked that it is active.
     */
    static void setPassword(DbExecute db, UUID id, String passwordHash) {
        db.dml(SET_PASSWORD, passwordHash, id);
    }

    /**
     * Gives an active account a new, confirmed address; returns its new version. An address another
     * account holds fails with a unique violation (which aborts the transaction).
     */
    static long changeEmail(DbExecute db, UUID id, String email, Instant now) {
        return version(db.get(CHANGE_EMAIL, email, Database.timestamp(now), id));
    }

    private static long version(Optional<DbRow> row) {
        return row.orElseThrow(() -> new IllegalStateException("the account row vanished inside its transaction"))
                .column("version").get(Long.class);
    }

    static Account map(DbRow row) {
        String roles = Rows.optionalString(row, "roles").orElse("");
        return new Account(row.column("id").get(UUID.class),
                Rows.optionalString(row, "email"),
                Rows.optionalString(row, "display_name"),
                Rows.optionalString(row, "password_hash"),
                AccountStatus.fromWire(row.column("status").get(String.class))
                        .orElseThrow(() -> new IllegalStateException("unknown account status")),
                roles.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(roles.split(","))),
                Rows.optionalInstant(row, "email_verified_at"),
                row.column("invited_by").asOptional().map(UUID.class::cast),
                Rows.instant(row, "created_at"),
                row.column("version").get(Long.class));
    }
}
