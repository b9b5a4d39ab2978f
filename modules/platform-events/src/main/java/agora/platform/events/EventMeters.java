package agora.platform.events;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import agora.platform.core.problem.ProblemException;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;

/**
 * The event path's meters (docs/metrics.md): outbox backlog and lag, relay publishes and failures,
 * consumer outcomes and lag, dead letters.
 *
 * <p>A gauge that needs the database or NATS never asks it during a scrape: a background loop
 * ({@link #sampleDatabase}, {@link #sampleNats}) keeps each value current, and the scrape reads the
 * last one. A value that could not be read, or was not read for {@link #STALE_AFTER}, is NaN
 * (Prometheus: unknown), never a 0 that would look like "nothing waiting".
 */
final class EventMeters {
    /** How often the background loops read the gauges' values. */
    static final Duration SAMPLE_INTERVAL = Duration.ofSeconds(5);
    /** A value older than this is unknown: its loop is stuck on a backend that does not answer. */
    static final Duration STALE_AFTER = SAMPLE_INTERVAL.multipliedBy(3);

    private static final Map<String, AtomicReference<DoubleSupplier>> GAUGES = new ConcurrentHashMap<>();

    private final MeterRegistry registry = Metrics.globalRegistry();
    private final List<Sample<?>> databaseSamples = new CopyOnWriteArrayList<>();
    private final List<Sample<?>> natsSamples = new CopyOnWriteArrayList<>();

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

    /** Backlog and lag gauges of one outbox; one query reads both, in the database loop. */
    void outbox(String service, EventScope scope, Supplier<Backlog> backlog) {
        Sample<Backlog> sample = new Sample<>(backlog);
        databaseSamples.add(sample);
        List<Tag> tags = List.of(Tag.create("service", service), territory(scope));
        gauge("agora.outbox.backlog", tags, sample, Backlog::rows);
        gauge("agora.outbox.lag.seconds", tags, sample, Backlog::lagSeconds);
    }

    /** A consumer's waiting messages, read from NATS in the NATS loop. */
    void consumerLag(String consumer, EventScope scope, Supplier<Long> pending) {
        Sample<Long> sample = new Sample<>(pending);
        natsSamples.add(sample);
        gauge("agora.consumer.lag", List.of(Tag.create("consumer", consumer), territory(scope)), sample,
                Long::doubleValue);
    }

    /** A consumer that never has messages waiting (the in-process bus delivers inside the publish). */
    void noConsumerLag(String consumer, EventScope scope) {
        gauge("agora.consumer.lag", List.of(Tag.create("consumer", consumer), territory(scope)), () -> 0.0);
    }

    void deadLetters(String service, EventScope scope, Supplier<Long> open) {
        Sample<Long> sample = new Sample<>(open);
        databaseSamples.add(sample);
        gauge("agora.dead.letters", List.of(Tag.create("service", service), territory(scope)), sample,
                Long::doubleValue);
    }

    /** Reads every database-backed value once (the {@code events-database-meters} loop). */
    void sampleDatabase() {
        sample(databaseSamples, ProblemException::isUnavailable);
    }

    /** Reads every NATS-backed value once (the {@code events-nats-meters} loop). */
    void sampleNats() {
        sample(natsSamples, failure -> true);
    }

    /*
     * One pass. When the backend is away, the first read says so after its timeout: every value of the
     * pass is then unknown at once, rather than each waiting for the same timeout. Any other failure
     * makes only its own value unknown.
     */
    private static void sample(List<Sample<?>> samples, Predicate<RuntimeException> outage) {
        RuntimeException first = null;
        for (int i = 0; i < samples.size(); i++) {
            try {
                samples.get(i).read();
            } catch (RuntimeException e) {
                if (outage.test(e)) {
                    samples.subList(i, samples.size()).forEach(Sample::unknown);
                    throw e;
                }
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
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

    /*
     * The registry is the process's (global) and keeps the first gauge of a name and tags; a later
     * Events of the same process (a test's second host) must still be the one read, so each gauge
     * reads through a holder that the latest registration fills.
     */
    private <T> void gauge(String name, List<Tag> tags, Sample<T> sample, ToDoubleFunction<T> value) {
        gauge(name, tags, () -> sample.value(value));
    }

    private void gauge(String name, List<Tag> tags, DoubleSupplier read) {
        AtomicReference<DoubleSupplier> holder = GAUGES.computeIfAbsent(name + tags, key -> {
            AtomicReference<DoubleSupplier> created = new AtomicReference<>(read);
            registry.getOrCreate(Gauge.builder(name, () -> created.get().getAsDouble())
                    .scope(Meter.Scope.APPLICATION).tags(tags));
            return created;
        });
        holder.set(read);
    }

    /** The last value a loop read, with when it read it. */
    private static final class Sample<T> {
        private final Supplier<T> source;
        private volatile T value;
        private volatile long readAt;

        Sample(Supplier<T> source) {
            this.source = source;
        }

        void read() {
            try {
                value = source.get();
                readAt = System.nanoTime();
            } catch (RuntimeException e) {
                unknown();
                throw e;
            }
        }

        void unknown() {
            value = null;
        }

        double value(ToDoubleFunction<T> field) {
            T current = value;
            if (current == null || System.nanoTime() - readAt > STALE_AFTER.toNanos()) {
                return Double.NaN;
            }
            return field.applyAsDouble(current);
        }
    }
}
