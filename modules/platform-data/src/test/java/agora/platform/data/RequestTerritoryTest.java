package agora.platform.data;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import agora.platform.contract.TerritoryCode;
import agora.platform.data.territory.TerritoryResolver;
import agora.platform.web.AgoraServer;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A request's territory: host mapping, then X-Territory, then the pod default; only active ones are served. */
@ServerTest
class RequestTerritoryTest {
    private final Http1Client client;

    RequestTerritoryTest(Http1Client client) {
        this.client = client;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        Platform platform = TestPlatform.get();
        TestPlatform.territory("NL", "active", List.of("nl.agora.test"));
        TestPlatform.territory("BE", "inactive", List.of());
        TestPlatform.territory("LU", "provisioning", List.of("lu.agora.test"));
        TestPlatform.territory("AT", "active", List.of());
        TestPlatform.territory("CZ", "active", List.of());
        platform.readiness().forget(TerritoryCode.of("CZ"));
        TerritoryResolver withDefault = new TerritoryResolver(platform.territories(), platform.readiness(), Optional.of(TerritoryCode.of("AT")));
        TerritoryResolver withoutDefault = new TerritoryResolver(platform.territories(), platform.readiness(), Optional.empty());
        AgoraServer.configure(server, new AgoraServer.Settings("127.0.0.1", 0, 0, web()), platform.json(),
                routes -> routes
                        .get("/whoami", (req, res) -> platform.json().write(res, Status.OK_200,
                                Map.of("territory", withDefault.code(req).value())))
                        .get("/strict/whoami", (req, res) -> platform.json().write(res, Status.OK_200,
                                Map.of("territory", withoutDefault.code(req).value()))),
                operator -> { });
    }

    private static agora.platform.core.Limits web() {
        return agora.platform.core.Limits.DEFAULT;
    }

    @Test
    void hostMappingComesFirst() {
        assertEquals("NL", territory(client.get("/whoami").header(HeaderNames.HOST, "nl.agora.test")
                .header(TerritoryResolver.TERRITORY_HEADER, "AT").request()));
    }

    @Test
    void headerComesNextInAnyCase() {
        assertEquals("NL", territory(client.get("/whoami").header(TerritoryResolver.TERRITORY_HEADER, "nl").request()));
    }

    @Test
    void podDefaultComesLast() {
        assertEquals("AT", territory(client.get("/whoami").request()));
    }

    @Test
    void noTerritoryAndNoDefaultIs400() {
        assertProblem(client.get("/strict/whoami").request(), 400, "territory-required");
    }

    @Test
    void unknownTerritoryIs404() {
        assertProblem(client.get("/whoami").header(TerritoryResolver.TERRITORY_HEADER, "SE").request(), 404,
                "unknown-territory");
        assertProblem(client.get("/whoami").header(TerritoryResolver.TERRITORY_HEADER, "XX").request(), 404,
                "unknown-territory");
        assertProblem(client.get("/whoami").header(TerritoryResolver.TERRITORY_HEADER, "<script>alert(1)</script>")
                .request(), 404, "unknown-territory");
    }

    @Test
    void inactiveTerritoryIs403() {
        assertProblem(client.get("/whoami").header(TerritoryResolver.TERRITORY_HEADER, "BE").request(), 403,
                "territory-inactive");
    }

    @Test
    void provisioningTerritoryIs503WithRetryAfter() {
        HttpClientResponse response = client.get("/whoami").header(HeaderNames.HOST, "lu.agora.test").request();
        assertEquals("2", response.headers().first(HeaderNames.RETRY_AFTER).orElseThrow());
        assertProblem(response, 503, "territory-provisioning");
    }

    @Test
    void activeButNotYetMigratedHereIs503() {
        HttpClientResponse response = client.get("/whoami").header(TerritoryResolver.TERRITORY_HEADER, "CZ").request();
        assertProblem(response, 503, "territory-provisioning");
    }

    private static String territory(HttpClientResponse response) {
        try (response) {
            assertEquals(200, response.status().code());
            return response.as(JsonNode.class).get("territory").asText();
        }
    }

    private static void assertProblem(HttpClientResponse response, int status, String code) {
        try (response) {
            assertEquals(status, response.status().code());
            assertEquals("application/problem+json", response.headers().contentType().orElseThrow().text());
            String body = response.as(String.class);
            assertEquals(code, TestPlatform.get().json().mapper().readTree(body).get("code").asText(), body);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
