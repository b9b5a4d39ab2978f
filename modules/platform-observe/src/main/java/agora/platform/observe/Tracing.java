package agora.platform.observe;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import agora.platform.core.Spans;
import agora.platform.core.Traceparent;
import agora.platform.web.RequestLabels;

import io.helidon.config.Config;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * Traces with OpenTelemetry, exported over OTLP/HTTP (what Jaeger and the OpenTelemetry Collector
 * ingest) when {@code agora.tracing.otlp.endpoint} is set, off otherwise: a server span per request
 * (our own filter: Helidon's tracing observer is not available here), a span per database unit of
 * work and per consumed event through {@link Spans}, all joined by W3C {@code traceparent} — taken
 * from the request, stored with each event, carried in NATS headers.
 */
public final class Tracing implements AutoCloseable {
    private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
    private static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
    private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final Optional<SdkTracerProvider> provider;
    private final Optional<Tracer> tracer;
    private final String description;

    private Tracing(Optional<SdkTracerProvider> provider, String description) {
        this.provider = provider;
        this.tracer = provider.map(p -> p.get("agora"));
        this.description = description;
    }

    /**
     * Tracing from the root configuration: {@code agora.tracing.otlp.endpoint} (env
     * {@code AGORA_TRACING_OTLP_ENDPOINT}, e.g. {@code http://jaeger:4318}) and
     * {@code agora.tracing.service} (the service name, default {@code agora}).
     *
     * @param config the root configuration
     * @return tracing, off when no endpoint is set
     */
    public static Tracing from(Config config) {
        Optional<String> endpoint = config.get("agora.tracing.otlp.endpoint").asString().asOptional()
                .filter(value -> !value.isBlank());
        String service = config.get("agora.tracing.service").asString().orElse("agora");
        if (endpoint.isEmpty()) {
            return new Tracing(Optional.empty(), "off (set AGORA_TRACING_OTLP_ENDPOINT to export traces over OTLP/HTTP)");
        }
        String traces = URI.create(endpoint.get()).resolve("/v1/traces").toString();
        return with(service, OtlpHttpSpanExporter.builder().setEndpoint(traces).setTimeout(Duration.ofSeconds(5)).build(),
                "OTLP/HTTP to " + traces + " as service " + service);
    }

    /** Tracing switched off. */
    public static Tracing off() {
        return new Tracing(Optional.empty(), "off");
    }

    static Tracing with(String service, SpanExporter exporter, String description) {
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(
                        AttributeKey.stringKey("service.name"), service))))
                .addSpanProcessor(BatchSpanProcessor.builder(exporter).setScheduleDelay(Duration.ofMillis(500)).build())
                .build();
        return new Tracing(Optional.of(provider), description);
    }

    /** One line for the start-up log. */
    public String description() {
        return description;
    }

    /** The spans of the platform's modules (database, consumers); no-op when tracing is off. */
    public Spans spans() {
        if (tracer.isEmpty()) {
            return Spans.NONE;
        }
        Tracer active = tracer.get();
        return new Spans() {
            @Override
            public <T> T inSpan(String name, Kind kind, Callable<T> work) throws Exception {
                Span span = active.spanBuilder(name).setParent(parent(Traceparent.current())).setSpanKind(kind(kind))
                        .startSpan();
                try (Scope ignored = span.makeCurrent()) {
                    return Traceparent.runWith(Optional.of(traceparent(span.getSpanContext())), work);
                } catch (Exception | Error e) {
                    span.recordException(e);
                    span.setStatus(StatusCode.ERROR);
                    throw e;
                } finally {
                    span.end();
                }
            }
        };
    }

    /**
     * The server span of every request on a listener; it continues the caller's trace when the
     * request carries a {@code traceparent}, and makes itself the current trace context.
     *
     * @return the filter (does nothing when tracing is off)
     */
    public Filter serverFilter() {
        if (tracer.isEmpty()) {
            return (chain, request, response) -> chain.proceed();
        }
        Tracer active = tracer.get();
        return (chain, request, response) -> {
            Optional<String> incoming = request.headers().first(HeaderNames.create(Traceparent.HEADER));
            String method = request.prologue().method().text();
            Span span = active.spanBuilder(method).setParent(parent(incoming.filter(Traceparent::isValid)))
                    .setSpanKind(SpanKind.SERVER)
                    .setAttribute(METHOD, method)
                    .setAttribute(PATH, request.path().path())
                    .startSpan();
            Traceparent.register(request.context(), traceparent(span.getSpanContext()));
            try (Scope ignored = span.makeCurrent()) {
                chain.proceed();
            } catch (RuntimeException | Error e) {
                span.recordException(e);
                span.setStatus(StatusCode.ERROR);
                throw e;
            } finally {
                String route = RequestLabels.routeIfMatched(request).orElse("unmatched");
                span.updateName(method + " " + route);
                span.setAttribute(ROUTE, route);
                int status = response.status().code();
                span.setAttribute(STATUS, status);
                if (status >= 500) {
                    span.setStatus(StatusCode.ERROR);
                }
                span.end();
            }
        };
    }

    /** Exports what is left and stops. */
    @Override
    public void close() {
        provider.ifPresent(p -> {
            p.forceFlush().join(5, java.util.concurrent.TimeUnit.SECONDS);
            p.shutdown().join(5, java.util.concurrent.TimeUnit.SECONDS);
        });
    }

    private static Context parent(Optional<String> traceparent) {
        if (traceparent.isEmpty()) {
            return Context.root();
        }
        return W3CTraceContextPropagator.getInstance().extract(Context.root(),
                Map.of(Traceparent.HEADER, traceparent.get()), MAP_GETTER);
    }

    private static String traceparent(SpanContext context) {
        return "00-" + context.getTraceId() + "-" + context.getSpanId() + "-" + context.getTraceFlags().asHex();
    }

    private static SpanKind kind(Spans.Kind kind) {
        return switch (kind) {
            case SERVER -> SpanKind.SERVER;
            case CLIENT -> SpanKind.CLIENT;
            case CONSUMER -> SpanKind.CONSUMER;
            case PRODUCER -> SpanKind.PRODUCER;
            case INTERNAL -> SpanKind.INTERNAL;
        };
    }
}
