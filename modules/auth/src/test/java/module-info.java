/**
 * Tests of the auth service run through the host as the pod runs it (beside the territory service),
 * against this machine's PostgreSQL, NATS and Redis and a real SMTP server.
 */
open module agora.auth {
    requires agora.platform.contract;
    requires agora.auth.api;
    requires agora.platform.host;
    requires agora.platform.core;
    requires agora.platform.web;
    requires agora.platform.data;
    requires agora.platform.events;
    requires agora.platform.state;
    requires agora.platform.security;
    requires agora.platform.mail;
    requires agora.platform.password;
    requires com.nimbusds.jose.jwt;
    // SQLException's state tells a unique violation (an email change racing a registration).
    requires java.sql;

    requires agora.platform.host.testing;
    requires org.junit.jupiter.api;
    provides agora.platform.host.AgoraService with agora.auth.AuthService;
    // No exports: an open module's descriptor may only name packages of the test output.
}
