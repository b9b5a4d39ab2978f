package agora.platform.data;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import agora.platform.contract.TerritoryCode;
import agora.platform.core.Limits;
import agora.platform.core.problem.FieldError;
import agora.platform.core.problem.PlatformMessages;
import agora.platform.core.problem.Validation;
import agora.platform.testing.Body;
import agora.platform.web.AgoraServer;
import agora.platform.web.idempotency.Reply;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A creating POST retried with the same Idempotency-Key creates once and answers the same. */
@ServerTest
class IdempotencyTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final TerritoryCode TERRITORY = TerritoryCode.of("PT");

    private final URI base;

    IdempotencyTest(URI base) {
        this.base = base;
    }

    record NewNote(String author, String body) {
    }

    record Note(UUID id, String author, String body, Instant createdAt) {
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        Platform platform = TestPlatform.get();
        TestPlatform.territory("PT", "active", List.of());
        AgoraServer.configure(server, new AgoraServer.Settings("127.0.0.1", 0, 0, Limits.DEFAULT), platform.json(),
                routes -> routes.post("/notes", (req, res) -> {
                    TerritoryCode territory = TERRITORY;
                    platform.idempotency().respond(req, res, territory.value(), () -> {
                        NewNote request = platform.json().read(req, NewNote.class);
                        new Validation().check(request.body() != null && !request.body().isBlank(),
                                FieldError.body("/body", "required", PlatformMessages.text("field.invalid")))
                                .throwIfInvalid();
                        Note note = new Note(platform.ids().next(), request.author(), request.body(),
                                platform.clock().instant());
                        platform.database().runInTerritory(territory, db -> db.insert(
                                "INSERT INTO notes (id, author, body, created_at) VALUES (?, ?, ?, ?)",
                                note.id(), note.author(), note.body(), Database.timestamp(note.createdAt())));
                        return Reply.created(URI.create("/notes/" + note.id()), note);
                    });
                }).post("/secrets", (req, res) -> platform.idempotency().respond(req, res, TERRITORY.value(), () -> {
                    String secret = UUID.randomUUID().toString();
                    return Reply.created(URI.create("/secrets/1"), Map.of("id", "1", "secret", secret))
                            .replayedAs(Map.of("id", "1"));
                })),
                operator -> { });
    }

    @Test
    void replayReturnsTheFirstAnswerAndCreatesOnce() throws Exception {
        String author = "replay-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        HttpResponse<String> first = post(key, Body.of("author", author, "body", "hi"));
        HttpResponse<String> second = post(key, Body.of("author", author, "body", "hi"));
        assertEquals(201, first.statusCode(), first.body());
        assertEquals(201, second.statusCode(), second.body());
        assertEquals(first.body(), second.body());
        assertEquals(first.headers().firstValue("Location"), second.headers().firstValue("Location"));
        assertEquals("true", second.headers().firstValue("Idempotency-Replayed").orElseThrow());
        assertFalse(first.headers().firstValue("Idempotency-Replayed").isPresent());
        assertEquals(1, notesBy(author));
    }

    @Test
    void aSecretInTheFirstAnswerIsNeitherReplayedNorKept() throws Exception {
        String key = UUID.randomUUID().toString();
        HttpResponse<String> first = send("/secrets", key, Body.of().toString());
        HttpResponse<String> replay = send("/secrets", key, Body.of().toString());
        String secret = json(first).get("secret").asText();
        assertEquals(201, replay.statusCode());
        assertEquals("true", replay.headers().firstValue("Idempotency-Replayed").orElseThrow());
        assertEquals("1", json(replay).get("id").asText());
        assertFalse(json(replay).has("secret"), replay.body());
        long kept = TestPlatform.get().database().inGlobal(db -> db.get(
                "SELECT count(*) AS n FROM global.idempotency_keys WHERE position(? in convert_from(body, 'UTF8')) > 0",
                secret).orElseThrow().column("n").get(Long.class));
        assertEquals(0, kept, "the secret is not stored");
    }

    @Test
    void withoutKeyEveryPostCreates() throws Exception {
        String author = "nokey-" + UUID.randomUUID();
        post(null, Body.of("author", author, "body", "hi"));
        post(null, Body.of("author", author, "body", "hi"));
        assertEquals(2, notesBy(author));
    }

    @Test
    void sameKeyForAnotherRequestIs422() throws Exception {
        String key = UUID.randomUUID().toString();
        post(key, Body.of("author", "a", "body", "one"));
        HttpResponse<String> reused = post(key, Body.of("author", "a", "body", "two"));
        assertEquals(422, reused.statusCode());
        assertEquals("idempotency-key-reused", json(reused).get("code").asText());
    }

    @Test
    void aRefusedRequestReleasesItsKey() throws Exception {
        String author = "retry-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        assertEquals(422, post(key, Body.of("author", author, "body", "")).statusCode());
        assertEquals(201, post(key, Body.of("author", author, "body", "fixed")).statusCode());
        assertEquals(1, notesBy(author));
    }

    @Test
    void invalidKeyIs400() throws Exception {
        HttpResponse<String> response = post("x".repeat(300), Body.of("author", "a", "body", "b"));
        assertEquals(400, response.statusCode());
        assertEquals("invalid-idempotency-key", json(response).get("code").asText());
    }

    @Test
    void concurrentRetriesCreateOnce() throws Exception {
        String author = "race-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        JsonNode body = Body.of("author", author, "body", "race");
        List<Integer> statuses = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Callable<HttpResponse<String>> call = () -> post(key, body);
                responses.add(pool.submit(call));
            }
            for (Future<HttpResponse<String>> response : responses) {
                statuses.add(response.get().statusCode());
            }
        }
        assertEquals(1, notesBy(author));
        assertTrue(statuses.stream().allMatch(status -> status == 201 || status == 409), statuses.toString());
        assertTrue(statuses.contains(201), statuses.toString());
    }

    private HttpResponse<String> post(String key, JsonNode body) throws Exception {
        return send("/notes", key, body.toString());
    }

    private HttpResponse<String> send(String path, String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return TestPlatform.get().json().mapper().readTree(response.body());
    }

    private static long notesBy(String author) {
        return TestPlatform.get().database().inTerritory(TERRITORY, db -> db.get(
                "SELECT count(*) AS n FROM notes WHERE author = ?", author).orElseThrow().column("n").get(Long.class));
    }
}
