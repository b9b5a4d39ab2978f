/** Tests of the territory service through its routes, against the real PostgreSQL. */
open module agora.territory {
    requires agora.platform.events;
    requires agora.platform.observe;
    requires agora.platform.state;
    requires agora.platform.testing;
    requires io.helidon.webserver.testing.junit5;
    requires org.junit.jupiter.api;
    requires java.net.http;
}
