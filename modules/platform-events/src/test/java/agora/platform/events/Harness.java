package agora.platform.events;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

import agora.platform.contract.EventType;
import agora.platform.contract.ProblemKind;
import agora.platform.contract.TerritoryCode;
import agora.platform.core.Traceparent;
import agora.platform.core.problem.Messages;
import agora.platform.core.problem.ProblemException;
import agora.platform.core.problem.Text;
import agora.platform.data.Database;
import agora.platform.data.DatabaseConfig;
import agora.platform.data.Platform;
import agora.platform.data.migrate.ServiceMigrations;
import agora.platform.testing.Await;
import agora.platform.testing.TestDatabase;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

/**
 * A producer ("shop") and a consumer ("ledger") in one territory, wired through a real Events
 * instance: what the event tests drive.
 */
final class Harness implements AutoCloseable {
    static final EventType<Sale> SALE = new EventType<>("shop", "sale", Sale.class);
    static final MutableClock CLOCK = new MutableClock();
    private static final Text BACKEND_AWAY = Messages.of(locale -> java.util.ResourceBundle.getBundle(
            "agora.platform.events.messages", locale)).text("backend-away");

    private static Platform platform;

    final Events events;
    final Outbox outbox;
    final TerritoryCode territory;
    final Set<String> poisoned = ConcurrentHashMap.newKeySet();
    final Map<String, Integer> failuresLeft = new ConcurrentHashMap<>();
    /** Sales whose handler finds a backend away (a 503 problem) this many more times. */
    final Map<String, Integer> outagesLeft = new ConcurrentHashMap<>();
    final List<String> orderViolations = new CopyOnWriteArrayList<>();

    /** The sale of the test service; extra fields of newer producers are ignored. */
    record Sale(String note) {
    }

    private Harness(Events events, Outbox outbox, TerritoryCode territory) {
        this.events = events;
        this.outbox = outbox;
        this.territory = territory;
    }

    static synchronized Platform platform() {
        if (platform == null) {
            TestDatabase testDatabase = TestDatabase.get();
            Database database = Database.connect(new DatabaseConfig(testDatabase.jdbcUrl(), testDatabase.user(), "", 8,
                    DatabaseConfig.DEFAULT_CONNECT_TIMEOUT));
            platform = Platform.create(Config.just(ConfigSources.create(Map.of())), database, CLOCK);
            platform.migrator().migrateGlobal();
            platform.migrator().migratePodTables(List.of(Events.migrations("shop"), Events.migrations("ledger"),
                    Events.migrations("territory")));
        }
        return platform;
    }

    static List<ServiceMigrations> migrations() {
        return List.of(Events.migrations("shop"), Events.migrations("ledger"),
                ServiceMigrations.of("ledger", Harness.class));
    }

    /** A prefix of its own per test class, so runs and classes never share streams. */
    static String uniquePrefix() {
        return "t" + Instant.now().getEpochSecond() + "_" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 20));
    }

    static void registerTerritory(TerritoryCode territory) {
        Platform platform = platform();
        TestDatabase.get().registerTerritory(territory.value(), "en", "active", List.of());
        platform.migrator().migrateTerritory(territory, migrations());
        platform.readiness().markReady(territory);
        platform.territories().invalidate();
    }

    static Harness start(Optional<String> natsUrl, String prefix, TerritoryCode territory) {
        registerTerritory(territory);
        Platform platform = platform();
        EventsConfig config = new EventsConfig(natsUrl, prefix, Duration.ofDays(7), 3, Duration.ofSeconds(2),
                Duration.ofMillis(20));
        Events events = Events.create(config, platform);
        Outbox outbox = events.outbox("shop");
        Harness harness = new Harness(events, outbox, territory);
        events.subscribe(Subscription.territories("ledger", "sales", "shop").on(SALE, (tx, event, sale) -> {
            if (harness.poisoned.contains(sale.note())) {
                throw new IllegalStateException("poisoned sale " + sale.note());
            }
            if (harness.outagesLeft.computeIfPresent(sale.note(), (note, left) -> left - 1) instanceof Integer left
                    && left >= 0) {
                throw new ProblemException(ProblemKind.UNAVAILABLE, BACKEND_AWAY);
            }
            if (harness.failuresLeft.computeIfPresent(sale.note(), (note, left) -> left - 1) instanceof Integer left
                    && left >= 0) {
                throw new IllegalStateException("transient failure of " + sale.note());
            }
            long last = tx.get("SELECT coalesce(max(version), 0) AS v FROM ledger_entries WHERE aggregate = ?",
                    event.subject()).orElseThrow().column("v").get(Long.class);
            if (last >= event.version()) {
                harness.orderViolations.add(event.subject() + " v" + event.version() + " after v" + last);
            }
            tx.insert("INSERT INTO ledger_entries (event_id, aggregate, version, note, traceparent) VALUES (?, ?, ?, ?, ?)",
                    event.id(), event.subject(), event.version(), sale.note(), Traceparent.current().orElse(null));
        }));
        events.start();
        return harness;
    }

    /** Commits one sale event in its own transaction. */
    Event sell(String aggregate, long version, String note) {
        return platform().database().inTerritory(territory, tx -> outbox.append(tx, EventScope.territory(territory),
                SALE, aggregate, version, new Sale(note)));
    }

    long applied(String notePrefix) {
        return platform().database().inTerritory(territory, tx -> tx.get(
                "SELECT count(*) AS n FROM ledger_entries WHERE note LIKE ?", notePrefix + "%")
                .orElseThrow().column("n").get(Long.class));
    }

    long unsent() {
        return platform().database().inTerritory(territory, tx -> tx.get(
                "SELECT count(*) AS n FROM shop_outbox WHERE sent_at IS NULL").orElseThrow().column("n").get(Long.class));
    }

    /** Waits (at most 20 s) until the condition holds. */
    static void await(String what, BooleanSupplier condition) {
        Await.until(what, Duration.ofSeconds(20), condition::getAsBoolean);
    }

    static String note() {
        return UUID.randomUUID().toString();
    }

    @Override
    public void close() {
        events.close();
    }
}
