package agora.platform.security;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import agora.auth.api.AuthKeys;
import agora.platform.core.ConfigValues;

import io.helidon.config.Config;

/**
 * How this process checks who is calling: the node {@code agora.security}. Durations are
 * ISO-8601 ({@code PT30S}); lists are YAML lists or comma-separated strings (the form an
 * environment variable can carry).
 *
 * @param issuer              the {@code iss} every access token must carry ({@code issuer})
 * @param clockSkew           tolerance for {@code exp}, {@code nbf} and {@code iat} against this
 *                            server's clock ({@code clock-skew}, at most 5 minutes)
 * @param jwksUrl             where the auth service publishes its keys ({@code jwks-url}); empty in a
 *                            pod whose auth service runs in the same process and hands them over directly
 * @param jwksRefetchInterval shortest time between two fetches of the key set, however many unknown
 *                            {@code kid}s arrive ({@code jwks-refetch-interval})
 * @param jwksMaxAge          age after which the key set is fetched again at the next token, so a
 *                            withdrawn key stops being accepted ({@code jwks-max-age})
 * @param tokenCacheSize      verified tokens remembered, each until it expires ({@code token-cache-size})
 * @param authorizationTtl    how long an authorization-view entry lives before it is reloaded from its
 *                            owner, which heals a missed event ({@code authorization-ttl})
 * @param maxTokenLifetime    the longest lifetime of an access token: a revoked session is remembered
 *                            this long ({@code max-token-lifetime})
 * @param corsOrigins         origins allowed to call the API from a browser, exact
 *                            {@code scheme://host[:port]} ({@code cors.origins})
 * @param trustedProxies      addresses or CIDR ranges of the proxies whose {@code X-Forwarded-For}
 *                            is believed ({@code trusted-proxies})
 */
public record SecurityConfig(String issuer, Duration clockSkew, Optional<URI> jwksUrl, Duration jwksRefetchInterval,
                             Duration jwksMaxAge, int tokenCacheSize, Duration authorizationTtl,
                             Duration maxTokenLifetime, List<String> corsOrigins, List<String> trustedProxies) {

    /** Clock skew when none is configured. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);
    /** Key-set refetch interval when none is configured: a flood of random kids costs one fetch per 10 s. */
    public static final Duration DEFAULT_JWKS_REFETCH_INTERVAL = Duration.ofSeconds(10);
    /** Key-set age when none is configured. */
    public static final Duration DEFAULT_JWKS_MAX_AGE = Duration.ofMinutes(5);
    /** Verified tokens remembered when not configured. */
    public static final int DEFAULT_TOKEN_CACHE_SIZE = 10_000;
    /** Authorization-view entry lifetime when not configured. */
    public static final Duration DEFAULT_AUTHORIZATION_TTL = Duration.ofMinutes(10);
    /** Longest access-token lifetime when not configured (tokens live about 10 minutes). */
    public static final Duration DEFAULT_MAX_TOKEN_LIFETIME = Duration.ofMinutes(15);

    private static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    public SecurityConfig {
        Objects.requireNonNull(issuer, "issuer");
        if (issuer.isBlank()) {
            throw new IllegalArgumentException("agora.security.issuer must not be blank");
        }
        if (clockSkew.isNegative() || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
            throw new IllegalArgumentException("agora.security.clock-skew must be between 0 and 5 minutes");
        }
        jwksUrl.ifPresent(url -> {
            if (!"https".equals(url.getScheme()) && !"http".equals(url.getScheme()) || url.getHost() == null) {
                throw new IllegalArgumentException("agora.security.jwks-url must be an http(s) URL: " + url);
            }
        });
        ConfigValues.positive(jwksRefetchInterval, "agora.security.jwks-refetch-interval");
        ConfigValues.positive(jwksMaxAge, "agora.security.jwks-max-age");
        ConfigValues.positive(authorizationTtl, "agora.security.authorization-ttl");
        ConfigValues.positive(maxTokenLifetime, "agora.security.max-token-lifetime");
        if (tokenCacheSize < 1) {
            throw new IllegalArgumentException("agora.security.token-cache-size must be positive");
        }
        corsOrigins = List.copyOf(corsOrigins);
        trustedProxies = List.copyOf(trustedProxies);
    }

    /**
     * Every default: this pod's issuer, no key URL, no CORS origins, no trusted proxies.
     *
     * @return the configuration
     */
    public static SecurityConfig defaults() {
        return from(Config.empty());
    }

    /**
     * The configuration under {@code agora.security}, defaults where a key is absent.
     *
     * @param security the {@code agora.security} node
     * @return the configuration
     */
    public static SecurityConfig from(Config security) {
        return new SecurityConfig(
                security.get("issuer").asString().orElse(AuthKeys.DEFAULT_ISSUER),
                security.get("clock-skew").as(Duration.class).orElse(DEFAULT_CLOCK_SKEW),
                security.get("jwks-url").asString().asOptional().filter(url -> !url.isBlank()).map(URI::create),
                security.get("jwks-refetch-interval").as(Duration.class).orElse(DEFAULT_JWKS_REFETCH_INTERVAL),
                security.get("jwks-max-age").as(Duration.class).orElse(DEFAULT_JWKS_MAX_AGE),
                security.get("token-cache-size").asInt().orElse(DEFAULT_TOKEN_CACHE_SIZE),
                security.get("authorization-ttl").as(Duration.class).orElse(DEFAULT_AUTHORIZATION_TTL),
                security.get("max-token-lifetime").as(Duration.class).orElse(DEFAULT_MAX_TOKEN_LIFETIME),
                ConfigValues.strings(security.get("cors.origins")),
                ConfigValues.strings(security.get("trusted-proxies")));
    }


}
