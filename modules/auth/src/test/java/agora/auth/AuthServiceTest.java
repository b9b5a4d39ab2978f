package agora.auth;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import agora.auth.api.AuthKeys;
import agora.platform.events.Events;
import agora.platform.events.EventsConfig;
import agora.platform.security.Security;
import agora.platform.security.SecurityConfig;
import agora.platform.security.token.PublicKeys;
import agora.platform.state.InProcessState;
import agora.platform.data.Platform;
import agora.platform.web.AgoraServer;
import agora.platform.web.Limits;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import io.helidon.webserver.testing.junit5.Socket;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JWKS and the operator's rotation through the listeners of a running server. */
@ServerTest
class AuthServiceTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");
    private static Platform platform;
    private static AuthService service;
    private static Supplier<String> jwks;

    private final URI api;
    private final URI operator;

    AuthServiceTest(URI api, @Socket(AgoraServer.OPERATOR_SOCKET) URI operator) {
        this.api = api;
        this.operator = operator;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        platform = TestTerritories.platform(Clock.systemUTC());
        TestTerritories.register(platform, "GR");
        TestTerritories.register(platform, "HU");
        service = AuthService.create(platform, Events.create(EventsConfig.from(platform.config()), platform),
                new InProcessState(platform.clock()), (keys, accounts) -> {
                    jwks = keys;
                    return Security.create(SecurityConfig.defaults(), platform.clock(), platform.resolver(),
                            PublicKeys.configured(SecurityConfig.defaults(), platform.clock(), keys),
                            new InProcessState(platform.clock()).cache("authz"), accounts, (t, user) -> Set.of());
                });
        service.start();
        AgoraServer.configure(server, new AgoraServer.Settings("127.0.0.1", 0, 0, Limits.DEFAULT), platform.json(),
                service::routes, service::operatorRoutes);
    }

    @Test
    void theJwksOfTheRequestTerritoryHoldsItsCurrentAndNextPublicKeys() throws Exception {
        HttpResponse<String> response = jwks("GR");
        assertEquals(200, response.statusCode());
        assertEquals("application/jwk-set+json", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("public, max-age=300", response.headers().firstValue("Cache-Control").orElseThrow());
        JsonNode keys = platform.json().mapper().readTree(response.body()).get("keys");
        assertEquals(2, keys.size());
        for (JsonNode key : keys) {
            assertEquals("RSA", key.get("kty").asText());
            assertEquals("RS256", key.get("alg").asText());
            assertEquals("sig", key.get("use").asText());
            assertFalse(key.get("kid").asText().isBlank());
            assertTrue(key.get("n").asText().length() > 300, "a 2048-bit modulus");
            assertEquals("AQAB", key.get("e").asText());
            key.fieldNames().forEachRemaining(name -> assertFalse(PRIVATE_MEMBERS.contains(name), name));
        }
        Set<String> hungary = KeyRingTest.kids(jwks("HU").body());
        assertTrue(KeyRingTest.kids(response.body()).stream().noneMatch(hungary::contains), "territories have own keys");
    }

    @Test
    void aTerritoryCreatedAfterStartGetsItsKeysOnFirstUse() throws Exception {
        TestTerritories.register(platform, "SK");
        assertEquals(2, KeyRingTest.kids(jwks("SK").body()).size());
        assertEquals(2, KeyRingTest.kids(jwks("SK").body()).size(), "and keeps them");
    }

    @Test
    void anUnknownTerritoryHasNoKeySet() throws Exception {
        assertEquals(404, jwks("XX").statusCode());
    }

    @Test
    void theOperatorRotatesATerritorysKeys() throws Exception {
        Set<String> before = KeyRingTest.kids(jwks("HU").body());
        HttpResponse<String> response = rotate("hu");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode rotated = platform.json().mapper().readTree(response.body());
        assertEquals("HU", rotated.get("territory").asText());
        String current = rotated.get("current").asText();
        assertTrue(before.contains(current), "the new current key was published before");
        assertFalse(before.contains(rotated.get("next").asText()));
        assertTrue(rotated.get("retired").size() >= 1);
        Set<String> after = KeyRingTest.kids(jwks("HU").body());
        assertTrue(after.containsAll(before), "the retired key stays published");
        assertTrue(after.contains(rotated.get("next").asText()));
        assertFalse(response.body().contains("\"d\""));
        // The in-process key set for the pod's verifier holds every territory's keys.
        Set<String> inProcess = KeyRingTest.kids(jwks.get());
        assertTrue(inProcess.containsAll(after));
        assertTrue(inProcess.containsAll(KeyRingTest.kids(jwks("GR").body())));
    }

    @Test
    void rotatingAnUnknownTerritoryIs404() throws Exception {
        HttpResponse<String> response = rotate("XX");
        assertEquals(404, response.statusCode());
        assertEquals("unknown-territory", platform.json().mapper().readTree(response.body()).get("code").asText());
        assertEquals(404, rotate("nope").statusCode());
    }

    @Test
    void theRotationIsOnlyOnTheOperatorListener() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(api.resolve("/operator/auth/territories/GR/keys/rotate"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, response.statusCode());
    }

    private HttpResponse<String> jwks(String territory) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(api.resolve(AuthKeys.JWKS_PATH)).header("X-Territory", territory).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> rotate(String territory) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(operator.resolve("/operator/auth/territories/" + territory + "/keys/rotate"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
