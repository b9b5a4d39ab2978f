package agora.platform.events;

import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;

/**
 * The event path's meters (docs/metrics.md): outbox backlog and lag, relay publishes and failures,
 * consumer outcomes and lag, dead letters. Gauges that need a query keep their answer for a few
 * seconds, so a scrape costs a handful of indexed counts at most.
 */
final class EventMeters {
    private static final Duration FRESH_FOR = Duration.ofSeconds(5);

    private final MeterRegistry registry = Metrics.globalRegistry();

    void published(String service, EventScope scope, int count) {
        counter("agora.relay.published", List.of(Tag.create("service", service), territory(scope)))
                .increment(count);
    }

    void relayFailed(String service, EventScope scope) {
        counter("agora.relay.failures", List.of(Tag.create("service", service), territory(scope)))
                .increment();
    }

    void processed(String consumer, EventScope scope, String outcome) {
        counter("agora.consumer.processed", List.of(Tag.create("consumer", consumer), territory(scope),
                Tag.create("outcome", outcome))).increment();
    }

    /** Backlog and lag gauges of one outbox; the supplier runs one query for both. */
    void outbox(String service, EventScope scope, Supplier<Backlog> backlog) {
        Memo<Backlog> memo = new Memo<>(backlog, new Backlog(Double.NaN, Double.NaN));
        List<Tag> tags = List.of(Tag.create("service", service), territory(scope));
        gauge("agora.outbox.backlog", tags, () -> memo.get().rows());
        gauge("agora.outbox.lag.seconds", tags, () -> memo.get().lagSeconds());
    }

    void consumerLag(String consumer, EventScope scope, LongSupplier pending) {
        Memo<Double> memo = new Memo<>(() -> (double) pending.getAsLong(), Double.NaN);
        gauge("agora.consumer.lag", List.of(Tag.create("consumer", consumer), territory(scope)), memo::get);
    }

    void deadLetters(String service, EventScope scope, LongSupplier open) {
        Memo<Double> memo = new Memo<>(() -> (double) open.getAsLong(), Double.NaN);
        gauge("agora.dead.letters", List.of(Tag.create("service", service), territory(scope)), memo::get);
    }

    /**
     * An outbox's state.
     *
     * @param rows       rows not yet published
     * @param lagSeconds age of the oldest of them
     */
    record Backlog(double rows, double lagSeconds) {
    }

    /*
     * Helidon's meters carry their own "scope" tag, so the event scope is labelled "territory": the
     * territory's code (as on the request meters) or "pod".
     */
    private static Tag territory(EventScope scope) {
        return Tag.create("territory", scope.label());
    }

    private Counter counter(String name, List<Tag> tags) {
        return registry.getOrCreate(Counter.builder(name).scope(Meter.Scope.APPLICATION).tags(tags));
    }

    private void gauge(String name, List<Tag> tags, Supplier<? extends Number> value) {
        registry.getOrCreate(Gauge.builder(name, () -> value.get().doubleValue()).scope(Meter.Scope.APPLICATION).tags(tags));
    }

    /**
     * A value computed at most every few seconds. A failing computation (the database is down)
     * reads as the given "unknown" value (NaN: no data), so a scrape never fails because of it.
     */
    private static final class Memo<T> {
        private final Supplier<T> compute;
        private final T unknown;
        private volatile T value;
        private volatile long computedAt;

        Memo(Supplier<T> compute, T unknown) {
            this.compute = compute;
            this.unknown = unknown;
        }

        T get() {
            long now = System.nanoTime();
            if (value == null || now - computedAt > FRESH_FOR.toNanos()) {
                T computed;
                try {
                    computed = compute.get();
                } catch (RuntimeException e) {
                    computed = unknown;
                }
                value = computed;
                computedAt = now;
            }
            return value;
        }
    }
}
