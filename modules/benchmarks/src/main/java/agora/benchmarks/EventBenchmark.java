package agora.benchmarks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

import agora.platform.contract.EventType;
import agora.platform.contract.TerritoryCode;
import agora.platform.data.Database;
import agora.platform.data.DatabaseConfig;
import agora.platform.data.Platform;
import agora.platform.data.migrate.ServiceMigrations;
import agora.platform.events.EventScope;
import agora.platform.events.Events;
import agora.platform.events.EventsConfig;
import agora.platform.events.Outbox;
import agora.platform.events.Subscription;
import agora.platform.testing.Leftovers;
import agora.platform.testing.TestDatabase;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

/**
 * Relay throughput and end-to-end event latency (commit of the producing transaction → commit of the
 * consumer's effect) through NATS JetStream, on a database of its own. Prints its figures.
 *
 * <p>Environment: {@code AGORA_TEST_DB_URL} (a database on the PostgreSQL server to use, default
 * {@code jdbc:postgresql://127.0.0.1:5432/postgres}), {@code AGORA_NATS_URL} (default
 * {@code nats://127.0.0.1:4222}). Arguments: {@code [burst events] [paced events] [paced rate/s]},
 * default {@code 5000 2000 200}.
 */
public final class EventBenchmark {
    private static final EventType<Tick> TICK = new EventType<>("bench", "tick", Tick.class);
    private static final TerritoryCode TERRITORY = TerritoryCode.of("DK");

    private final Map<UUID, Long> committedAt = new ConcurrentHashMap<>();
    private final Map<UUID, Long> appliedAt = new ConcurrentHashMap<>();
    private final AtomicLong applied = new AtomicLong();
    private Database database;

    /** The benchmark event's payload. */
    record Tick(long sequence) {
    }

    private EventBenchmark() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args burst size, paced count, paced rate
     * @throws Exception when it cannot run
     */
    public static void main(String[] args) throws Exception {
        int burst = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int paced = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        new EventBenchmark().run(burst, paced, rate);
        System.exit(0);
    }

    private void run(int burst, int paced, int rate) throws Exception {
        String nats = Optional.ofNullable(System.getenv("AGORA_NATS_URL")).orElse("nats://127.0.0.1:4222");
        TestDatabase testDatabase = TestDatabase.get();
        database = Database.connect(new DatabaseConfig(testDatabase.jdbcUrl(), testDatabase.user(), "", 16,
                DatabaseConfig.DEFAULT_CONNECT_TIMEOUT));
        Platform platform = Platform.create(Config.just(ConfigSources.create(Map.of())), database, Clock.systemUTC());
        platform.migrator().migrateGlobal();
        List<ServiceMigrations> tables = List.of(Events.migrations("bench"), Events.migrations("benchsink"),
                ServiceMigrations.of("benchsink", EventBenchmark.class));
        platform.migrator().migratePodTables(List.of(Events.migrations("bench"), Events.migrations("benchsink")));
        testDatabase.registerTerritory(TERRITORY.value(), "da", "active", List.of());
        platform.migrator().migrateTerritory(TERRITORY, tables);
        platform.readiness().markReady(TERRITORY);

        String prefix = "bench" + Instant.now().getEpochSecond();
        EventsConfig config = new EventsConfig(Optional.of(nats), prefix, Duration.ofDays(1), 5,
                Duration.ofSeconds(30), Duration.ofMillis(100));
        Events events = Events.create(config, platform);
        Outbox outbox = events.outbox("bench");
        events.subscribe(Subscription.territories("benchsink", "ticks", "bench").on(TICK, (tx, event, tick) -> {
            tx.insert("INSERT INTO bench_effects (event_id, sequence) VALUES (?, ?)", event.id(), tick.sequence());
            appliedAt.put(event.id(), System.nanoTime());
            applied.incrementAndGet();
        }));
        events.start();
        System.out.printf("Event benchmark: PostgreSQL %s, NATS %s, %d cores%n", testDatabase.jdbcUrl(), nats,
                Runtime.getRuntime().availableProcessors());

        // Warm-up.
        produce(outbox, 500, 16, 0);
        await(500);

        // Burst: how fast the relay empties a full outbox, and the consumer keeps up.
        long before = applied.get();
        long start = System.nanoTime();
        produce(outbox, burst, 32, 0);
        long produced = System.nanoTime();
        long relayed = awaitOutboxEmpty(database);
        await(before + burst);
        long done = System.nanoTime();
        System.out.printf("burst   %6d events: written in %6.0f ms (%6.0f/s); relayed %6.0f events/s; applied %6.0f events/s%n",
                burst, ms(produced - start), burst / seconds(produced - start), burst / seconds(relayed - start),
                burst / seconds(done - start));

        // Paced: end-to-end latency at a steady rate.
        committedAt.clear();
        appliedAt.clear();
        before = applied.get();
        produce(outbox, paced, 8, rate);
        await(before + paced);
        long[] latencies = committedAt.entrySet().stream()
                .mapToLong(entry -> appliedAt.getOrDefault(entry.getKey(), entry.getValue()) - entry.getValue())
                .sorted().toArray();
        System.out.printf("paced   %6d events at %d/s: commit→effect p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                paced, rate, ms(percentile(latencies, 50)), ms(percentile(latencies, 90)), ms(percentile(latencies, 99)),
                ms(latencies[latencies.length - 1]));

        events.close();
        database.close();
        // The benchmark's streams go with it, so the shared NATS server keeps nothing of a run.
        Leftovers.deleteStreams(nats, prefix);
    }

    private void produce(Outbox outbox, int count, int threads, int ratePerSecond) throws Exception {
        AtomicLong sequence = new AtomicLong();
        Semaphore concurrency = new Semaphore(threads);
        long interval = ratePerSecond > 0 ? 1_000_000_000L / ratePerSecond : 0;
        long begin = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        try (ExecutorService producers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                if (interval > 0) {
                    long due = begin + i * interval;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(Duration.ofNanos(wait));
                    }
                }
                concurrency.acquire();
                futures.add(producers.submit(() -> {
                    try {
                        long n = sequence.incrementAndGet();
                        UUID id = commit(outbox, n);
                        committedAt.put(id, System.nanoTime());
                    } finally {
                        concurrency.release();
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }
    }

    private UUID commit(Outbox outbox, long n) {
        return database.inTerritory(TERRITORY, tx -> outbox.append(tx, EventScope.territory(TERRITORY), TICK,
                "ticker-" + (n % 16), n, new Tick(n)).id());
    }

    private void await(long count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (applied.get() < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + applied.get() + " of " + count + " events applied");
            }
            Thread.sleep(2);
        }
    }

    private static long awaitOutboxEmpty(Database database) throws InterruptedException {
        while (true) {
            long unsent = database.inTerritory(TERRITORY, tx -> tx.get(
                    "SELECT count(*) AS n FROM bench_outbox WHERE sent_at IS NULL").orElseThrow().column("n").get(Long.class));
            if (unsent == 0) {
                return System.nanoTime();
            }
            Thread.sleep(5);
        }
    }

    private static long percentile(long[] sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }

    private static double seconds(long nanos) {
        return nanos / 1_000_000_000.0;
    }

}
