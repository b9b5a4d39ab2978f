package agora.territory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import agora.platform.contract.TerritoryCode;
import agora.platform.data.Database;
import agora.platform.data.territory.Territory;
import agora.platform.data.territory.TerritoryDirectory;
import agora.platform.data.territory.TerritoryStatus;
import agora.platform.web.paging.PageRequest;

import io.helidon.dbclient.DbExecute;

/** The registry rows in schema {@code global}: the writes are this service's, the reads everyone's. */
final class TerritoryRegistry {
    private static final String COLUMNS = "code, name, language, status, created_at, updated_at";
    private static final String SELECT_PAGE = "SELECT " + COLUMNS + " FROM territories WHERE code > ? ORDER BY code LIMIT ?";
    private static final String SELECT_ONE = "SELECT " + COLUMNS + " FROM territories WHERE code = ?";
    private static final String SELECT_HOSTS = "SELECT host, code FROM territory_hosts WHERE code = ANY (?::char(2)[])";
    private static final String INSERT = """
            INSERT INTO territories (code, name, language, status, created_at, updated_at)
            VALUES (?, ?, ?, 'provisioning', ?, ?)
            ON CONFLICT (code) DO NOTHING""";
    private static final String INSERT_HOST = "INSERT INTO territory_hosts (host, code) VALUES (?, ?) ON CONFLICT (host) DO NOTHING";
    private static final String SELECT_HOST_OWNER = "SELECT code FROM territory_hosts WHERE host = ?";
    private static final String UPDATE_STATUS = "UPDATE territories SET status = ?, updated_at = ? WHERE code = ?";

    private final Database database;

    TerritoryRegistry(Database database) {
        this.database = database;
    }

    /** Outcome of an insert: the new row, or the reason there is none. */
    sealed interface Insert {
        record Created(Territory territory) implements Insert {
        }

        record CodeTaken() implements Insert {
        }

        record HostTaken(String host, TerritoryCode owner) implements Insert {
        }
    }

    Insert insert(NewTerritory request, Instant now, Consumer<DbExecute> alsoInTransaction) {
        return database.inGlobal(db -> {
            for (String host : request.hosts()) {
                Optional<String> owner = db.get(SELECT_HOST_OWNER, host).map(row -> row.column("code").get(String.class));
                if (owner.isPresent()) {
                    return new Insert.HostTaken(host, TerritoryCode.of(owner.get()));
                }
            }
            long inserted = db.insert(INSERT, request.code().value(), request.name(), request.language(),
                    Database.timestamp(now), Database.timestamp(now));
            if (inserted == 0) {
                return new Insert.CodeTaken();
            }
            for (String host : request.hosts()) {
                db.insert(INSERT_HOST, host, request.code().value());
            }
            alsoInTransaction.accept(db);
            return new Insert.Created(find(db, request.code()).orElseThrow());
        });
    }

    Optional<Territory> find(TerritoryCode code) {
        return database.inGlobal(db -> find(db, code));
    }

    List<Territory> page(PageRequest request) {
        String after = request.after().map(List::getFirst).orElse("");
        return database.inGlobal(db -> withHosts(db, db.query(SELECT_PAGE, after, request.fetchSize())
                .map(row -> TerritoryDirectory.map(row, Map.of()))
                .toList()));
    }

    Optional<Territory> setStatus(TerritoryCode code, TerritoryStatus status, Instant now) {
        return database.inGlobal(db -> {
            db.update(UPDATE_STATUS, status.wire(), Database.timestamp(now), code.value());
            return find(db, code);
        });
    }

    private static Optional<Territory> find(DbExecute db, TerritoryCode code) {
        return db.get(SELECT_ONE, code.value())
                .map(row -> TerritoryDirectory.map(row, Map.of()))
                .map(territory -> withHosts(db, List.of(territory)).getFirst());
    }

    private static List<Territory> withHosts(DbExecute db, List<Territory> territories) {
        if (territories.isEmpty()) {
            return territories;
        }
        String codes = territories.stream().map(t -> t.code().value())
                .collect(java.util.stream.Collectors.joining(",", "{", "}"));
        Map<TerritoryCode, List<String>> hosts = new HashMap<>();
        db.query(SELECT_HOSTS, codes).forEach(row -> hosts
                .computeIfAbsent(TerritoryCode.of(row.column("code").get(String.class).trim()), ignored -> new ArrayList<>())
                .add(row.column("host").get(String.class)));
        return territories.stream()
                .map(t -> new Territory(t.code(), t.name(), t.language(), t.status(),
                        hosts.getOrDefault(t.code(), List.of()).stream().sorted().toList(), t.createdAt(), t.updatedAt()))
                .toList();
    }
}
