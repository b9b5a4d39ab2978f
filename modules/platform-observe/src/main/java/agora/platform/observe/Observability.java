package agora.platform.observe;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckType;
import io.helidon.metrics.api.Metrics;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.accesslog.AccessLogFeature;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;

/**
 * Puts {@code /observe/metrics} and {@code /observe/health} on a server's public listener, an access
 * log on every listener, and binds the JVM and process meters, once per process.
 */
public final class Observability {
    /** Where the observe endpoints live. */
    public static final String ENDPOINT = "/observe";

    private static final AtomicBoolean JVM_BOUND = new AtomicBoolean();

    private Observability() {
    }

    /**
     * Adds the observe endpoints to a server.
     *
     * @param server    the server builder
     * @param readiness the readiness checks (PostgreSQL, NATS, Redis …); liveness is the process answering
     */
    public static void install(WebServerConfig.Builder server, List<HealthCheck> readiness) {
        bindJvmMeters();
        HealthObserver health = HealthObserver.builder()
                .details(true)
                .useSystemServices(false)
                .update(builder -> readiness.forEach(check -> builder.addCheck(check, HealthCheckType.READINESS)))
                .build();
        server.featuresDiscoverServices(false)
                // One line per request (logger io.helidon.webserver.AccessLog), on every listener.
                .addFeature(AccessLogFeature.builder().defaultLogFormat().build())
                .addFeature(ObserveFeature.builder()
                        .endpoint(ENDPOINT)
                        .addObserver(MetricsObserver.create())
                        .addObserver(health)
                        .build());
    }

    /**
     * Binds the JVM and process meters (docs/metrics.md). Call it first thing in a process, before
     * any other thread registers a meter: Micrometer's binders register on the Micrometer registry
     * directly, and Helidon's registry and Micrometer's lock in opposite orders, so registering
     * through both at once can deadlock (seen). GC pauses are therefore recorded through Helidon's
     * API ({@link GcPauses}) rather than by Micrometer's GC binder, which registers as it goes.
     */
    public static void bindJvmMeters() {
        if (!JVM_BOUND.compareAndSet(false, true)) {
            return;
        }
        MeterRegistry registry = Metrics.globalRegistry().unwrap(MeterRegistry.class);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        GcPauses.listen(Metrics.globalRegistry());
    }
}
