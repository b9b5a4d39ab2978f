/** Tests of the event path against the real PostgreSQL and NATS JetStream. */
open module agora.platform.events {
    requires transitive agora.platform.data;
    requires io.nats.jnats;
    requires io.helidon.metrics.api;
    requires io.helidon.common.context;

    requires agora.platform.testing;
    requires io.helidon.webserver.testing.junit5;
    requires java.net.http;
    requires org.junit.jupiter.api;
}
