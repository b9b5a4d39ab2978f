package agora.platform.security;

import java.time.Clock;

import agora.auth.api.AccountFacts;
import agora.badge.api.PermissionFacts;
import agora.platform.data.territory.TerritoryResolver;
import agora.platform.security.authz.AuthorizationView;
import agora.platform.security.token.PublicKeys;
import agora.platform.security.token.TokenVerifier;
import agora.platform.security.web.ClientAddress;
import agora.platform.security.web.Cors;
import agora.platform.state.Cache;

/**
 * A process's security parts, wired once by its {@code Main} (or the pod) from the
 * {@code agora.security} configuration and handed to the services that need them.
 *
 * @param config        the configuration they were built from
 * @param verifier      verifies access tokens
 * @param view          the authorization view (also what event consumers update)
 * @param guards        per-route access rules
 * @param cors          the CORS filter, for {@code routes.filter(security.cors())}
 * @param clientAddress the client address behind trusted proxies
 */
public record Security(SecurityConfig config, TokenVerifier verifier, AuthorizationView view, Guards guards, Cors cors,
                       ClientAddress clientAddress) {

    /**
     * Wires the parts.
     *
     * @param config             the configuration
     * @param clock              the clock every time rule reads
     * @param territories        the request's territory
     * @param keys               the token-signing keys ({@link PublicKeys#configured})
     * @param authorizationCache the shared cache of the authorization view (namespace {@code authz})
     * @param accounts           auth's answers when the view misses
     * @param permissions        badge's answers when the view misses
     * @return the parts
     * @throws IllegalArgumentException when a CORS origin or trusted proxy is malformed
     */
    public static Security create(SecurityConfig config, Clock clock, TerritoryResolver territories, PublicKeys keys,
                                  Cache authorizationCache, AccountFacts accounts, PermissionFacts permissions) {
        TokenVerifier verifier = TokenVerifier.create(config, keys, clock);
        AuthorizationView view = new AuthorizationView(authorizationCache, accounts, permissions,
                config.authorizationTtl(), config.maxTokenLifetime().plus(config.clockSkew()));
        return new Security(config, verifier, view, new Guards(verifier, view, territories),
                new Cors(config.corsOrigins()), new ClientAddress(config.trustedProxies()));
    }
}
