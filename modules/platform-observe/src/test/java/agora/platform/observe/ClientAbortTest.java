package agora.platform.observe;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import agora.platform.core.Limits;
import agora.platform.testing.Await;
import agora.platform.testing.LogCapture;
import agora.platform.web.AgoraServer;
import agora.platform.web.Json;

import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that vanishes halfway through sending its body is the client's doing: no incident in
 * the log and no 500 in the metrics or the access log (which would page someone for nothing), but
 * a client abort, counted as 499.
 */
class ClientAbortTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private LogCapture capture;
    private List<LogRecord> records;
    private WebServer server;

    @BeforeEach
    void start() {
        Json json = new Json(Limits.DEFAULT);
        WebServerConfig.Builder builder = WebServer.builder();
        AgoraServer.configure(builder, new AgoraServer.Settings("127.0.0.1", 0, 0, Limits.DEFAULT), json,
                routes -> routes
                        .post("/api/abort-test", (req, res) -> json.write(res, Status.CREATED_201,
                                json.read(req, Map.class)))
                        .get("/api/big-answer", (req, res) -> res.send(new byte[32 * 1024 * 1024])),
                operator -> { });
        Observability.install(builder, List.of());
        server = builder.build().start();
        // After the start: Helidon configures logging as it starts, which drops handlers added before.
        capture = LogCapture.of("");
        records = capture.records();
    }

    @AfterEach
    void stop() {
        server.stop();
        capture.close();
    }

    @Test
    void aClientThatDropsAHalfSentBodyIsAClientAbortNotAnIncident() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/abort-test HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000\r\n\r\n{\"note\": \"the rest never comes").getBytes(StandardCharsets.UTF_8));
            out.flush();
            // Not a wait for a condition: the client holds the half-sent body open a moment, as a
            // phone losing its signal does, so the server is inside the body's read when it goes.
            Thread.sleep(200);
        }
        String counted = await(() -> line(metrics(), "http_server_requests_seconds_count", "route=\"/api/abort-test\""));
        assertTrue(counted.contains("status_class=\"4xx\""), counted);
        String accessLog = await(() -> records.stream()
                .filter(record -> record.getLoggerName().startsWith("io.helidon.webserver.AccessLog"))
                .map(LogRecord::getMessage).filter(message -> message.contains("POST /api/abort-test"))
                .findFirst().orElse(""));
        assertTrue(accessLog.contains(" 499 "), accessLog);
        assertEquals(List.of(), records.stream()
                .filter(record -> record.getLevel().intValue() >= Level.WARNING.intValue())
                .map(record -> record.getLoggerName() + ": " + record.getMessage())
                .toList(), "nothing worth a warning happened on our side");
    }

    @Test
    void aClientThatLeavesDuringTheAnswerIsNoIncidentEither() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.getOutputStream().write("GET /api/big-answer HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                    .getBytes(StandardCharsets.UTF_8));
            socket.getInputStream().readNBytes(100);
        }
        String counted = await(() -> line(metrics(), "http_server_requests_seconds_count", "route=\"/api/big-answer\""));
        assertTrue(!counted.contains("status_class=\"5xx\""), counted);
        // An absence has no event to wait for: a warning would come from the same request's
        // thread, right after the metric; half a second is ample room for it to show.
        Thread.sleep(500);
        assertEquals(List.of(), records.stream()
                .filter(record -> record.getLevel().intValue() >= Level.WARNING.intValue())
                .map(record -> record.getLoggerName() + ": " + record.getMessage())
                .toList(), "nothing worth a warning happened on our side");
    }

    private String metrics() throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/observe/metrics"))
                .header("Accept", "text/plain").build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String line(String metrics, String name, String label) {
        return metrics.lines().filter(line -> line.startsWith(name + "{") && line.contains(label)).findFirst().orElse("");
    }

    /** The first non-empty answer of a probe, within 10 s. */
    private static String await(Await.Probe<String> probe) {
        return Await.until("it shows", Duration.ofSeconds(10), probe, found -> !found.isEmpty());
    }
}
