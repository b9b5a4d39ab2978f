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

import agora.platform.data.Database;
import agora.platform.data.Notifications;

/**
 * Runs the relays of this process: one per (producing service, scope), each on its own virtual
 * thread, woken by the outbox's {@code pg_notify} (one listening connection for all) or by the slow
 * fallback poll; after a transport failure a relay retries with backoff until it gets through.
 */
final class Relays implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Relays.class.getName());
    private static final Duration FIRST_RETRY = Duration.ofMillis(250);
    private static final Duration LAST_RETRY = Duration.ofSeconds(5);

    private final Database database;
    private final Transport transport;
    private final Codec codec;
    private final Clock clock;
    private final EventMeters meters;
    private final Duration pollInterval;
    private final Supplier<List<EventScope>> territories;
    private final Set<String> territoryProducers;
    private final Set<String> podProducers;
    private final Map<String, Runner> runners = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private Notifications notifications;
    private Thread listener;

    Relays(Database database, Transport transport, Codec codec, Clock clock, EventMeters meters, Duration pollInterval,
           Supplier<List<EventScope>> territories, Set<String> territoryProducers, Set<String> podProducers) {
        this.meters = meters;
        this.database = database;
        this.transport = transport;
        this.codec = codec;
        this.clock = clock;
        this.pollInterval = pollInterval;
        this.territories = territories;
        this.territoryProducers = territoryProducers;
        this.podProducers = podProducers;
    }

    void start() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        notifications = database.listen(Outbox.CHANNEL);
        listener = Thread.ofVirtual().name("agora-outbox-listener").start(this::listen);
        wakeAll();
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

    private void listen() {
        while (running.get()) {
            List<String> payloads = notifications.await(pollInterval);
            if (!running.get()) {
                return;
            }
            if (payloads.isEmpty()) {
                wakeAll();
                continue;
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
    }

    private void wake(String service, EventScope scope) {
        if (!running.get()) {
            return;
        }
        runners.computeIfAbsent(service + "|" + scope.token(), ignored -> {
            Relay relay = new Relay(service, scope, database, transport, codec, clock, meters);
            meters.outbox(service, scope, relay::backlog);
            Runner runner = new Runner(relay);
            runner.thread = Thread.ofVirtual().name("agora-relay-" + service + "-" + scope.token()).start(runner);
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
            listener.interrupt();
        }
        runners.values().forEach(runner -> runner.thread.interrupt());
        for (Runner runner : runners.values()) {
            try {
                runner.thread.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One relay's loop: wait for a signal (or a retry deadline), drain. */
    private final class Runner implements Runnable {
        private final Relay relay;
        private final SynchronousQueue<Boolean> wakeups = new SynchronousQueue<>();
        private volatile boolean pending = true;
        private Thread thread;

        private Runner(Relay relay) {
            this.relay = relay;
        }

        void signal() {
            pending = true;
            wakeups.offer(Boolean.TRUE);
        }

        @Override
        public void run() {
            Duration retry = Duration.ZERO;
            while (running.get()) {
                try {
                    if (!pending) {
                        long waitMillis = retry.isZero() ? pollInterval.toMillis() : retry.toMillis();
                        wakeups.poll(waitMillis, TimeUnit.MILLISECONDS);
                    }
                    pending = false;
                    relay.drain();
                    retry = Duration.ZERO;
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    meters.relayFailed(relay.service(), relay.scope());
                    retry = retry.isZero() ? FIRST_RETRY : min(retry.multipliedBy(2), LAST_RETRY);
                    LOG.log(System.Logger.Level.WARNING, "Relay {0}/{1} could not publish ({2}); retrying in {3} ms",
                            relay.service(), relay.scope().token(), e.getMessage(), retry.toMillis());
                }
            }
        }

        private static Duration min(Duration a, Duration b) {
            return a.compareTo(b) <= 0 ? a : b;
        }
    }
}
