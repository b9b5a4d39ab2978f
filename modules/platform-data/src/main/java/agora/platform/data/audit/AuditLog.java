package agora.platform.data.audit;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import agora.platform.data.Database;
import agora.platform.data.Rows;
import agora.platform.data.migrate.ServiceMigrations;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.common.context.Contexts;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

/**
 * A service's audit trail ({@code <service>_audit} in each territory schema). Entries are written
 * inside the transaction of the action they record, so an action and its record exist together or
 * not at all; reading is newest first, filtered by target, actor or action.
 */
public final class AuditLog {
    private static final TypeReference<Map<String, String>> DETAILS = new TypeReference<>() {
    };

    private final String table;
    private final Supplier<UUID> ids;
    private final Clock clock;
    private final ObjectMapper mapper;

    private AuditLog(String service, Supplier<UUID> ids, Clock clock, ObjectMapper mapper) {
        if (!service.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("a service name is a lower-case identifier: " + service);
        }
        this.table = service + "_audit";
        this.ids = ids;
        this.clock = clock;
        this.mapper = mapper;
    }

    /**
     * A service's audit trail.
     *
     * @param service the service ({@code auth}); its table is {@code <service>_audit}
     * @param ids     UUIDv7 ids
     * @param clock   the clock
     * @param mapper  writes and reads the details
     * @return the trail
     */
    public static AuditLog of(String service, Supplier<UUID> ids, Clock clock, ObjectMapper mapper) {
        return new AuditLog(service, ids, clock, mapper);
    }

    /**
     * The audit table of a service, to be migrated into every territory with its own tables.
     *
     * @param service the service
     * @return the migration set
     */
    public static ServiceMigrations migrations(String service) {
        return new ServiceMigrations(service + " audit", "audit", "flyway_history_" + service + "_audit",
                Map.of("service", service), AuditLog.class.getClassLoader());
    }

    /**
     * The key under which the host puts each request's client address (behind trusted proxies) in
     * the request's context, on every listener, for {@link #record(DbExecute, Optional, String,
     * Optional, Map)}.
     */
    public static final String CLIENT_ADDRESS = AuditLog.class.getName() + ".client-address";

    /**
     * Records an action inside the caller's transaction, from the client address of the request
     * being served (none outside a request: a timer, a consumer), so domain code need not carry it.
     *
     * @param transaction the action's transaction
     * @param actor       who acted
     * @param action      the action code
     * @param target      the id acted on
     * @param details     codes and ids
     * @return the entry
     */
    public AuditEntry record(DbExecute transaction, Optional<UUID> actor, String action, Optional<String> target,
                             Map<String, String> details) {
        Optional<String> address = Contexts.context().flatMap(context -> context.get(CLIENT_ADDRESS, String.class));
        return record(transaction, actor, action, target, address, details);
    }

    /**
     * Records an action inside the caller's transaction (opened for the territory).
     *
     * @param transaction   the action's transaction
     * @param actor         who acted
     * @param action        the action code
     * @param target        the id acted on
     * @param clientAddress from where
     * @param details       codes and ids
     * @return the entry
     */
    public AuditEntry record(DbExecute transaction, Optional<UUID> actor, String action, Optional<String> target,
                             Optional<String> clientAddress, Map<String, String> details) {
        AuditEntry entry = new AuditEntry(ids.get(), actor, action, target, clock.instant(), clientAddress, details);
        String json;
        try {
            json = mapper.writeValueAsString(entry.details());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("audit details are strings", e);
        }
        transaction.insert("INSERT INTO " + table + " (id, actor, action, target, occurred_at, client_address, details) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?::jsonb)", entry.id(), entry.actor().orElse(null), entry.action(),
                entry.target().orElse(null), Database.timestamp(entry.occurredAt()),
                entry.clientAddress().orElse(null), json);
        return entry;
    }

    /**
     * Entries newest first.
     *
     * @param transaction a transaction of the territory
     * @param filter      what to select
     * @param before      the position after which (in time, backwards) to continue
     * @param limit       how many
     * @return the entries
     */
    public List<AuditEntry> page(DbExecute transaction, Filter filter, Optional<UUID> before, int limit) {
        StringBuilder sql = new StringBuilder("SELECT id, actor, action, target, occurred_at, client_address, "
                + "details::text AS details FROM " + table + " WHERE id < ?");
        List<Object> parameters = new ArrayList<>();
        parameters.add(before.orElse(new UUID(-1, -1)));
        filter.target().ifPresent(target -> {
            sql.append(" AND target = ?");
            parameters.add(target);
        });
        filter.actor().ifPresent(actor -> {
            sql.append(" AND actor = ?");
            parameters.add(actor);
        });
        filter.actionPrefix().ifPresent(prefix -> {
            sql.append(" AND (action = ? OR starts_with(action, ?))");
            parameters.add(prefix);
            parameters.add(prefix + ".");
        });
        sql.append(" ORDER BY id DESC LIMIT ?");
        parameters.add(limit);
        return transaction.query(sql.toString(), parameters.toArray()).map(this::map).toList();
    }

    private AuditEntry map(DbRow row) {
        Map<String, String> details;
        try {
            details = mapper.readValue(row.column("details").get(String.class), DETAILS);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            details = Map.of();
        }
        return new AuditEntry(row.column("id").get(UUID.class), row.column("actor").asOptional().map(UUID.class::cast),
                row.column("action").get(String.class), Rows.optionalString(row, "target"),
                Rows.instant(row, "occurred_at"), Rows.optionalString(row, "client_address"), details);
    }

    /**
     * Which entries to read.
     *
     * @param target       only those about this id
     * @param actor        only those by this account
     * @param actionPrefix only this action or those under it ({@code auth.account})
     */
    public record Filter(Optional<String> target, Optional<UUID> actor, Optional<String> actionPrefix) {
        /** Every entry. */
        public static Filter all() {
            return new Filter(Optional.empty(), Optional.empty(), Optional.empty());
        }
    }
}
