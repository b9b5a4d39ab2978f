package agora.platform.observe;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import agora.platform.core.Limits;
import agora.platform.web.AgoraServer;
import agora.platform.web.Json;

import io.helidon.http.Status;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Operators see request meters by route template, JVM meters and health over HTTP. */
@ServerTest
class ObservabilityTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final AtomicBoolean REDIS_UP = new AtomicBoolean(true);

    private final URI base;

    ObservabilityTest(URI base) {
        this.base = base;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        Json json = new Json(Limits.DEFAULT);
        AgoraServer.configure(server, new AgoraServer.Settings("127.0.0.1", 0, 0, Limits.DEFAULT), json,
                routes -> routes
                        .get("/observed/{id}", (req, res) -> json.write(res, Status.OK_200, List.of()))
                        .get("/boom", (req, res) -> {
                            throw new IllegalStateException("boom");
                        }),
                operator -> { });
        Observability.install(server, List.of(
                Checks.local("nats", "in-process"),
                Checks.ping("redis", "remote", () -> {
                    if (!REDIS_UP.get()) {
                        throw new IllegalStateException("down");
                    }
                })));
    }

    @Test
    void requestsAreCountedByRouteTemplateAndStatusClass() throws Exception {
        get("/observed/1");
        get("/observed/2");
        get("/boom");
        get("/nowhere");
        String metrics = get("/observe/metrics").body();
        assertTrue(metrics.contains("http_server_requests_seconds_bucket"), metrics);
        assertTrue(line(metrics, "http_server_requests_seconds_count", "route=\"/observed/{id}\"", "status_class=\"2xx\"")
                .endsWith(" 2.0"), metrics);
        assertTrue(!line(metrics, "http_server_requests_seconds_count", "route=\"/boom\"", "status_class=\"5xx\"").isEmpty());
        assertTrue(!line(metrics, "http_server_requests_seconds_count", "route=\"unmatched\"", "status_class=\"4xx\"")
                .isEmpty(), metrics);
        assertTrue(!line(metrics, "http_server_requests_seconds_count", "territory=\"none\"").isEmpty());
        assertTrue(metrics.contains("jvm_memory_used_bytes"), "JVM meters are exposed");
        assertTrue(metrics.contains("process_uptime_seconds"));
    }

    @Test
    void methodsAClientInventsShareOneSeries() throws Exception {
        for (int i = 0; i < 20; i++) {
            HTTP.send(HttpRequest.newBuilder(base.resolve("/observed/1")).method("BREW" + i,
                    HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        }
        String metrics = get("/observe/metrics").body();
        assertTrue(!metrics.contains("BREW"), "no series per invented method");
        assertTrue(!line(metrics, "http_server_requests_seconds_count", "method=\"other\"").isEmpty(), metrics);
    }

    @Test
    void healthReportsEachBackendAndGoesDownWithOne() throws Exception {
        HttpResponse<String> healthy = get("/observe/health");
        assertEquals(200, healthy.statusCode(), healthy.body());
        assertTrue(healthy.body().contains("in-process"), healthy.body());
        REDIS_UP.set(false);
        try {
            assertEquals(503, get("/observe/health").statusCode());
            assertEquals(503, get("/observe/health/ready").statusCode());
            assertEquals(200, get("/observe/health/live").statusCode());
        } finally {
            REDIS_UP.set(true);
        }
    }

    private static String line(String metrics, String name, String... labels) {
        return metrics.lines()
                .filter(line -> line.startsWith(name + "{"))
                .filter(line -> java.util.Arrays.stream(labels).allMatch(line::contains))
                .findFirst().orElse("");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).header("Accept", "text/plain").build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
