package agora.platform.data;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import agora.platform.contract.TerritoryCode;
import agora.platform.core.Limits;
import agora.platform.web.AgoraServer;
import agora.platform.web.Json;

import io.helidon.http.Status;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A database that cannot be reached is a 503 the client may retry, never a 500. */
@ServerTest
class DatabaseOutageTest {
    private static Database unreachable;

    private final Http1Client client;

    DatabaseOutageTest(Http1Client client) {
        this.client = client;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        unreachable = Database.connect(new DatabaseConfig("jdbc:postgresql://127.0.0.1:" + closedPort + "/agora",
                "agora", "", 2, Duration.ofMillis(500)));
        Json json = new Json(Limits.DEFAULT);
        AgoraServer.configure(server, new AgoraServer.Settings("127.0.0.1", 0, 0, Limits.DEFAULT), json,
                routes -> routes.get("/count", (req, res) -> json.write(res, Status.OK_200, Map.of("n",
                        unreachable.inTerritory(TerritoryCode.of("DK"), db -> db.query("SELECT 1").count())))),
                operator -> { });
    }

    @Test
    void unitOfWorkFailsAsUnavailable() {
        assertThrows(DatabaseUnavailableException.class,
                () -> unreachable.inGlobal(db -> db.query("SELECT 1").toList()));
    }

    @Test
    void pingReportsTheOutage() {
        assertThrows(DatabaseUnavailableException.class, unreachable::ping);
    }

    @Test
    void requestGets503WithRetryAfter() {
        try (HttpClientResponse response = client.get("/count").request()) {
            assertEquals(503, response.status().code());
            assertEquals("5", response.headers().first(io.helidon.http.HeaderNames.RETRY_AFTER).orElseThrow());
            String body = response.as(String.class);
            assertEquals(List.of("unavailable"), List.of(new Json(Limits.DEFAULT).mapper().readTree(body)
                    .get("code").asText()));
            assertFalse(body.contains("Connection"), body);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
