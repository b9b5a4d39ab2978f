package agora.platform.data.timer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import agora.platform.contract.TerritoryCode;
import agora.platform.data.Database;
import agora.platform.data.migrate.ServiceMigrations;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;

/**
 * A process's durable timers: each service's {@code <service>_timers} table in every territory,
 * and the pass that fires what is due. The host runs {@link #fireDue} every poll interval, so a timer
 * fires at most that late; instances of a pod share the tables and pick due timers with
 * {@code FOR UPDATE SKIP LOCKED}, so each fires in exactly one of them.
 *
 * <p>A timer fires in a transaction that also deletes it. A handler that fails is rolled back and
 * the timer tried again later (after 1 s, doubling, at most 5 minutes): an outage is retried until
 * it passes, never dropped; failures are counted in {@code agora_timers_fired_total{outcome="failed"}}
 * and a timer that keeps failing shows in {@code agora_timers_overdue}.
 */
public final class Timers {
    private static final int PER_PASS = 500;
    private static final Duration MAX_RETRY = Duration.ofMinutes(5);

    private final Database database;
    private final Clock clock;
    private final ObjectMapper mapper;
    private final Map<String, Map<String, Registered<?>>> services = new ConcurrentHashMap<>();
    private final Map<String, AtomicReference<Double>> overdue = new ConcurrentHashMap<>();
    private final MeterRegistry registry = Metrics.globalRegistry();

    /**
     * The timers of a process.
     *
     * @param database the pool
     * @param clock    when timers are due
     * @param mapper   reads and writes timer data
     */
    public Timers(Database database, Clock clock, ObjectMapper mapper) {
        this.database = database;
        this.clock = clock;
        this.mapper = mapper;
    }

    /**
     * The timer tables of a service, to be migrated into every territory schema.
     *
     * @param service the service
     * @return the migration set
     */
    public static ServiceMigrations migrations(String service) {
        return new ServiceMigrations(service + " timers", "timers", "flyway_history_" + service + "_timers",
                Map.of("service", service), Timers.class.getClassLoader());
    }

    /**
     * Declares a kind of timer of a service and what firing it does.
     *
     * @param service the service (its {@code <service>_timers} table)
     * @param kind    the kind, a lower-case identifier unique within the service
     * @param type    the timer's data
     * @param handler what firing does
     * @param <T>     the data type
     * @return the timer, to set and cancel
     */
    public <T> Timer<T> register(String service, String kind, Class<T> type, TimerHandler<T> handler) {
        if (!service.matches("[a-z][a-z0-9_]*") || !kind.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("service and timer kind are lower-case identifiers: " + service + "/" + kind);
        }
        Timer<T> timer = new Timer<>(service, kind, type, mapper);
        if (services.computeIfAbsent(service, ignored -> new ConcurrentHashMap<>())
                .putIfAbsent(kind, new Registered<>(timer, handler)) != null) {
            throw new IllegalStateException(service + " declares timer " + kind + " twice");
        }
        overdue.computeIfAbsent(service, name -> {
            AtomicReference<Double> value = new AtomicReference<>(Double.NaN);
            registry.getOrCreate(Gauge.builder("agora.timers.overdue", () -> value.get())
                    .scope(Meter.Scope.APPLICATION).tags(List.of(Tag.create("service", name))));
            return value;
        });
        return timer;
    }

    /** Whether any service declared a timer (else the host runs no timer loop). */
    public boolean any() {
        return !services.isEmpty();
    }

    /**
     * Fires every due timer of every service in the given territories (a bounded number per service
     * and territory per pass), then counts what is still due.
     *
     * @param territories the territories this process serves
     * @return how many fired
     */
    public int fireDue(Collection<TerritoryCode> territories) {
        int fired = 0;
        for (Map.Entry<String, Map<String, Registered<?>>> service : services.entrySet()) {
            double due = 0;
            for (TerritoryCode territory : territories) {
                for (int i = 0; i < PER_PASS && fireOne(service.getKey(), service.getValue(), territory); i++) {
                    fired++;
                }
                due += countDue(service.getKey(), service.getValue(), territory);
            }
            overdue.get(service.getKey()).set(due);
        }
        return fired;
    }

    private boolean fireOne(String service, Map<String, Registered<?>> kinds, TerritoryCode territory) {
        Instant now = clock.instant();
        try {
            return database.inTerritory(territory, db -> {
                Optional<DbRow> row = db.get("SELECT kind, key, data::text AS data, due_at FROM " + service + "_timers"
                        + " WHERE due_at <= ? AND kind IN (" + placeholders(kinds) + ") ORDER BY due_at LIMIT 1"
                        + " FOR UPDATE SKIP LOCKED", arguments(Database.timestamp(now), kinds));
                if (row.isEmpty()) {
                    return false;
                }
                String kind = row.get().column("kind").get(String.class);
                String key = row.get().column("key").get(String.class);
                try {
                    kinds.get(kind).fire(db, territory, key, row.get().column("data").get(String.class));
                } catch (RuntimeException e) {
                    throw new HandlerFailed(kind, key, e);
                }
                db.delete("DELETE FROM " + service + "_timers WHERE kind = ? AND key = ?", kind, key);
                counter(service, kind, "fired").increment();
                return true;
            });
        } catch (HandlerFailed failed) {
            counter(service, failed.kind, "failed").increment();
            retryLater(service, territory, failed, now);
            return true;
        }
    }

    private void retryLater(String service, TerritoryCode territory, HandlerFailed failed, Instant now) {
        System.getLogger(Timers.class.getName()).log(System.Logger.Level.WARNING,
                "Timer " + service + "/" + failed.kind + " " + failed.key + " in " + territory + " failed; it is tried again",
                failed.getCause());
        database.runInTerritory(territory, db -> {
            long attempts = db.get("SELECT attempts FROM " + service + "_timers WHERE kind = ? AND key = ?",
                    failed.kind, failed.key).map(row -> row.column("attempts").get(Integer.class).longValue()).orElse(0L);
            Duration wait = Duration.ofSeconds(1L << Math.min(attempts, 16));
            db.update("UPDATE " + service + "_timers SET attempts = attempts + 1, last_error = ?, due_at = ? "
                            + "WHERE kind = ? AND key = ?", String.valueOf(failed.getCause()),
                    Database.timestamp(now.plus(wait.compareTo(MAX_RETRY) < 0 ? wait : MAX_RETRY)), failed.kind, failed.key);
        });
    }

    private long countDue(String service, Map<String, Registered<?>> kinds, TerritoryCode territory) {
        return database.inTerritory(territory, db -> db.get("SELECT count(*) AS n FROM " + service + "_timers"
                        + " WHERE due_at <= ? AND kind IN (" + placeholders(kinds) + ")",
                arguments(Database.timestamp(clock.instant()), kinds)).map(row -> row.column("n").get(Long.class)).orElse(0L));
    }

    private static String placeholders(Map<String, Registered<?>> kinds) {
        return kinds.keySet().stream().map(kind -> "?").collect(Collectors.joining(", "));
    }

    private static Object[] arguments(Object first, Map<String, Registered<?>> kinds) {
        Object[] arguments = new Object[kinds.size() + 1];
        arguments[0] = first;
        int i = 1;
        for (String kind : kinds.keySet()) {
            arguments[i++] = kind;
        }
        return arguments;
    }

    private Counter counter(String service, String kind, String outcome) {
        return registry.getOrCreate(Counter.builder("agora.timers.fired").scope(Meter.Scope.APPLICATION)
                .tags(List.of(Tag.create("service", service), Tag.create("kind", kind), Tag.create("outcome", outcome))));
    }

    /** A kind with its handler. */
    private record Registered<T>(Timer<T> timer, TimerHandler<T> handler) {
        void fire(DbExecute transaction, TerritoryCode territory, String key, String data) {
            handler.fire(transaction, territory, key, timer.read(data));
        }
    }

    /** A handler's failure, told apart from the database's own (which fails the whole pass). */
    private static final class HandlerFailed extends RuntimeException {
        private final String kind;
        private final String key;

        HandlerFailed(String kind, String key, RuntimeException cause) {
            super(cause);
            this.kind = kind;
            this.key = key;
        }
    }
}
