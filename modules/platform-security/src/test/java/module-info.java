/** Tests of token verification, guards, the authorization view, CORS and client addresses, on the module path. */
open module agora.platform.security {
    requires transitive agora.platform.data;
    requires transitive agora.platform.state;
    requires java.net.http;
    requires com.nimbusds.jose.jwt;
    requires com.github.benmanes.caffeine;

    requires agora.platform.testing;
    requires io.helidon.webserver.testing.junit5;
    requires io.helidon.webclient.http1;
    requires org.junit.jupiter.api;
    // A real HTTP server that publishes a key set (and rotates it) for the HTTP key source.
    requires jdk.httpserver;
    // No exports: an open module's descriptor may only name packages of the test output.
}
