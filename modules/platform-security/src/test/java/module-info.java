/** Tests of token verification, guards, the authorization view, CORS and client addresses, on the module path. */
open module agora.platform.security {
    requires agora.platform.contract;
    requires transitive agora.auth.api;
    requires transitive agora.badge.api;
    requires agora.platform.core;
    requires transitive io.helidon.webserver;
    // Security.create takes the territory resolver and the shared cache.
    requires transitive agora.platform.data;
    requires transitive agora.platform.state;
    requires java.net.http;
    requires com.nimbusds.jose.jwt;
    requires com.github.benmanes.caffeine;

    requires agora.platform.testing;
    requires agora.platform.web;
    requires com.fasterxml.jackson.databind;
    requires io.helidon.webserver.testing.junit5;
    requires io.helidon.webclient.http1;
    requires org.junit.jupiter.api;
    requires jdk.httpserver;
    // No exports: an open module's descriptor may only name packages of the test output.
}
