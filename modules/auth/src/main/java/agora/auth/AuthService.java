package agora.auth;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

import agora.platform.data.MountedService;
import agora.platform.data.Platform;
import agora.platform.data.TerritoryCode;
import agora.platform.data.migrate.ServiceMigrations;
import agora.platform.data.territory.Territory;
import agora.platform.web.OpenApi;
import agora.platform.web.Routes;

import io.helidon.config.Config;

/**
 * The auth service as a process mounts it. This increment holds the signing keys: each territory's
 * keys in its own schema, encrypted under {@code agora.auth.keys.secret}, published at
 * {@code /.well-known/jwks.json} and handed in-process to the pod's token verification through
 * {@link #jwks()}.
 */
public final class AuthService implements MountedService {
    /** The service's name: its tables and event subjects are named after it. */
    public static final String NAME = "auth";
    /** The longest access-token lifetime when {@code agora.auth.access-token-lifetime} says nothing else. */
    public static final Duration DEFAULT_ACCESS_TOKEN_LIFETIME = Duration.ofMinutes(10);
    /** The verifiers' clock skew when {@code agora.security.clock-skew} says nothing else. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);

    private final Platform platform;
    private final KeyRing keys;
    private final AuthApi api;

    private AuthService(Platform platform, KeyRing keys) {
        this.platform = platform;
        this.keys = keys;
        this.api = new AuthApi(keys, platform.resolver(), platform.territories(), platform.json());
    }

    /**
     * The service as configured: the key-encryption secret from {@code agora.auth.keys.secret} (env
     * {@code AGORA_AUTH_KEYS_SECRET}), else one generated and kept in
     * {@code <agora.home>/.agora/auth-keys.secret}; retired keys stay published for
     * {@code agora.auth.access-token-lifetime} plus {@code agora.security.clock-skew}.
     *
     * @param platform the process's platform (its clock drives key expiry)
     * @return the service
     */
    public static AuthService create(Platform platform) {
        Config config = platform.config();
        Duration lifetime = config.get("agora.auth.access-token-lifetime").as(Duration.class)
                .orElse(DEFAULT_ACCESS_TOKEN_LIFETIME);
        Duration skew = config.get("agora.security.clock-skew").as(Duration.class).orElse(DEFAULT_CLOCK_SKEW);
        KeyRing keys = new KeyRing(platform.database(), KeySecret.from(config), platform.clock(),
                platform.ids()::next, lifetime.plus(skew));
        return new AuthService(platform, keys);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<ServiceMigrations> territoryMigrations() {
        return List.of(ServiceMigrations.of(NAME, AuthService.class));
    }

    @Override
    public String openApi() {
        return OpenApi.resource(AuthService.class, "/agora-openapi/auth.yaml");
    }

    @Override
    public void routes(Routes routes) {
        api.routes(routes);
    }

    @Override
    public void operatorRoutes(Routes operator) {
        api.operatorRoutes(operator);
    }

    /**
     * Readies the keys at start: every territory this process serves gets a current and a next key
     * if it lacks them, expired retired keys are dropped, and each current key must decrypt.
     *
     * @throws IllegalStateException when a stored key does not decrypt with the configured secret
     */
    public void start() {
        servedTerritories().forEach(keys::ensure);
    }

    /**
     * The published keys of every territory this process serves, as JWKS JSON: what
     * {@code PublicKeys.inProcess(...)} needs for the pod's token verification without HTTP.
     *
     * @return a supplier that reads the keys afresh on each call
     */
    public Supplier<String> jwks() {
        return () -> keys.jwks(servedTerritories());
    }

    private List<TerritoryCode> servedTerritories() {
        return platform.territories().all().stream()
                .map(Territory::code)
                .filter(platform.readiness()::isReady)
                .sorted(Comparator.comparing(TerritoryCode::value))
                .toList();
    }
}
