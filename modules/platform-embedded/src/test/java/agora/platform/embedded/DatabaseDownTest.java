package agora.platform.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import agora.platform.core.Limits;
import agora.platform.data.Database;
import agora.platform.data.DatabaseConfig;
import agora.platform.testing.Await;
import agora.platform.testing.LogCapture;
import agora.platform.web.AgoraServer;
import agora.platform.web.Json;

import io.helidon.http.Status;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Metrics;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * While PostgreSQL is down, requests do not each wait the pool's connect timeout: once a unit of
 * work has found it unreachable, the next ones get their 503 at once, until a probe finds it back;
 * the log says so once when it goes and once when it returns, not once per request.
 */
class DatabaseDownTest {
    private static final String USER = "agora";
    private static final String DATABASE = "pod";

    @TempDir
    Path temp;

    /** What was logged from the outage's start on. */
    private List<LogRecord> records = List.of();


    @Test
    void onceKnownDownRequestsAre503AtOnceUntilAProbeFindsItBack() throws Exception {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path cache = temp.resolve("postgres-" + EmbeddedPostgres.BINARIES_VERSION);
        Path data = temp.resolve("data/postgres");
        int port = freePort();
        EmbeddedPostgres postgres = EmbeddedPostgres.start(cache, data, port, USER, DATABASE);
        Json json = new Json(Limits.DEFAULT);
        try (Database database = Database.connect(new DatabaseConfig(postgres.jdbcUrl(), USER, "", 2,
                Duration.ofSeconds(3)))) {
            WebServer server = AgoraServer.start(new AgoraServer.Settings("127.0.0.1", 0, 0, Limits.DEFAULT), json,
                    routes -> routes.get("/api/one", (req, res) -> json.write(res, Status.OK_200, Map.of("one",
                            database.inGlobal(db -> db.get("SELECT 1 AS one").orElseThrow().column("one")
                                    .get(Integer.class))))),
                    operator -> { });
            LogCapture capture = LogCapture.of("");
            records = capture.records();
            try {
                URI one = URI.create("http://127.0.0.1:" + server.port() + "/api/one");
                assertEquals(200, get(one).statusCode());

                postgres.close();
                double unavailableBefore = count("agora.db.unavailable");
                double refusedBefore = count("agora.db.refused");
                for (int i = 0; i < 20; i++) {
                    long start = System.nanoTime();
                    HttpResponse<String> answer = get(one);
                    long millis = (System.nanoTime() - start) / 1_000_000;
                    assertEquals(503, answer.statusCode(), answer.body());
                    assertTrue(answer.body().contains("\"code\":\"unavailable\""), answer.body());
                    assertEquals("5", answer.headers().firstValue("Retry-After").orElse("(none)"));
                    if (i < 2 || i == 19) {
                        System.out.printf("request %d while down: 503 in %d ms%n", i + 1, millis);
                    }
                }
                // Only the first request found out the hard way; the others were refused at once.
                assertEquals(1.0, count("agora.db.unavailable") - unavailableBefore);
                assertEquals(19.0, count("agora.db.refused") - refusedBefore);
                int linesSoFar = records.size();
                for (int i = 0; i < 20; i++) {
                    assertEquals(503, get(one).statusCode());
                }
                assertEquals(List.of(), records.subList(linesSoFar, records.size()).stream()
                        .map(record -> record.getLoggerName() + ": " + record.getMessage()).toList(),
                        "requests during a known outage log nothing");

                postgres = EmbeddedPostgres.start(cache, data, port, USER, DATABASE);
                Await.until("it answers again once a probe finds the database back", Duration.ofSeconds(30),
                        () -> get(one).statusCode() == 200);
            } finally {
                capture.close();
                server.stop();
                postgres.close();
            }
        }
        // The pool may add a line per broken connection it drops (at most its size): never per request.
        List<String> outageLines = records.stream()
                .filter(record -> record.getLoggerName().startsWith("agora.platform.data"))
                .filter(record -> record.getLevel().intValue() >= Level.INFO.intValue())
                .map(record -> record.getLevel() + " " + record.getLoggerName() + ": " + record.getMessage())
                .toList();
        assertEquals(2, outageLines.size(), "one line when it went, one when it came back: " + outageLines);
        assertTrue(outageLines.get(0).startsWith("WARNING"), outageLines.toString());
        assertTrue(outageLines.get(1).startsWith("INFO"), outageLines.toString());
    }

    private static double count(String name) {
        return Metrics.globalRegistry().meters().stream()
                .filter(meter -> meter instanceof Counter && meter.id().name().equals(name))
                .mapToDouble(meter -> ((Counter) meter).count())
                .sum();
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
