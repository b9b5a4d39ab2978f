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

    requires io.helidon.webserver.testing.junit5;
    requires org.junit.jupiter.api;
    requires java.net.http;
}
