package agora.platform.data.territory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import agora.platform.contract.TerritoryCode;
import agora.platform.data.Database;
import agora.platform.data.Rows;

import io.helidon.dbclient.DbRow;

/**
 * The territory registry as every service reads it: a snapshot of schema {@code global}'s
 * territories and host names, reloaded when older than the refresh interval or when told that it
 * changed, so resolving a request's territory costs no query.
 *
 * <p>A change made by another process (a territory deactivated through another instance) is seen
 * within the refresh interval.
 */
public final class TerritoryDirectory {
    /** How stale a snapshot may get before it is reloaded. */
    public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(2);

    private static final String SELECT_TERRITORIES = """
            SELECT code, name, language, status, created_at, updated_at
            FROM territories ORDER BY code""";
    private static final String SELECT_HOSTS = "SELECT host, code FROM territory_hosts ORDER BY host";

    private final Database database;
    private final Clock clock;
    private final Duration refresh;
    /** Counts invalidations: a snapshot whose load began before the last one is stale. */
    private final AtomicLong generation = new AtomicLong();
    private volatile Snapshot snapshot;

    /**
     * A directory over the registry.
     *
     * @param database the pod's database
     * @param clock    the clock that ages snapshots
     * @param refresh  how old a snapshot may get
     */
    public TerritoryDirectory(Database database, Clock clock, Duration refresh) {
        this.database = database;
        this.clock = clock;
        this.refresh = refresh;
    }

    /**
     * A territory by code.
     *
     * @param code the code
     * @return the territory, if the registry has it
     */
    public Optional<Territory> find(TerritoryCode code) {
        return Optional.ofNullable(current().byCode().get(code));
    }

    /**
     * The territory a host name selects.
     *
     * @param host the request's host, without port
     * @return the territory, if the host is mapped
     */
    public Optional<Territory> byHost(String host) {
        TerritoryCode code = current().byHost().get(host.toLowerCase(Locale.ROOT));
        return code == null ? Optional.empty() : find(code);
    }

    /** Every territory, ordered by code. */
    public Collection<Territory> all() {
        return current().byCode().values();
    }

    /** Forgets the snapshot, so the next read sees a change this process just made. */
    public void invalidate() {
        generation.incrementAndGet();
        snapshot = null;
    }

    /*
     * A reader that began loading before a change was committed and invalidated stores what it read
     * after the invalidation; its snapshot carries the generation it began in, so the next read
     * loads again instead of serving the old state until the refresh interval has passed (forever
     * under a clock that stands still, as in tests: a territory just made active answered 503).
     */
    private Snapshot current() {
        Snapshot current = snapshot;
        Instant now = clock.instant();
        if (current == null || current.generation() != generation.get()
                || current.loadedAt().plus(refresh).isBefore(now)) {
            current = load(now, generation.get());
            snapshot = current;
        }
        return current;
    }

    private Snapshot load(Instant now, long loadedIn) {
        return database.inGlobal(db -> {
            Map<TerritoryCode, List<String>> hosts = new HashMap<>();
            Map<String, TerritoryCode> byHost = new HashMap<>();
            db.query(SELECT_HOSTS).forEach(row -> {
                TerritoryCode code = TerritoryCode.of(row.column("code").get(String.class));
                String host = row.column("host").get(String.class);
                hosts.computeIfAbsent(code, ignored -> new ArrayList<>()).add(host);
                byHost.put(host, code);
            });
            Map<TerritoryCode, Territory> byCode = new TreeMap<>();
            db.query(SELECT_TERRITORIES).forEach(row -> {
                Territory territory = map(row, hosts);
                byCode.put(territory.code(), territory);
            });
            return new Snapshot(Map.copyOf(byHost), java.util.Collections.unmodifiableMap(byCode), now, loadedIn);
        });
    }

    /**
     * Maps a registry row (columns code, name, language, status, created_at, updated_at).
     *
     * @param row   the row
     * @param hosts host names by territory
     * @return the territory
     */
    public static Territory map(DbRow row, Map<TerritoryCode, List<String>> hosts) {
        TerritoryCode code = TerritoryCode.of(row.column("code").get(String.class));
        return new Territory(code,
                row.column("name").get(String.class),
                row.column("language").get(String.class),
                TerritoryStatus.fromWire(row.column("status").get(String.class)),
                hosts.getOrDefault(code, List.of()),
                Rows.instant(row, "created_at"),
                Rows.instant(row, "updated_at"));
    }

    private record Snapshot(Map<String, TerritoryCode> byHost, Map<TerritoryCode, Territory> byCode, Instant loadedAt,
                            long generation) {
    }
}
