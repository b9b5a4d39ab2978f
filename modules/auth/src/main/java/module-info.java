/**
 * The auth service: invitation-only accounts, sessions with rotating refresh tokens, two-factor
 * sign-in (TOTP, recovery codes), access tokens signed with per-territory RSA keys (encrypted at
 * rest, rotated, published as a JWKS), invitations, email verification, and the account status the
 * authorization view serves.
 *
 * <p>Nimbus JOSE+JWT and Jakarta Mail stay behind the platform modules or are named modules a
 * service may require; password hashing (password4j, an automatic module) stays behind
 * {@code agora.platform.password}. Nothing is exported: the host finds the service through
 * {@code provides}.
 */
module agora.auth {
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

    provides agora.platform.host.AgoraService with agora.auth.AuthService;

    // Jackson binds the request records and writes the views; ResourceBundle reads agora/auth/*.properties.
    opens agora.auth to com.fasterxml.jackson.databind;
}
