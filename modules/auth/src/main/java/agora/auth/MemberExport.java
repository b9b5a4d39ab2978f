package agora.auth;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import agora.platform.contract.TerritoryCode;
import agora.platform.contract.export.ExportEntry;
import agora.platform.contract.export.ExportPart;
import agora.platform.contract.export.MemberExportContribution;
import agora.platform.data.Database;
import agora.platform.data.Rows;
import agora.platform.data.audit.AuditEntry;
import agora.platform.data.audit.AuditLog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

/**
 * Auth's share of a member's export: the account, its sessions, the invitations it created and the
 * one it registered with, its suspensions, and the audit entries by or about it.
 *
 * <p>Each query names its columns, and none is a secret: no password hash, second-factor secret,
 * recovery code, or hash of a refresh, CSRF, invitation or verification token is ever read here.
 * What others did to the account is kept without who they were or where they were (a moderator's
 * id and address are theirs): the entry says only that another account, or the operator, acted.
 */
final class MemberExport implements MemberExportContribution {
    /** More rows than any member has; a bound, so no answer grows without one. */
    private static final int LIMIT = 10_000;

    private static final String ACCOUNT = "SELECT a.id, a.email::text AS email, a.display_name, a.status, "
            + "array_to_string(a.roles, ',') AS roles, a.email_verified_at, a.invitation_id, a.created_at, "
            + "a.status_changed_at, a.status_reason, a.language, "
            + "EXISTS (SELECT 1 FROM auth_two_factor t WHERE t.account_id = a.id AND t.enabled_at IS NOT NULL) "
            + "AS two_factor FROM auth_accounts a WHERE a.id = ?";
    private static final String SESSIONS = "SELECT id, created_at, last_used_at, expires_at, cookie_mode, user_agent, "
            + "client_address, revoked_at, revoked_reason, array_to_string(amr, ',') AS amr, second_factor, scope "
            + "FROM auth_sessions WHERE account_id = ? ORDER BY id LIMIT ?";
    private static final String INVITATIONS = "SELECT id, role, note, max_uses, uses, expires_at, created_at, revoked_at "
            + "FROM auth_invitations WHERE inviter_id = ? ORDER BY id LIMIT ?";
    private static final String REDEEMED = "SELECT invitation_id, used_at FROM auth_invitation_uses WHERE account_id = ?";
    private static final String SUSPENSIONS = "SELECT id, cause, decision_id, reason, starts_at, ends_at, ended_at, "
            + "ended_how FROM auth_suspensions WHERE account_id = ? ORDER BY starts_at LIMIT ?";

    private final Database database;
    private final AuditLog audit;
    private final ObjectMapper mapper;

    MemberExport(Database database, AuditLog audit, ObjectMapper mapper) {
        this.database = database;
        this.audit = audit;
        this.mapper = mapper;
    }

    @Override
    public ExportPart export(TerritoryCode territory, UUID member) {
        return database.inTerritory(territory, db -> {
            Optional<AccountFile> account = db.get(ACCOUNT, member).map(MemberExport::account);
            if (account.isEmpty()) {
                return new ExportPart(List.of());
            }
            return ExportPart.of(
                    json("account.json", account.get()),
                    json("sessions.json", db.query(SESSIONS, member, LIMIT).map(MemberExport::session).toList()),
                    json("invitations.json", new InvitationsFile(
                            db.query(INVITATIONS, member, LIMIT).map(MemberExport::invitation).toList(),
                            db.query(REDEEMED, member).map(row -> new RedeemedFile(
                                    row.column("invitation_id").get(UUID.class), Rows.instant(row, "used_at")))
                                    .findFirst())),
                    json("suspensions.json", db.query(SUSPENSIONS, member, LIMIT).map(MemberExport::suspension).toList()),
                    json("audit.json", audit(db, member)));
        });
    }

    /* Entries about the account (its id the target) and by it, oldest first, each once. */
    private List<AuditFile> audit(DbExecute db, UUID member) {
        Map<UUID, AuditEntry> entries = new LinkedHashMap<>();
        audit.page(db, new AuditLog.Filter(Optional.of(member.toString()), Optional.empty(), Optional.empty()),
                Optional.empty(), LIMIT).forEach(entry -> entries.put(entry.id(), entry));
        audit.page(db, new AuditLog.Filter(Optional.empty(), Optional.of(member), Optional.empty()),
                Optional.empty(), LIMIT).forEach(entry -> entries.put(entry.id(), entry));
        List<AuditFile> files = new ArrayList<>();
        entries.values().stream().sorted(Comparator.comparing(AuditEntry::id)).forEach(entry -> {
            boolean own = entry.actor().filter(member::equals).isPresent();
            files.add(new AuditFile(entry.id(), entry.action(), entry.occurredAt(),
                    own ? "self" : entry.actor().isPresent() ? "another-account" : "operator-or-anonymous",
                    entry.target(), own ? entry.clientAddress() : Optional.empty(), entry.details()));
        });
        return files;
    }

    private ExportEntry json(String name, Object value) {
        try {
            return ExportEntry.json(name, mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the export's " + name + " is unwritable", e);
        }
    }

    private static AccountFile account(DbRow row) {
        String roles = Rows.optionalString(row, "roles").orElse("");
        return new AccountFile(row.column("id").get(UUID.class), Rows.optionalString(row, "email"),
                Rows.optionalString(row, "display_name"), row.column("status").get(String.class),
                roles.isEmpty() ? List.of() : List.of(roles.split(",")), Rows.optionalInstant(row, "email_verified_at"),
                Rows.instant(row, "created_at"), Rows.instant(row, "status_changed_at"),
                Rows.optionalString(row, "status_reason"), Rows.optionalString(row, "language"),
                row.column("two_factor").get(Boolean.class));
    }

    private static SessionFile session(DbRow row) {
        return new SessionFile(row.column("id").get(UUID.class), Rows.instant(row, "created_at"),
                Rows.instant(row, "last_used_at"), Rows.instant(row, "expires_at"),
                row.column("cookie_mode").get(Boolean.class) ? "cookie" : "token",
                Rows.optionalString(row, "user_agent"), Rows.optionalString(row, "client_address"),
                Rows.optionalInstant(row, "revoked_at"), Rows.optionalString(row, "revoked_reason"),
                List.of(row.column("amr").get(String.class).split(",")), Rows.optionalString(row, "second_factor"),
                Rows.optionalString(row, "scope").isPresent());
    }

    private static InvitationFile invitation(DbRow row) {
        return new InvitationFile(row.column("id").get(UUID.class), Rows.optionalString(row, "role"),
                Rows.optionalString(row, "note"), row.column("max_uses").get(Number.class).intValue(),
                row.column("uses").get(Number.class).intValue(), Rows.instant(row, "created_at"),
                Rows.instant(row, "expires_at"), Rows.optionalInstant(row, "revoked_at"));
    }

    private static SuspensionFile suspension(DbRow row) {
        return new SuspensionFile(row.column("id").get(UUID.class), row.column("cause").get(String.class),
                row.column("decision_id").asOptional().map(UUID.class::cast), Rows.optionalString(row, "reason"),
                Rows.instant(row, "starts_at"), Rows.optionalInstant(row, "ends_at"),
                Rows.optionalInstant(row, "ended_at"), Rows.optionalString(row, "ended_how"));
    }

    /** {@code account.json}. */
    record AccountFile(UUID id, Optional<String> email, Optional<String> displayName, String status, List<String> roles,
                       Optional<Instant> emailVerifiedAt, Instant createdAt, Instant statusChangedAt,
                       Optional<String> statusReason, Optional<String> language, boolean twoFactorEnabled) {
    }

    /** One of {@code sessions.json}: how and from where the member signed in. */
    record SessionFile(UUID id, Instant createdAt, Instant lastUsedAt, Instant expiresAt, String delivery,
                       Optional<String> userAgent, Optional<String> clientAddress, Optional<Instant> revokedAt,
                       Optional<String> revokedReason, List<String> amr, Optional<String> secondFactor,
                       boolean restricted) {
    }

    /** {@code invitations.json}: those the member created, and the one they registered with. */
    record InvitationsFile(List<InvitationFile> created, Optional<RedeemedFile> registeredWith) {
    }

    /** An invitation the member created. */
    record InvitationFile(UUID id, Optional<String> role, Optional<String> note, int maxUses, int uses,
                          Instant createdAt, Instant expiresAt, Optional<Instant> revokedAt) {
    }

    /** The invitation the member registered with. */
    record RedeemedFile(UUID invitation, Instant usedAt) {
    }

    /** One of {@code suspensions.json}. */
    record SuspensionFile(UUID id, String cause, Optional<UUID> decision, Optional<String> reason, Instant startsAt,
                          Optional<Instant> endsAt, Optional<Instant> endedAt, Optional<String> endedHow) {
    }

    /** One of {@code audit.json}: what was recorded about or by the member. */
    record AuditFile(UUID id, String action, Instant occurredAt, String actor, Optional<String> target,
                     Optional<String> clientAddress, Map<String, String> details) {
    }
}
