package agora.platform.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import agora.platform.core.Limits;
import agora.platform.core.Traceparent;
import agora.platform.testing.LogCapture;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server set-up every process shares, as its operator configures it and its clients meet it:
 * settings read from configuration with their defaults, the connection caps derived from the file
 * limit and heap, a further listener with the same problem answers and filters, the public and
 * operator listeners each serving only their own routes, and the trace context of a request.
 */
class AgoraServerTest {
    private static final Json JSON = new Json(Limits.DEFAULT);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String TRACE = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    @Test
    void settingsAreReadFromConfigurationWithDefaults() {
        AgoraServer.Settings configured = AgoraServer.Settings.from(Config.just(ConfigSources.create(Map.of(
                "server.host", "0.0.0.0",
                "server.port", "9090",
                "agora.operator.port", "9091",
                "agora.web.limits.max-body-bytes", "2048",
                "agora.web.shutdown.grace", "PT3S",
                "agora.web.connections.header-timeout", "PT4S",
                "agora.web.connections.max", "77"))));
        assertEquals("0.0.0.0", configured.host());
        assertEquals(9090, configured.port());
        assertEquals(9091, configured.operatorPort());
        assertEquals(2048, configured.limits().maxBodyBytes());
        assertEquals(Duration.ofSeconds(3), configured.shutdownGrace());
        assertEquals(Duration.ofSeconds(4), configured.connections().headerTimeout());
        assertEquals(Optional.of(77), configured.connections().maxPublic());

        AgoraServer.Settings defaults = AgoraServer.Settings.from(Config.empty());
        assertEquals(new AgoraServer.Settings("127.0.0.1", 8080, 8081, Limits.DEFAULT,
                AgoraServer.Settings.DEFAULT_SHUTDOWN_GRACE, ConnectionLimits.DEFAULT), defaults);
        assertEquals(new AgoraServer.Settings("127.0.0.1", 8080, 8081, Limits.DEFAULT),
                defaults, "the short constructor has the same defaults");

        AgoraServer.Settings moved = configured.onPorts(1234, 1235);
        assertEquals(new AgoraServer.Settings("0.0.0.0", 1234, 1235, configured.limits(), configured.shutdownGrace(),
                configured.connections()), moved);
    }

    @Test
    void aConnectionLimitOfNothingIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ConnectionLimits.from(Config.just(ConfigSources.create(
                Map.of("max", "0")))));
        for (String timeout : List.of("header-timeout", "body-timeout", "idle-timeout")) {
            assertThrows(IllegalArgumentException.class, () -> ConnectionLimits.from(Config.just(ConfigSources.create(
                    Map.of(timeout, "PT0S")))), timeout);
        }
        assertEquals(1, ConnectionLimits.from(Config.just(ConfigSources.create(Map.of("max", "1"))))
                .maxPublic().orElseThrow());
    }

    @Test
    void thePublicCapIsWhatIsConfiguredButNeverMoreThanTheFileLimitAllows() {
        int ceiling = FileBudget.ofProcess().publicCeiling();
        assertEquals(10, settingsWithMax(Optional.of(10)).maxPublicConnections());
        assertEquals(ceiling, settingsWithMax(Optional.of(Integer.MAX_VALUE)).maxPublicConnections());
        assertEquals(FileBudget.ofProcess().publicDefault(), settingsWithMax(Optional.empty()).maxPublicConnections());
    }

    @Test
    void theCapsAndTimeoutsAreLoggedAndACapBeyondTheFileLimitIsWarnedOf() {
        FileBudget budget = FileBudget.ofProcess();
        String heap = budget.maxHeap() / (1024 * 1024) + " MiB";
        String fileLimit = budget.fileLimit() == Long.MAX_VALUE ? "unknown" : Long.toString(budget.fileLimit());
        try (LogCapture log = LogCapture.of(AgoraServer.class.getName())) {
            AgoraServer.configure(WebServer.builder(), settingsWithMax(Optional.of(10)), JSON, routes -> { }, operator -> { });
            AgoraServer.configure(WebServer.builder(), settingsWithMax(Optional.of(Integer.MAX_VALUE)), JSON, routes -> { },
                    operator -> { });
            List<String> said = log.records().stream().map(record -> record.getLevel() + " " + record.getMessage()).toList();
            assertEquals(List.of(
                    "INFO Connections: public listener at most 10, operator " + budget.operator() + " (file limit "
                            + fileLimit + ", heap " + heap + "); headers within 10 s, bodies within 30 s, idle 60 s",
                    "WARNING agora.web.connections.max 2147483647 is more than the file limit of " + budget.fileLimit()
                            + " allows; the public listener holds at most " + budget.publicCeiling()
                            + " (raise the limit: ulimit -n)",
                    "INFO Connections: public listener at most " + budget.publicCeiling() + ", operator " + budget.operator()
                            + " (file limit " + fileLimit + ", heap " + heap + "); headers within 10 s, bodies within 30 s, "
                            + "idle 60 s"), said);
        }
    }

    @Test
    void theFileLimitIsSharedAfterAReserve() {
        // 10 000 descriptors: a reserve of 2 000, of the 8 000 left 6 000 public, 1 600 internal, 64 operator.
        FileBudget roomy = new FileBudget(10_000, 1L << 40);
        assertEquals(2_000, roomy.reserve());
        assertEquals(6_000, roomy.publicCeiling());
        assertEquals(6_000, roomy.publicDefault(), "the heap allows more");
        assertEquals(1_600, roomy.internal());
        assertEquals(64, roomy.operator());
        // 1 024 descriptors: the reserve is at least 256; 768 left.
        FileBudget small = new FileBudget(1_024, 1L << 40);
        assertEquals(256, small.reserve());
        assertEquals(576, small.publicCeiling());
        assertEquals(153, small.internal());
        assertEquals(38, small.operator());
        // Below the reserve each listener still gets its minimum.
        FileBudget starved = new FileBudget(100, 1L << 40);
        assertEquals(16, starved.publicCeiling());
        assertEquals(8, starved.internal());
        assertEquals(4, starved.operator());
        // A small heap: a quarter of it at 32 KiB a connection, at least 16.
        assertEquals(512, new FileBudget(10_000, 64L * 1024 * 1024).publicDefault());
        assertEquals(16, new FileBudget(10_000, 1024 * 1024).publicDefault());
        // No known limit: the heap alone bounds the default.
        FileBudget unknown = new FileBudget(Long.MAX_VALUE, 64L * 1024 * 1024);
        assertEquals(Integer.MAX_VALUE / 2, unknown.publicCeiling());
        assertEquals(512, unknown.publicDefault());
        assertTrue(FileBudget.headroom() > 0 && FileBudget.headroom() < FileBudget.ofProcess().fileLimit());
    }

    @Test
    void eachListenerServesItsOwnRoutesAndAFurtherOneAnswersProblemsLikeThem() throws Exception {
        AgoraServer.Settings settings = new AgoraServer.Settings("127.0.0.1", 0, 0, Limits.DEFAULT);
        java.util.concurrent.atomic.AtomicReference<Routes> internalRoutes = new java.util.concurrent.atomic.AtomicReference<>();
        WebServer server = AgoraServer.start(settings, JSON,
                routes -> routes.get("/api/trace", (req, res) -> res.send(Traceparent.current().orElse("none"))),
                operator -> operator.get("/operator/ping", (req, res) -> res.send("pong")),
                builder -> internalRoutes.set(AgoraServer.addListener(builder, "internal", "127.0.0.1", 0, settings, JSON,
                        internal -> internal.post("/internal/echo", (req, res) -> res.send("echo")))));
        try {
            int publicPort = server.port();
            int operatorPort = server.port(AgoraServer.OPERATOR_SOCKET);
            int internalPort = server.port("internal");
            assertTrue(internalPort > 0 && internalPort != publicPort && internalPort != operatorPort);

            assertEquals("pong", send(operatorPort, "GET", "/operator/ping").body());
            problem(send(publicPort, "GET", "/operator/ping"), 404, "no-such-route");
            problem(send(operatorPort, "GET", "/api/trace"), 404, "no-such-route");
            HttpResponse<String> operatorMethod = send(operatorPort, "POST", "/operator/ping");
            problem(operatorMethod, 405, "method-not-allowed");
            assertEquals("GET, OPTIONS", operatorMethod.headers().firstValue("Allow").orElseThrow());
            assertEquals(List.of(new Routes.Route(io.helidon.http.Method.POST, "/internal/echo")),
                    internalRoutes.get().list(), "the further listener's routes, for its API document");
            assertEquals("echo", send(internalPort, "POST", "/internal/echo").body());
            HttpResponse<String> wrongMethod = send(internalPort, "GET", "/internal/echo");
            problem(wrongMethod, 405, "method-not-allowed");
            assertEquals("OPTIONS, POST", wrongMethod.headers().firstValue("Allow").orElseThrow());
            problem(send(internalPort, "GET", "/nowhere"), 404, "no-such-route");

            HttpResponse<String> traced = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + publicPort
                    + "/api/trace")).header("traceparent", TRACE).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(TRACE, traced.body(), "the request's trace context is the current one in its handler");
            assertEquals("nosniff", traced.headers().firstValue("X-Content-Type-Options").orElseThrow());
            assertEquals("none", send(publicPort, "GET", "/api/trace").body());
        } finally {
            server.stop();
        }
    }

    private static AgoraServer.Settings settingsWithMax(Optional<Integer> max) {
        return new AgoraServer.Settings("127.0.0.1", 0, 0, Limits.DEFAULT, Duration.ofSeconds(1),
                new ConnectionLimits(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60), max));
    }

    private static HttpResponse<String> send(int port, String method, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void problem(HttpResponse<String> response, int status, String code) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElseThrow());
        JsonNode body = JSON.mapper().readTree(response.body());
        assertEquals(code, body.get("code").asText(), response.body());
    }
}
