package agora.platform.events;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

import agora.platform.contract.TerritoryCode;
import agora.platform.core.Limits;
import agora.platform.web.AgoraServer;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import io.helidon.webserver.testing.junit5.Socket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An operator sees a consumer's dead letters and replays one over the operator listener. */
@ServerTest
class DeadLetterRoutesTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Harness harness;

    private final URI operator;

    DeadLetterRoutesTest(@Socket(AgoraServer.OPERATOR_SOCKET) URI operator) {
        this.operator = operator;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        harness = Harness.start(Optional.empty(), Harness.uniquePrefix(), TerritoryCode.of("HR"));
        AgoraServer.configure(server, new AgoraServer.Settings("127.0.0.1", 0, 0, Limits.DEFAULT),
                Harness.platform().json(), api -> { }, harness.events::operatorRoutes);
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void listAndReplay() throws Exception {
        String note = "operator-" + Harness.note();
        harness.poisoned.add(note);
        Event event = harness.sell("agg-" + note, 1, note);
        Harness.await("the event is dead-lettered", () -> harness.events.deadLetters("ledger",
                EventScope.territory(harness.territory), 100).stream().anyMatch(d -> d.eventId().equals(event.id())));

        JsonNode list = json(send("GET", "/operator/events/dead-letters?service=ledger&scope=hr"), 200);
        JsonNode dead = null;
        for (JsonNode item : list.get("items")) {
            if (item.get("eventId").asText().equals(event.id().toString())) {
                dead = item;
            }
        }
        assertTrue(dead != null, list.toString());
        assertEquals("shop.sale", dead.get("eventType").asText());
        assertTrue(dead.get("replayedAt").isNull());

        String id = dead.get("id").asText();
        assertEquals("replay-failed", json(send("POST", "/operator/events/dead-letters/" + id
                + "/replay?service=ledger&scope=hr"), 409).get("code").asText());
        harness.poisoned.remove(note);
        JsonNode replayed = json(send("POST", "/operator/events/dead-letters/" + id + "/replay?service=ledger&scope=hr"),
                200);
        assertFalse(replayed.get("replayedAt").isNull());
        assertEquals(1, harness.applied(note));
    }

    @Test
    void badParametersAreProblems() throws Exception {
        assertEquals("invalid-parameter", json(send("GET", "/operator/events/dead-letters?service=nope&scope=hr"), 400)
                .get("code").asText());
        assertEquals("invalid-parameter", json(send("GET", "/operator/events/dead-letters?service=ledger&scope=xx"), 400)
                .get("code").asText());
        assertEquals("no-such-dead-letter", json(send("POST",
                "/operator/events/dead-letters/00000000-0000-7000-8000-000000000000/replay?service=ledger&scope=hr"), 404)
                .get("code").asText());
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(operator.resolve(path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response, int status) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        return Harness.platform().json().mapper().readTree(response.body());
    }
}
