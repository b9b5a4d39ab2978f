/**
 * What operators see of a process: {@code /observe/metrics} in the Prometheus text format (Helidon
 * metrics on Micrometer), {@code /observe/health} with liveness and readiness, and the JVM and
 * process meters. The HTTP request meters are recorded by agora.platform.web for every listener.
 */
module agora.platform.observe {
    // Tracing hands out the core's Spans; install takes Helidon's server builder and health checks.
    requires transitive agora.platform.core;
    requires agora.platform.web;
    requires transitive io.helidon.webserver;
    requires transitive io.helidon.health;
    requires io.helidon.webserver.observe;
    requires io.helidon.webserver.observe.metrics;
    requires io.helidon.webserver.observe.health;
    requires io.helidon.webserver.accesslog;
    requires io.helidon.metrics.api;
    requires micrometer.core;
    requires java.management;
    requires jdk.management;
    requires io.opentelemetry.api;
    requires io.opentelemetry.context;
    requires io.opentelemetry.sdk.trace;
    requires io.opentelemetry.sdk.common;
    requires io.opentelemetry.exporter.otlp;

    exports agora.platform.observe;
}
