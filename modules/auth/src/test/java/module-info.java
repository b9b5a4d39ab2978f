/** Tests of the auth service's signing keys, against the real PostgreSQL. */
open module agora.auth {
    requires agora.auth.api;
    requires agora.platform.data;
    requires agora.platform.security;
    requires agora.platform.testing;
    requires com.nimbusds.jose.jwt;
    requires io.helidon.webserver.testing.junit5;
    requires org.junit.jupiter.api;
    requires java.net.http;
}
