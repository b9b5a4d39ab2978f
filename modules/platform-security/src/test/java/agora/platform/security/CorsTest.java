package agora.platform.security;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import agora.platform.core.Limits;
import agora.platform.data.Platform;
import agora.platform.security.token.PublicKeys;
import agora.platform.security.web.Cors;
import agora.platform.state.InProcessState;
import agora.platform.testing.TestClock;
import agora.platform.web.AgoraServer;

import com.nimbusds.jose.jwk.RSAKey;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CORS over real HTTP: preflights from allowed origins are answered before any guard, others get
 * a 403 problem; actual responses name an allowed origin (also on errors, so a browser can read a
 * 401) and say nothing to other origins.
 */
@ServerTest
class CorsTest {
    private static final String APP = "https://app.agora.test";
    private static final TestClock CLOCK = new TestClock(Instant.parse("2026-03-01T12:00:00Z"));
    private static final RSAKey KEY = Tokens.rsaKey("cors-key");

    private final Http1Client client;

    CorsTest(Http1Client client) {
        this.client = client;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        Platform platform = TestPlatform.get();
        SecurityConfig config = SecurityConfig.from(Config.just(ConfigSources.create(Map.of(
                "agora.security.issuer", Tokens.ISSUER,
                // The form an environment variable gives: AGORA_SECURITY_CORS_ORIGINS.
                "agora.security.cors.origins", APP + ", http://localhost:5173"))).get("agora.security"));
        FakeOwners owners = new FakeOwners();
        Security security = Security.create(config, CLOCK, TestPlatform.resolver(),
                PublicKeys.inProcess(() -> Tokens.jwks(KEY), CLOCK, Duration.ofSeconds(10), Duration.ofMinutes(5)),
                new InProcessState(CLOCK).cache("authz"), owners, owners);
        AgoraServer.configure(server, new AgoraServer.Settings("127.0.0.1", 0, 0, Limits.DEFAULT), platform.json(),
                routes -> routes
                        .filter(security.cors())
                        .get("/api/me", security.guards().authenticated(Echo::principal))
                        .get("/api/open", Echo::principal),
                operator -> { });
    }

    @Test
    void preflightFromAnAllowedOriginIsAnsweredBeforeTheGuard() {
        try (HttpClientResponse response = preflight(APP, "POST")) {
            assertEquals(204, response.status().code());
            assertEquals(APP, header(response, HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN));
            assertEquals("true", header(response, HeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS));
            assertEquals("GET, POST, PUT, PATCH, DELETE", header(response, HeaderNames.ACCESS_CONTROL_ALLOW_METHODS));
            assertEquals("Authorization, Content-Type, Idempotency-Key, X-Territory, Accept-Language",
                    header(response, HeaderNames.ACCESS_CONTROL_ALLOW_HEADERS));
            assertEquals("600", header(response, HeaderNames.ACCESS_CONTROL_MAX_AGE));
            assertEquals("Origin", header(response, HeaderNames.VARY));
        }
        try (HttpClientResponse response = preflight("http://localhost:5173", "GET")) {
            assertEquals(204, response.status().code());
            assertEquals("http://localhost:5173", header(response, HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN));
        }
    }

    @Test
    void preflightFromAnotherOriginIsA403Problem() {
        for (String origin : List.of("https://evil.example", "https://app.agora.test.evil.example",
                "http://app.agora.test", "null")) {
            HttpClientResponse response = preflight(origin, "POST");
            assertFalse(response.headers().contains(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN), origin);
            Http.problem(response, 403, "origin-not-allowed");
        }
    }

    @Test
    void actualRequestFromAnAllowedOriginNamesIt() {
        try (HttpClientResponse response = client.get("/api/open").header(HeaderNames.ORIGIN, APP).request()) {
            assertEquals(200, response.status().code());
            assertEquals(APP, header(response, HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN));
            assertEquals("true", header(response, HeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS));
            assertEquals("Origin", header(response, HeaderNames.VARY));
            assertTrue(header(response, HeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS).contains("WWW-Authenticate"));
        }
    }

    @Test
    void aRefusalIsReadableByTheAllowedOrigin() {
        HttpClientResponse response = client.get("/api/me").header(HeaderNames.ORIGIN, APP).request();
        assertEquals(APP, header(response, HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN));
        Http.refused(response, "unauthenticated", "Bearer");
    }

    @Test
    void actualRequestFromAnotherOriginGetsNoCorsHeaders() {
        try (HttpClientResponse response = client.get("/api/open").header(HeaderNames.ORIGIN, "https://evil.example")
                .request()) {
            assertEquals(200, response.status().code());
            response.headers().forEach(header ->
                    assertFalse(header.name().toLowerCase().startsWith("access-control-"), header.name()));
            assertEquals("Origin", header(response, HeaderNames.VARY));
        }
    }

    @Test
    void requestsWithoutOriginAreUntouched() {
        try (HttpClientResponse response = client.get("/api/open").request()) {
            assertEquals(200, response.status().code());
            assertFalse(response.headers().contains(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN));
            assertFalse(response.headers().contains(HeaderNames.VARY));
        }
    }

    @Test
    void optionsWithoutRequestMethodIsNoPreflight() {
        try (HttpClientResponse response = client.method(Method.OPTIONS).path("/api/me")
                .header(HeaderNames.ORIGIN, APP).request()) {
            assertEquals(204, response.status().code());
            assertEquals("GET, OPTIONS", header(response, HeaderNames.ALLOW));
            assertFalse(response.headers().contains(HeaderNames.ACCESS_CONTROL_ALLOW_METHODS));
        }
    }

    @Test
    void wildcardsAndOriginsNoBrowserSendsAreRefusedAtStart() {
        for (String origin : List.of("*", "null", "https://*.agora.test", "https://app.agora.test/",
                "https://App.Agora.Test", "https://app.agora.test:443", "ftp://app.agora.test", "app.agora.test",
                "https://user@app.agora.test")) {
            assertThrows(IllegalArgumentException.class, () -> new Cors(List.of(origin)), origin);
        }
        new Cors(List.of("https://app.agora.test:8443", "http://127.0.0.1:3000"));
    }

    /* Made inside the test: the server above is built before PIT attributes coverage to any test. */
    @Test
    void aFilterMadeFromAListAllowsExactlyItsOrigins() {
        String other = "https://app.agora.test:8443";
        WebServer server = AgoraServer.start(new AgoraServer.Settings("127.0.0.1", 0, 0, Limits.DEFAULT),
                TestPlatform.get().json(),
                routes -> routes.filter(new Cors(List.of(other))).get("/api/open", Echo::principal),
                operator -> { });
        try {
            Http1Client fresh = Http1Client.builder().baseUri("http://127.0.0.1:" + server.port()).build();
            try (HttpClientResponse response = fresh.get("/api/open").header(HeaderNames.ORIGIN, other).request()) {
                assertEquals(other, header(response, HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN));
            }
            try (HttpClientResponse response = fresh.get("/api/open").header(HeaderNames.ORIGIN, APP).request()) {
                assertEquals("(none)", header(response, HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN));
            }
        } finally {
            server.stop();
        }
    }

    private HttpClientResponse preflight(String origin, String method) {
        return client.method(Method.OPTIONS).path("/api/me")
                .header(HeaderNames.ORIGIN, origin)
                .header(HeaderNames.ACCESS_CONTROL_REQUEST_METHOD, method)
                .header(HeaderNames.ACCESS_CONTROL_REQUEST_HEADERS, "authorization, content-type")
                .request();
    }

    private static String header(HttpClientResponse response, HeaderName name) {
        return response.headers().first(name).orElse("(none)");
    }
}
