package agora.platform.events;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import agora.platform.core.loop.Loop;
import agora.platform.core.loop.Loops;
import agora.platform.data.Database;
import agora.platform.data.Notifications;

/**
 * Runs the relays of this process: one per (producing service, scope), each a loop of the process
 * ({@code events-relay-<service>-<scope>}), woken by the outbox's {@code pg_notify} through one
 * listening connection (loop {@code events-outbox-listener}) or by the slow fallback poll. Every one
 * of them survives any failure: a relay that cannot publish (NATS away) or cannot read its outbox
 * (the database away) retries with backoff until it gets through, and the listener, when it cannot
 * read the territories, tries again and wakes every relay once it can (notifications sent meanwhile
 * may be lost).
 */
final class Relays implements AutoCloseable {
    private static final Duration FIRST_RETRY = Duration.ofMillis(250);
    private static final Duration LAST_RETRY = Duration.ofSeconds(5);
    private static final Duration LISTENER_FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration LISTENER_LAST_RETRY = Duration.ofSeconds(10);

    private final Database database;
    private final Transport transport;
    private final Codec codec;
    private final Clock clock;
    private final EventMeters meters;
    private final Loops loops;
    private final Duration pollInterval;
    private final Supplier<List<EventScope>> territories;
    private final Runnable refresh;
    private final Set<String> territoryProducers;
    private final Set<String> podProducers;
    private final Map<String, Runner> runners = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private Notifications notifications;
    private Loop listener;
    private volatile boolean wakeAllNext = true;

    Relays(Database database, Transport transport, Codec codec, Clock clock, EventMeters meters, Loops loops,
           Duration pollInterval, Supplier<List<EventScope>> territories, Runnable refresh,
           Set<String> territoryProducers, Set<String> podProducers) {
        this.meters = meters;
        this.database = database;
        this.transport = transport;
        this.codec = codec;
        this.clock = clock;
        this.loops = loops;
        this.pollInterval = pollInterval;
        this.territories = territories;
        this.refresh = refresh;
        this.territoryProducers = territoryProducers;
        this.podProducers = podProducers;
    }

    void start() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        notifications = database.listen(Outbox.CHANNEL);
        listener = loops.repeat("events-outbox-listener", LISTENER_FIRST_RETRY, LISTENER_LAST_RETRY, this::listen);
    }

    /** Wakes every relay (after start, after a territory appeared, and on the fallback poll). */
    void wakeAll() {
        for (String service : podProducers) {
            wake(service, EventScope.pod());
        }
        if (!territoryProducers.isEmpty()) {
            for (EventScope scope : territories.get()) {
                territoryProducers.forEach(service -> wake(service, scope));
            }
        }
    }

    /*
     * One step of the listener: at the start, after a failure and on the fallback poll, the process's
     * events are refreshed (consumers of new territories, every relay woken); else the relays
     * notified.
     */
    private void listen() {
        if (wakeAllNext) {
            refresh.run();
            wakeAllNext = false;
        }
        List<String> payloads = notifications.await(pollInterval);
        if (!running.get()) {
            return;
        }
        if (payloads.isEmpty()) {
            wakeAllNext = true;
            return;
        }
        for (String payload : payloads) {
            int bar = payload.indexOf('|');
            if (bar < 0) {
                continue;
            }
            String service = payload.substring(0, bar);
            EventScope.parse(payload.substring(bar + 1))
                    .filter(scope -> (scope instanceof EventScope.Pod ? podProducers : territoryProducers)
                            .contains(service))
                    .ifPresent(scope -> wake(service, scope));
        }
    }

    private void wake(String service, EventScope scope) {
        if (!running.get()) {
            return;
        }
        runners.computeIfAbsent(service + "|" + scope.token(), ignored -> {
            Relay relay = new Relay(service, scope, database, transport, codec, clock, meters);
            meters.outbox(service, scope, relay::backlog);
            Runner runner = new Runner(relay);
            runner.loop = loops.repeat("events-relay-" + service + "-" + scope.token(), FIRST_RETRY, LAST_RETRY,
                    runner::step);
            return runner;
        }).signal();
    }

    @Override
    public void close() {
        if (!running.compareAndSet(true, false)) {
            return;
        }
        if (notifications != null) {
            notifications.close();
        }
        if (listener != null) {
            loops.remove(listener);
        }
        runners.values().forEach(runner -> loops.remove(runner.loop));
        for (Runner runner : runners.values()) {
            try {
                runner.loop.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One relay's step: wait for a signal (or the fallback poll), drain; after a failure, drain at once. */
    private final class Runner {
        private final Relay relay;
        private final SynchronousQueue<Boolean> wakeups = new SynchronousQueue<>();
        private volatile boolean pending = true;
        private Loop loop;

        private Runner(Relay relay) {
            this.relay = relay;
        }

        void signal() {
            pending = true;
            wakeups.offer(Boolean.TRUE);
        }

        void step() throws InterruptedException {
            if (!pending) {
                wakeups.poll(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
            }
            pending = false;
            try {
                relay.drain();
            } catch (RuntimeException e) {
                // The loop pauses (0.25 s doubling to 5 s); the next step drains without waiting.
                pending = true;
                meters.relayFailed(relay.service(), relay.scope());
                throw e;
            }
        }
    }
}
