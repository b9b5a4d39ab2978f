package agora.platform.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import agora.platform.core.Limits;
import agora.platform.testing.Await;
import agora.platform.testing.LogCapture;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Metrics;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A listener that stops accepting connections is started again on the same port, in this process
 * (the file-limit case, in a process of its own, is {@link SlowClientsTest}'s): the watch notices
 * the refused connection, starts the server again with the ports it had, counts the restart and
 * clears its trouble; a socket without a port of its own is not looked at, and closing stops both.
 */
class ListenersTest {
    private static final Json JSON = new Json(Limits.DEFAULT);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aListenerThatStoppedIsStartedAgainOnItsPort() throws Exception {
        List<Map<String, Integer>> asked = new ArrayList<>();
        AtomicInteger built = new AtomicInteger();
        try (Listeners listeners = Listeners.start(ports -> {
            asked.add(ports);
            int generation = built.incrementAndGet();
            WebServerConfig.Builder builder = WebServer.builder();
            AgoraServer.configure(builder, new AgoraServer.Settings("127.0.0.1",
                            ports.getOrDefault(WebServer.DEFAULT_SOCKET_NAME, 0),
                            ports.getOrDefault(AgoraServer.OPERATOR_SOCKET, 0), Limits.DEFAULT, Duration.ofSeconds(1)),
                    JSON, routes -> routes.get("/api/generation", (req, res) -> res.send(Integer.toString(generation))),
                    operator -> operator.get("/operator/generation",
                            (req, res) -> res.send(Integer.toString(generation))));
            return builder.build();
        }, Map.of(WebServer.DEFAULT_SOCKET_NAME, "0.0.0.0", AgoraServer.OPERATOR_SOCKET, "127.0.0.1",
                "unbound", "127.0.0.1"), Duration.ofMillis(100))) {
            int publicPort = listeners.port(WebServer.DEFAULT_SOCKET_NAME);
            int operatorPort = listeners.port(AgoraServer.OPERATOR_SOCKET);
            assertTrue(publicPort > 0 && operatorPort > 0 && publicPort != operatorPort);
            assertEquals(-1, listeners.port("unbound"), "a named socket the server does not have");
            assertEquals(List.of(Map.of()), asked, "the first start takes the configured ports");
            assertEquals("1", get(publicPort, "/api/generation"));
            assertTrue(listeners.trouble().isEmpty());
            WebServer first = listeners.server();
            long counted = restartsCounted();
            LogCapture log = LogCapture.of(Listeners.class.getName());

            first.stop();

            Await.until("the listeners were started again", Duration.ofSeconds(30), () -> listeners.restarts() == 1);
            assertEquals(counted + 1, restartsCounted(), "counted in agora_http_listener_restarts_total");
            assertNotSame(first, listeners.server());
            assertEquals(Map.of(WebServer.DEFAULT_SOCKET_NAME, publicPort, AgoraServer.OPERATOR_SOCKET, operatorPort),
                    asked.get(1), "started again on the ports it had");
            assertEquals("2", get(publicPort, "/api/generation"));
            assertEquals("2", get(operatorPort, "/operator/generation"));
            Await.until("the trouble is cleared", Duration.ofSeconds(30), () -> listeners.trouble().isEmpty());
            assertEquals(2, built.get(), "listeners that accept are left alone");
            assertEquals(1, listeners.restarts());
            // The operator reads the outage in the log: when it began, the restart, when it ended.
            log.close();
            List<String> said = log.records().stream().map(record -> record.getLevel() + " " + record.getMessage()).toList();
            // Both listeners stopped with the server; whichever was looked at first is named.
            String name = said.isEmpty() || !said.get(0).startsWith("SEVERE The public ") ? "operator" : "public";
            assertTrue(said.size() == 3 && said.get(0).startsWith("SEVERE The " + name + " listener stopped accepting connections")
                    && said.get(1).equals("INFO Started the listeners again after the " + name + " listener stopped")
                    && said.get(2).startsWith("INFO Every listener accepts connections again, ")
                    && said.get(2).endsWith(" s after one stopped (1 restart(s) since the process started)"), said.toString());
        }
    }

    @Test
    void aRestartThatFailsIsSaidInTroubleAndTriedAgainUntilItWorks() throws Exception {
        AtomicInteger built = new AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean broken = new java.util.concurrent.atomic.AtomicBoolean();
        try (Listeners listeners = Listeners.start(ports -> {
            if (broken.get()) {
                throw new IllegalStateException("no memory for a selector");
            }
            int generation = built.incrementAndGet();
            WebServerConfig.Builder builder = WebServer.builder();
            AgoraServer.configure(builder, new AgoraServer.Settings("127.0.0.1",
                            ports.getOrDefault(WebServer.DEFAULT_SOCKET_NAME, 0), 0, Limits.DEFAULT, Duration.ofSeconds(1)),
                    JSON, routes -> routes.get("/api/generation", (req, res) -> res.send(Integer.toString(generation))),
                    operator -> { });
            return builder.build();
        }, Map.of(WebServer.DEFAULT_SOCKET_NAME, "127.0.0.1"), Duration.ofMillis(100))) {
            int port = listeners.port(WebServer.DEFAULT_SOCKET_NAME);
            broken.set(true);
            listeners.server().stop();

            String trouble = Await.until("the failed restart is said", Duration.ofSeconds(30),
                    () -> listeners.trouble().orElse(""), text -> text.contains("failed"));
            assertTrue(trouble.startsWith("the public listener stopped accepting connections at ")
                    && trouble.contains("; starting the listeners again failed (no memory for a selector), trying every "),
                    trouble);
            assertEquals(0, listeners.restarts(), "a restart that failed is not counted");

            broken.set(false);
            Await.until("the listeners were started again", Duration.ofSeconds(30), () -> listeners.restarts() == 1);
            assertEquals("2", get(port, "/api/generation"));
            Await.until("the trouble is cleared", Duration.ofSeconds(30), () -> listeners.trouble().isEmpty());
        }
    }

    @Test
    void aPortInUseFailsTheStartInsteadOfListeningNowhere() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> Listeners.start(ports -> {
                WebServerConfig.Builder builder = WebServer.builder();
                AgoraServer.configure(builder, new AgoraServer.Settings("127.0.0.1", taken.getLocalPort(), 0,
                        Limits.DEFAULT), JSON, routes -> routes.get("/api/ping", (req, res) -> res.send("pong")),
                        operator -> { });
                return builder.build();
            }, Map.of(WebServer.DEFAULT_SOCKET_NAME, "127.0.0.1"), Duration.ofMillis(100)));
            assertTrue(refused.getMessage().contains("did not start"), refused.getMessage());
        }
    }

    @Test
    void closingStopsTheServer() throws Exception {
        Listeners listeners = Listeners.start(ports -> {
            WebServerConfig.Builder builder = WebServer.builder();
            AgoraServer.configure(builder, new AgoraServer.Settings("127.0.0.1", 0, 0, Limits.DEFAULT), JSON,
                    routes -> routes.get("/api/ping", (req, res) -> res.send("pong")), operator -> { });
            return builder.build();
        }, Map.of(WebServer.DEFAULT_SOCKET_NAME, "127.0.0.1"), Listeners.DEFAULT_WATCH);
        assertEquals("pong", get(listeners.port(WebServer.DEFAULT_SOCKET_NAME), "/api/ping"));
        listeners.close();
        assertTrue(!listeners.server().isRunning(), "stopped");
    }

    private static long restartsCounted() {
        return Metrics.globalRegistry().counter("agora.http.listener.restarts", List.of()).map(Counter::count).orElse(0L);
    }

    private static String get(int port, String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }
}
