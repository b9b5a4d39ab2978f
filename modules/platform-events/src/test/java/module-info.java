/** Tests of the event path against the real PostgreSQL and NATS JetStream. */
open module agora.platform.events {
    requires agora.platform.contract;
    // Events.create takes the data layer's Platform; handlers get Helidon's DbExecute.
    requires transitive agora.platform.data;
    requires agora.platform.core;
    requires agora.platform.web;
    requires io.nats.jnats;
    requires io.helidon.metrics.api;
    requires io.helidon.common.context;
    requires com.fasterxml.jackson.databind;

    requires agora.platform.testing;
    requires io.helidon.webserver.testing.junit5;
    requires java.net.http;
    requires org.junit.jupiter.api;
    // No exports: an open module's descriptor may only name packages of the test output.
}
