package agora.platform.web;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Times every request of a listener into {@code http_server_requests_seconds}, a histogram labelled
 * by method, route template, status class and territory (docs/metrics.md).
 */
final class HttpMetrics implements Filter {
    static final String NAME = "http.server.requests";
    /*
     * Ten buckets from 5 ms to 10 s, enough for the dashboard's p50/p90/p99 and the 1 s latency
     * alert: Micrometer's percentile histogram would publish 69 per series, most of a scrape's size.
     */
    private static final Duration[] BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(10)};

    private static final java.util.Set<String> KNOWN_METHODS =
            java.util.Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT");

    private final MeterRegistry registry;
    /**
     * The timers by their tags: a builder and a registry lookup per request cost more than the
     * request's own routing (the series are few: routes × methods × status classes × territories).
     */
    private final java.util.concurrent.ConcurrentMap<Series, Timer> timers = new java.util.concurrent.ConcurrentHashMap<>();

    HttpMetrics() {
        this.registry = Metrics.globalRegistry();
    }

    /* The status the error handler will answer with (ProblemResponder). */
    private static int statusOf(Throwable failure) {
        return ProblemResponder.cause(failure, agora.platform.core.problem.ProblemException.class)
                .map(problem -> problem.kind().status())
                .orElseGet(() -> failure instanceof io.helidon.http.HttpException http && http.status().code() < 500
                        ? http.status().code() : 500);
    }

    /* Helidon's word that writing to the client failed: the client went away, not the server. */
    private static boolean lostClient(Throwable failure) {
        return ProblemResponder.cause(failure, io.helidon.webserver.ServerConnectionException.class).isPresent();
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        long start = System.nanoTime();
        int status = 500;
        try {
            chain.proceed();
            status = response.status().code();
        } catch (RuntimeException | Error failure) {
            // The error handler answers after the filters: the status is the one it will send. An
            // answer that broke off while being written (streamed ones are not "sent" until they
            // end) lost its client, as a cut-off body does; one already sent keeps its status.
            status = lostClient(failure) ? WebProblems.CLIENT_CLOSED_REQUEST.status()
                    : response.isSent() ? response.status().code() : statusOf(failure);
            throw failure;
        } finally {
            String route = RequestLabels.routeIfMatched(request)
                    .or(() -> request.matchingPattern().filter(pattern -> !pattern.isEmpty()))
                    .orElse(RequestLabels.UNMATCHED);
            Timer timer = timers.computeIfAbsent(new Series(methodLabel(request.prologue().method().text()), route,
                    (status / 100) + "xx", RequestLabels.territory(request)), this::timer);
            timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * The method as a label: one of HTTP's methods, else {@code other}. A client may send any token
     * as a method; each would otherwise make a series of its own, without bound.
     */
    static String methodLabel(String method) {
        return KNOWN_METHODS.contains(method) ? method : "other";
    }

    private Timer timer(Series series) {
        return registry.getOrCreate(Timer.builder(NAME)
                .scope(Meter.Scope.APPLICATION)
                .tags(java.util.List.of(
                        Tag.create("method", series.method()),
                        Tag.create("route", series.route()),
                        Tag.create("status_class", series.statusClass()),
                        Tag.create("territory", series.territory())))
                .buckets(BUCKETS)
                // Quantiles come from the buckets in Prometheus; no client-side percentiles.
                .percentiles(new double[0]));
    }

    /** One series of the request timer: its tags. */
    private record Series(String method, String route, String statusClass, String territory) {
    }
}
