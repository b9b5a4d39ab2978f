package agora.platform.data;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;

/**
 * Whether PostgreSQL is known to be down. The first unit of work that finds it unreachable marks it
 * down and says so once in the log; from then on units of work are refused at once (503) instead
 * of each waiting the pool's connect timeout, while one probe tries the pool every second until it
 * answers, marks it up and says so once more.
 *
 * <p>Meters (docs/metrics.md): {@code agora_db_up} (1 or 0), {@code agora_db_unavailable_total}
 * (units of work that found it unreachable: they waited for the pool or lost their connection) and
 * {@code agora_db_refused_total} (units of work refused at once while it was known down).
 */
final class Availability implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Database.class.getName());
    private static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);

    private final Runnable probe;
    private final AtomicReference<Instant> downSince = new AtomicReference<>();
    private final AtomicLong refusedWhileDown = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Counter unavailable;
    private final Counter refused;

    /**
     * @param probe checks the database through the pool; throws when it does not answer
     */
    Availability(Runnable probe) {
        this.probe = probe;
        MeterRegistry registry = Metrics.globalRegistry();
        this.unavailable = registry.getOrCreate(Counter.builder("agora.db.unavailable").scope(Meter.Scope.APPLICATION));
        this.refused = registry.getOrCreate(Counter.builder("agora.db.refused").scope(Meter.Scope.APPLICATION));
        registry.getOrCreate(Gauge.builder("agora.db.up", this, availability -> availability.isDown() ? 0 : 1)
                .scope(Meter.Scope.APPLICATION));
    }

    /** Whether the database is known to be down right now. */
    boolean isDown() {
        return downSince.get() != null;
    }

    /**
     * Refuses a unit of work at once while the database is known to be down.
     *
     * @throws DatabaseUnavailableException when it is
     */
    void requireUp() {
        if (isDown()) {
            refused.increment();
            refusedWhileDown.incrementAndGet();
            throw DatabaseUnavailableException.knownDown();
        }
    }

    /**
     * A unit of work found the database unreachable: the first one after it was up marks it down,
     * logs once and starts the probe.
     *
     * @param cause what the unit of work ran into
     */
    void lost(Throwable cause) {
        unavailable.increment();
        Instant now = Instant.now();
        if (closed.get() || !downSince.compareAndSet(null, now)) {
            return;
        }
        refusedWhileDown.set(0);
        LOG.log(System.Logger.Level.WARNING, "PostgreSQL cannot be reached (" + rootMessage(cause) + "); requests that "
                + "need it get 503 at once until it answers again, checked every " + PROBE_INTERVAL.toSeconds() + " s");
        Thread.ofVirtual().name("agora-db-probe").start(this::probeUntilUp);
    }

    private void probeUntilUp() {
        while (!closed.get()) {
            try {
                probe.run();
                Instant since = downSince.getAndSet(null);
                LOG.log(System.Logger.Level.INFO, "PostgreSQL answers again after "
                        + Duration.between(since, Instant.now()).toMillis() + " ms; " + refusedWhileDown.get()
                        + " units of work were refused meanwhile");
                return;
            } catch (RuntimeException | Error stillDown) {
                // The log already says it is down; once per state change, not once per probe.
            }
            try {
                Thread.sleep(PROBE_INTERVAL);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    @Override
    public void close() {
        closed.set(true);
    }
}
