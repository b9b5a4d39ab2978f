/**
 * Tests of the auth service on the module path, against this machine's PostgreSQL, NATS and Redis
 * and a GreenMail SMTP server ({@code greenmail} is an automatic module; its clashing all-in-one
 * Jakarta Mail jar is excluded in the parent pom).
 */
open module agora.auth {
    requires agora.auth.api;
    requires agora.platform.data;
    requires agora.platform.events;
    requires agora.platform.security;
    requires agora.platform.mail;
    requires agora.platform.password;
    requires agora.platform.observe;
    requires com.nimbusds.jose.jwt;
    requires java.sql;

    requires agora.platform.testing;
    requires greenmail;
    requires jakarta.mail;
    requires io.helidon.webserver.testing.junit5;
    requires org.junit.jupiter.api;
    requires java.net.http;
}
