package agora.platform.web;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletionException;

import agora.platform.contract.ProblemKind;
import agora.platform.core.Limits;
import agora.platform.core.problem.PlatformMessages;
import agora.platform.core.problem.ProblemException;
import agora.platform.testing.Await;
import agora.platform.testing.LogCapture;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.BadRequestException;
import io.helidon.http.HttpException;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every kind of route a service registers answers its method, and a request over the body limit on
 * a route that is not an upload is refused before its handler runs; {@code OPTIONS} on a known
 * path lists its methods. Each answer is timed into the request histogram under its method (an
 * unknown method as {@code other}), route template, status class and territory.
 */
@ServerTest
class RoutesAndMetricsTest {
    private static final Limits LIMITS = new Limits(1024, 8, 200, 8192);
    private static final Json JSON = new Json(LIMITS);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final URI base;

    RoutesAndMetricsTest(URI base) {
        this.base = base;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        AgoraServer.configure(server, new AgoraServer.Settings("127.0.0.1", 0, 0, LIMITS), JSON,
                routes -> routes
                        .filter((chain, req, res) -> {
                            req.headers().first(io.helidon.http.HeaderNames.create("X-Territory"))
                                    .ifPresent(code -> RequestLabels.territory(req, code));
                            chain.proceed();
                        })
                        // A filter that refuses, as CORS does an origin it does not know.
                        .filter((chain, req, res) -> {
                            switch (req.headers().first(io.helidon.http.HeaderNames.create("X-Refuse")).orElse("")) {
                                case "problem" -> throw new ProblemException(ProblemKind.CONFLICT,
                                        PlatformMessages.text("bad-request"));
                                case "helidon" -> throw new BadRequestException("refused by a filter");
                                case "broken" -> throw new IllegalStateException("a filter broke");
                                default -> chain.proceed();
                            }
                        })
                        .get("/items/{id}", (req, res) -> res.send("get " + RequestLabels.territory(req)))
                        .put("/items/{id}", (req, res) -> res.send("put " + req.content().as(String.class).length()))
                        .patch("/items/{id}", (req, res) -> res.send("patch"))
                        .delete("/items/{id}", (req, res) -> res.status(io.helidon.http.Status.NO_CONTENT_204).send())
                        .upload("/files", (req, res) -> res.send("upload " + req.content().as(byte[].class).length))
                        .get("/broken", (req, res) -> {
                            throw new IllegalStateException("broken on purpose");
                        })
                        .get("/taken", (req, res) -> {
                            throw new ProblemException(ProblemKind.CONFLICT, PlatformMessages.text("bad-request"));
                        })
                        .get("/wrapped", (req, res) -> {
                            throw new CompletionException(new ProblemException(ProblemKind.CONFLICT,
                                    PlatformMessages.text("bad-request")));
                        })
                        .get("/helidon-refusal", (req, res) -> {
                            throw new BadRequestException("refused by the framework");
                        })
                        .get("/helidon-outage", (req, res) -> {
                            throw new HttpException("unavailable", io.helidon.http.Status.SERVICE_UNAVAILABLE_503);
                        })
                        .get("/stream", (req, res) -> {
                            byte[] chunk = new byte[64 * 1024];
                            try (OutputStream out = res.outputStream()) {
                                for (int i = 0; i < 4_000; i++) {
                                    out.write(chunk);
                                    out.flush();
                                }
                            }
                        }),
                operator -> { });
    }

    @Test
    void eachMethodReachesItsHandler() throws Exception {
        assertEquals("get none", send("GET", "/items/1", null).body());
        assertEquals("put 2", send("PUT", "/items/1", "{}").body());
        assertEquals("patch", send("PATCH", "/items/1", "{}").body());
        assertEquals(204, send("DELETE", "/items/1", null).statusCode());
        HttpResponse<String> options = send("OPTIONS", "/items/1", null);
        assertEquals(204, options.statusCode());
        assertEquals("DELETE, GET, OPTIONS, PATCH, PUT", options.headers().firstValue("Allow").orElseThrow());
        assertEquals(List.of(new Routes.Route(io.helidon.http.Method.GET, "/items/{id}"),
                        new Routes.Route(io.helidon.http.Method.PUT, "/items/{id}"),
                        new Routes.Route(io.helidon.http.Method.PATCH, "/items/{id}"),
                        new Routes.Route(io.helidon.http.Method.DELETE, "/items/{id}"),
                        new Routes.Route(io.helidon.http.Method.POST, "/files"),
                        new Routes.Route(io.helidon.http.Method.GET, "/broken")),
                recorded());
    }

    @Test
    void aBodyOverTheLimitIsRefusedExceptOnAnUpload() throws Exception {
        assertEquals("put 1024", send("PUT", "/items/1", "x".repeat(1024)).body());
        HttpResponse<String> over = send("PUT", "/items/1", "x".repeat(1025));
        assertEquals(413, over.statusCode(), over.body());
        assertEquals("payload-too-large", JSON.mapper().readTree(over.body()).get("code").asText());
        assertEquals("upload 4000", send("POST", "/files", "y".repeat(4000)).body());
    }

    @Test
    void answersAreTimedByMethodRouteStatusClassAndTerritory() throws Exception {
        long got = count("GET", "/items/{id}", "2xx", "none");
        long territory = count("GET", "/items/{id}", "2xx", "QE");
        long broken = count("GET", "/broken", "5xx", "none");
        long unmatched = count("GET", "unmatched", "4xx", "none");
        long other = count("other", "unmatched", "4xx", "none");
        long refused = count("PUT", "/items/{id}", "4xx", "none");

        send("GET", "/items/2", null);
        assertEquals("get QE", HTTP.send(HttpRequest.newBuilder(base.resolve("/items/3")).header("X-Territory", "QE")
                .GET().build(), HttpResponse.BodyHandlers.ofString()).body());
        assertEquals(500, send("GET", "/broken", null).statusCode());
        assertEquals(404, send("GET", "/nowhere", null).statusCode());
        HttpResponse<String> odd = send("BREW", "/nowhere", null);
        assertTrue(odd.statusCode() >= 400 && odd.statusCode() < 500, odd.body());
        assertEquals(413, send("PUT", "/items/1", "x".repeat(1025)).statusCode());

        counted(got + 1, "GET", "/items/{id}", "2xx", "none");
        counted(territory + 1, "GET", "/items/{id}", "2xx", "QE");
        counted(broken + 1, "GET", "/broken", "5xx", "none");
        counted(unmatched + 1, "GET", "unmatched", "4xx", "none");
        counted(other + 1, "other", "unmatched", "4xx", "none");
        counted(refused + 1, "PUT", "/items/{id}", "4xx", "none");
        assertFalse(Metrics.globalRegistry().timer(HttpMetrics.NAME, tags("BREW", "unmatched", "4xx", "none"))
                .isPresent(), "an unknown method makes no series of its own");
    }

    @Test
    void aFailedAnswerIsTimedUnderTheStatusItsProblemCarriesWhereverTheProblemSits() throws Exception {
        record Failure(String path, int status, String statusClass) {
        }
        for (Failure failure : List.of(new Failure("/taken", 409, "4xx"),
                new Failure("/wrapped", 409, "4xx"), // the problem inside another exception
                new Failure("/helidon-refusal", 400, "4xx"),
                new Failure("/helidon-outage", 500, "5xx"))) { // a server error of Helidon's is ours
            long before = count("GET", failure.path(), failure.statusClass(), "none");
            assertEquals(failure.status(), send("GET", failure.path(), null).statusCode(), failure.path());
            counted(before + 1, "GET", failure.path(), failure.statusClass(), "none");
        }
    }

    @Test
    void aRefusalByAFilterIsTimedUnderTheStatusItIsAnsweredWith() throws Exception {
        record Refusal(String kind, int status, String statusClass) {
        }
        for (Refusal refusal : List.of(new Refusal("problem", 409, "4xx"), new Refusal("helidon", 400, "4xx"),
                new Refusal("broken", 500, "5xx"))) {
            // Refused before routing: no route was matched yet.
            long before = count("GET", "unmatched", refusal.statusClass(), "none");
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(base.resolve("/items/7"))
                    .header("X-Refuse", refusal.kind()).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(refusal.status(), answer.statusCode(), refusal.kind());
            counted(before + 1, "GET", "unmatched", refusal.statusClass(), "none");
        }
    }

    @Test
    void aServerErrorNamesAnIncidentThatTheLogHoldsWithItsCause() throws Exception {
        HttpResponse<String> broken;
        try (LogCapture log = LogCapture.of(ProblemResponder.class.getName())) {
            broken = send("GET", "/broken", null);
            assertEquals(500, broken.statusCode());
            String detail = JSON.mapper().readTree(broken.body()).get("detail").asText();
            assertFalse(broken.body().contains("broken on purpose"), "the cause stays in the log");
            java.util.logging.LogRecord incident = log.records().stream()
                    .filter(record -> record.getMessage().startsWith("Incident ")).findFirst().orElseThrow();
            String id = incident.getMessage().substring("Incident ".length(), incident.getMessage().indexOf(' ', 9));
            assertTrue(detail.contains(id), detail + " names " + id);
            assertEquals("Incident " + id + " while serving GET /broken", incident.getMessage());
            assertEquals(java.util.logging.Level.SEVERE, incident.getLevel());
            assertEquals("broken on purpose", incident.getThrown().getMessage());
        }
    }

    @Test
    void anAnswerWhoseClientWentAwayWhileItWasWrittenIsTimedAsAClientError() throws Exception {
        long cut = count("GET", "/stream", "4xx", "none");
        long failed = count("GET", "/stream", "5xx", "none");
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.getOutputStream().write(("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.setSoTimeout(10_000);
            assertTrue(new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200"));
            socket.setSoLinger(true, 0); // gone at once, as a client that crashed
        }
        counted(cut + 1, "GET", "/stream", "4xx", "none");
        assertEquals(failed, count("GET", "/stream", "5xx", "none"), "not a server error");
    }

    @Test
    void theMethodLabelIsBounded() {
        for (String method : List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT")) {
            assertEquals(method, HttpMetrics.methodLabel(method));
        }
        assertEquals("other", HttpMetrics.methodLabel("get"));
        assertEquals("other", HttpMetrics.methodLabel("PROPFIND"));
    }

    private List<Routes.Route> recorded() {
        WebServerConfig.Builder builder = io.helidon.webserver.WebServer.builder();
        return AgoraServer.configure(builder, new AgoraServer.Settings("127.0.0.1", 0, 0, LIMITS), JSON, routes -> {
            // The same registrations as the server's, recorded without starting one.
            routes.get("/items/{id}", (req, res) -> { })
                    .put("/items/{id}", (req, res) -> { })
                    .patch("/items/{id}", (req, res) -> { })
                    .delete("/items/{id}", (req, res) -> { })
                    .upload("/files", (req, res) -> { })
                    .get("/broken", (req, res) -> { });
        }, operator -> { }).api().list();
    }

    /* The filter times an answer after it has been sent: the client can read it a moment before. */
    private static void counted(long expected, String method, String route, String statusClass, String territory) {
        Await.until(method + " " + route + " " + statusClass + " " + territory + " timed " + expected + " times",
                Duration.ofSeconds(10), () -> count(method, route, statusClass, territory) == expected);
    }

    private static long count(String method, String route, String statusClass, String territory) {
        return Metrics.globalRegistry().timer(HttpMetrics.NAME, tags(method, route, statusClass, territory))
                .map(Timer::count).orElse(0L);
    }

    private static List<Tag> tags(String method, String route, String statusClass, String territory) {
        return List.of(Tag.create("method", method), Tag.create("route", route),
                Tag.create("status_class", statusClass), Tag.create("territory", territory));
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path));
        if (body != null) {
            builder.header("Content-Type", "application/json");
        }
        return HTTP.send(builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
