package agora.platform.security;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The {@code agora.security} node: defaults, the environment's comma-separated lists, YAML lists, refusals. */
class SecurityConfigTest {

    @Test
    void defaultsNeedNoConfiguration() {
        SecurityConfig config = SecurityConfig.defaults();
        assertEquals(agora.auth.api.AuthKeys.DEFAULT_ISSUER, config.issuer());
        assertEquals(Duration.ofSeconds(30), config.clockSkew());
        assertEquals(Optional.empty(), config.jwksUrl());
        assertEquals(Duration.ofSeconds(10), config.jwksRefetchInterval());
        assertEquals(Duration.ofMinutes(5), config.jwksMaxAge());
        assertEquals(10_000, config.tokenCacheSize());
        assertEquals(Duration.ofMinutes(10), config.authorizationTtl());
        assertEquals(Duration.ofMinutes(15), config.maxTokenLifetime());
        assertEquals(List.of(), config.corsOrigins());
        assertEquals(List.of(), config.trustedProxies());
    }

    @Test
    void everyKeyIsRead() {
        SecurityConfig config = security(Map.of(
                "issuer", "https://auth.agora.dk",
                "clock-skew", "PT10S",
                "jwks-url", "http://auth:8080/.well-known/jwks.json",
                "jwks-refetch-interval", "PT30S",
                "jwks-max-age", "PT1M",
                "token-cache-size", "500",
                "authorization-ttl", "PT5M",
                "max-token-lifetime", "PT20M",
                "cors.origins", "https://agora.dk, https://app.agora.dk",
                "trusted-proxies", "10.0.0.0/8,fd00::/8"));
        assertEquals("https://auth.agora.dk", config.issuer());
        assertEquals(Duration.ofSeconds(10), config.clockSkew());
        assertEquals(Optional.of(URI.create("http://auth:8080/.well-known/jwks.json")), config.jwksUrl());
        assertEquals(Duration.ofSeconds(30), config.jwksRefetchInterval());
        assertEquals(Duration.ofMinutes(1), config.jwksMaxAge());
        assertEquals(500, config.tokenCacheSize());
        assertEquals(Duration.ofMinutes(5), config.authorizationTtl());
        assertEquals(Duration.ofMinutes(20), config.maxTokenLifetime());
        assertEquals(List.of("https://agora.dk", "https://app.agora.dk"), config.corsOrigins());
        assertEquals(List.of("10.0.0.0/8", "fd00::/8"), config.trustedProxies());
    }

    @Test
    void listsMayBeYamlLists() {
        Config root = Config.just(ConfigSources.create("""
                agora:
                  security:
                    cors:
                      origins: [ "https://agora.dk", "https://app.agora.dk" ]
                    trusted-proxies:
                      - 10.0.0.0/8
                """, MediaTypes.APPLICATION_X_YAML));
        SecurityConfig config = SecurityConfig.from(root.get("agora.security"));
        assertEquals(List.of("https://agora.dk", "https://app.agora.dk"), config.corsOrigins());
        assertEquals(List.of("10.0.0.0/8"), config.trustedProxies());
    }

    @Test
    void nonsenseIsRefusedAtStart() {
        for (Map<String, String> wrong : List.<Map<String, String>>of(
                Map.of("issuer", " "),
                Map.of("clock-skew", "PT6M"),
                Map.of("clock-skew", "-PT1S"),
                Map.of("jwks-url", "file:///etc/jwks.json"),
                // A host alone is not enough: only http(s) is fetched.
                Map.of("jwks-url", "ftp://auth.example/jwks.json"),
                Map.of("jwks-refetch-interval", "PT0S"),
                Map.of("token-cache-size", "0"),
                Map.of("authorization-ttl", "-PT1M"))) {
            assertThrows(IllegalArgumentException.class, () -> security(wrong), wrong.toString());
        }
    }

    private static SecurityConfig security(Map<String, String> values) {
        Map<String, String> prefixed = new HashMap<>();
        values.forEach((key, value) -> prefixed.put("agora.security." + key, value));
        return SecurityConfig.from(Config.just(ConfigSources.create(prefixed)).get("agora.security"));
    }
}
