/** Tests of the observe endpoints over real HTTP. */
open module agora.platform.observe {
    requires transitive agora.platform.web;
    requires transitive io.helidon.health;
    requires io.helidon.webserver.observe;
    requires io.helidon.webserver.observe.metrics;
    requires io.helidon.webserver.observe.health;
    requires io.helidon.webserver.accesslog;
    requires io.helidon.metrics.api;
    requires micrometer.core;
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
}
