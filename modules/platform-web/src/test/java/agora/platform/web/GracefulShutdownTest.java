package agora.platform.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import agora.platform.core.Limits;

import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stopping a server lets the requests in flight finish and takes no new ones. */
class GracefulShutdownTest {

    @Test
    void aRequestInFlightCompletesWhileTheServerStops() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        WebServer server = AgoraServer.start(new AgoraServer.Settings("127.0.0.1", 0, 0, Limits.DEFAULT,
                        Duration.ofSeconds(5)), new Json(Limits.DEFAULT),
                routes -> routes.get("/slow", (req, res) -> {
                    started.countDown();
                    Thread.sleep(700);
                    res.send("done");
                }),
                operator -> { });
        URI slow = URI.create("http://127.0.0.1:" + server.port() + "/slow");
        HttpClient http = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(HttpRequest.newBuilder(slow).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(started.await(5, TimeUnit.SECONDS));
        server.stop();
        HttpResponse<String> response = inFlight.get(5, TimeUnit.SECONDS);
        assertEquals(200, response.statusCode());
        assertEquals("done", response.body());
        assertThrows(Exception.class, () -> http.send(HttpRequest.newBuilder(slow).build(),
                HttpResponse.BodyHandlers.ofString()));
    }
}
