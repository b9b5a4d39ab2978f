/** Tests of the observe endpoints over real HTTP. */
open module agora.platform.observe {
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

    requires io.opentelemetry.exporter.zipkin;
    requires zipkin2.reporter;
    requires zipkin2.reporter.urlconnection;
    requires io.helidon.webserver.testing.junit5;
    requires org.junit.jupiter.api;
    requires java.net.http;
    requires java.logging;
    requires agora.platform.testing;
    // No exports: an open module's descriptor may only name packages of the test output.
}
