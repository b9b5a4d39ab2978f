/**
 * Who is calling and what they may do, for every Agora service: RS256 access-token verification
 * against the auth service's published keys, the {@link agora.platform.security.Principal} a
 * handler sees, per-route guards, the authorization view (permissions, account status and revoked
 * sessions in shared state, so changes reach every service at once), CORS from an allowlist, and
 * the client address behind trusted proxies.
 *
 * <p>Territory codes and the territory resolver (agora.platform.data) and the shared cache
 * (agora.platform.state) appear in exported signatures, so both are required transitively. Nimbus
 * JOSE+JWT and Caffeine stay behind this module: no exported signature names them.
 */
module agora.platform.security {
    requires agora.platform.contract;
    // Security.create takes the territory resolver and the shared cache.
    requires transitive agora.platform.data;
    requires transitive agora.platform.state;
    // The view asks the owners of its facts through their contracts (and names their types in its
    // API); token verification reads auth's token shape from the one place it is declared.
    requires transitive agora.auth.api;
    requires transitive agora.badge.api;
    requires agora.platform.core;
    // Guards wrap Helidon handlers; Cors is a Helidon filter.
    requires transitive io.helidon.webserver;
    requires java.net.http;
    requires com.nimbusds.jose.jwt;
    requires com.github.benmanes.caffeine;

    exports agora.platform.security;
    exports agora.platform.security.token;
    exports agora.platform.security.authz;
    exports agora.platform.security.web;
}
