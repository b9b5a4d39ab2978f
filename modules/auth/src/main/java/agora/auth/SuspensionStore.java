package agora.auth;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import agora.auth.api.AuthEvents;
import agora.platform.data.Database;
import agora.platform.data.Rows;

import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

/** The table {@code auth_suspensions} of one territory's schema, inside the caller's transaction. */
final class SuspensionStore {
    private static final String COLUMNS = "id, account_id, cause, decision_id, reason, starts_at, ends_at, created_by, "
            + "ended_at, ended_how";
    private static final String INSERT = "INSERT INTO auth_suspensions (id, account_id, cause, decision_id, reason, "
            + "starts_at, ends_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String BY_ID = "SELECT " + COLUMNS + " FROM auth_suspensions WHERE id = ?";
    private static final String BY_DECISION = "SELECT " + COLUMNS + " FROM auth_suspensions WHERE decision_id = ?";
    private static final String OPEN = "SELECT " + COLUMNS + " FROM auth_suspensions "
            + "WHERE account_id = ? AND ended_at IS NULL ORDER BY starts_at, id";
    private static final String RETERM = "UPDATE auth_suspensions SET ends_at = ?, reason = ? "
            + "WHERE id = ? AND ended_at IS NULL";
    private static final String END = "UPDATE auth_suspensions SET ended_at = ?, ended_how = ?, ended_by = ? "
            + "WHERE id = ? AND ended_at IS NULL";
    private static final String LANGUAGE = "SELECT language FROM auth_accounts WHERE id = ?";

    private SuspensionStore() {
    }

    static void insert(DbExecute db, Suspension suspension) {
        db.insert(INSERT, suspension.id(), suspension.accountId(), suspension.cause(),
                suspension.decisionId().orElse(null), suspension.reason().orElse(null),
                Database.timestamp(suspension.startsAt()), suspension.endsAt().map(Database::timestamp).orElse(null),
                suspension.createdBy());
    }

    static Optional<Suspension> find(DbExecute db, UUID id) {
        return db.get(BY_ID, id).map(SuspensionStore::map);
    }

    static Optional<Suspension> byDecision(DbExecute db, UUID decision) {
        return db.get(BY_DECISION, decision).map(SuspensionStore::map);
    }

    /** An account's open suspensions, oldest first. */
    static List<Suspension> open(DbExecute db, UUID account) {
        return db.query(OPEN, account).map(SuspensionStore::map).toList();
    }

    /** Gives an open suspension a new term and reason. */
    static void reterm(DbExecute db, UUID id, Optional<Instant> endsAt, Optional<String> reason) {
        db.dml(RETERM, endsAt.map(Database::timestamp).orElse(null), reason.orElse(null), id);
    }

    /** Ends an open suspension (the caller holds the account's lock and has seen it open). */
    static void end(DbExecute db, UUID id, Instant at, String how, Optional<UUID> by) {
        db.dml(END, Database.timestamp(at), how, by.orElse(null), id);
    }

    /** The language of an account's mails (registration's, then the latest sign-in's). */
    static Optional<String> language(DbExecute db, UUID account) {
        return db.get(LANGUAGE, account).flatMap(row -> Rows.optionalString(row, "language"));
    }

    /**
     * What the member is told about open suspensions: until when the account stays suspended
     * (empty when one has no end) and why (the reason of the suspension that ends last).
     */
    static Optional<Term> term(List<Suspension> open) {
        if (open.isEmpty()) {
            return Optional.empty();
        }
        Suspension last = open.stream().max(Comparator.comparing(
                (Suspension suspension) -> suspension.endsAt().orElse(Instant.MAX))
                .thenComparing(Suspension::startsAt)).orElseThrow();
        Optional<String> reason = last.reason().or(() -> open.reversed().stream()
                .flatMap(suspension -> suspension.reason().stream()).findFirst());
        return Optional.of(new Term(last.endsAt(), reason));
    }

    private static Suspension map(DbRow row) {
        return new Suspension(row.column("id").get(UUID.class), row.column("account_id").get(UUID.class),
                row.column("cause").get(String.class), row.column("decision_id").asOptional().map(UUID.class::cast),
                Rows.optionalString(row, "reason"), Rows.instant(row, "starts_at"), Rows.optionalInstant(row, "ends_at"),
                row.column("created_by").get(UUID.class), Rows.optionalInstant(row, "ended_at"),
                Rows.optionalString(row, "ended_how"));
    }

    /**
     * How long an account stays suspended and why, as its member sees it.
     *
     * @param until  when the last open suspension ends; empty when one has no end
     * @param reason the reason of that suspension (or of another open one when it gave none)
     */
    record Term(Optional<Instant> until, Optional<String> reason) {
    }

    static boolean manual(Suspension suspension) {
        return AuthEvents.CAUSE_MANUAL.equals(suspension.cause());
    }
}
