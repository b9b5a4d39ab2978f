package agora.platform.web.idempotency;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import agora.platform.contract.ProblemKind;
import agora.platform.core.Limits;
import agora.platform.core.problem.PlatformMessages;
import agora.platform.core.problem.ProblemException;
import agora.platform.web.AgoraServer;
import agora.platform.web.Json;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code Idempotency-Key} as a client sees it on a real server: the first answer again, marked
 * replayed, for a retry; 422 for the key reused on another request, 409 with {@code Retry-After}
 * while the first is running, 400 for a key that is no key; a failed first request leaves the key
 * free. The store is the interface's contract kept in memory (the PostgreSQL one lives in
 * platform-data, which builds on this module, and is tested there).
 */
@ServerTest
class IdempotencyTest {
    private static final Json JSON = new Json(Limits.DEFAULT);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final MemoryStore STORE = new MemoryStore();
    private static final Idempotency IDEMPOTENCY = new Idempotency(STORE, JSON, Clock.systemUTC());
    private static final AtomicInteger MADE = new AtomicInteger();
    private static volatile CountDownLatch hold = new CountDownLatch(0);
    private static volatile CountDownLatch entered = new CountDownLatch(0);

    private final URI base;

    IdempotencyTest(URI base) {
        this.base = base;
    }

    record Order(String name) {
    }

    record Made(int id, String name, String secret) {
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        AgoraServer.configure(server, new AgoraServer.Settings("127.0.0.1", 0, 0, Limits.DEFAULT), JSON,
                routes -> routes
                        .post("/orders", (req, res) -> IDEMPOTENCY.respond(req, res, "caller-1", () -> {
                            Order order = JSON.read(req, Order.class);
                            entered.countDown();
                            await(hold);
                            if (order.name().equals("refused")) {
                                throw new ProblemException(ProblemKind.CONFLICT, PlatformMessages.text("bad-request"));
                            }
                            int id = MADE.incrementAndGet();
                            return Reply.created(URI.create("/orders/" + id), new Made(id, order.name(), "s3cret"))
                                    .replayedAs(new Made(id, order.name(), null));
                        }))
                        .post("/counts", (req, res) -> IDEMPOTENCY.respond(req, res, "caller-1",
                                () -> Reply.ok(new Made(MADE.incrementAndGet(), "count", null)))),
                operator -> { });
    }

    @BeforeEach
    void release() {
        hold = new CountDownLatch(0);
        entered = new CountDownLatch(0);
    }

    @Test
    void withoutAKeyEveryRequestCreates() throws Exception {
        HttpResponse<String> first = post("/orders", null, "{\"name\": \"a\"}");
        HttpResponse<String> second = post("/orders", null, "{\"name\": \"a\"}");
        assertEquals(201, first.statusCode(), first.body());
        assertEquals("application/json", first.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(first.headers().firstValue("Location").orElseThrow().startsWith("/orders/"));
        assertEquals(id(first) + 1, id(second));
        assertFalse(second.headers().firstValue(Idempotency.REPLAYED_HEADER.defaultCase()).isPresent());
    }

    @Test
    void aRetryWithTheKeyGetsTheFirstAnswerMarkedReplayedWithoutItsSecret() throws Exception {
        HttpResponse<String> first = post("/orders", "retry-1", "{\"name\": \"a\"}");
        assertEquals(201, first.statusCode(), first.body());
        assertEquals("s3cret", JSON.mapper().readTree(first.body()).get("secret").asText());
        assertFalse(first.headers().firstValue("Idempotency-Replayed").isPresent());
        int made = MADE.get();

        HttpResponse<String> again = post("/orders", "retry-1", "{\"name\": \"a\"}");
        assertEquals(201, again.statusCode(), again.body());
        assertEquals("true", again.headers().firstValue("Idempotency-Replayed").orElseThrow());
        assertEquals(first.headers().firstValue("Location"), again.headers().firstValue("Location"));
        assertEquals("application/json", again.headers().firstValue("Content-Type").orElseThrow());
        JsonNode replayed = JSON.mapper().readTree(again.body());
        assertEquals(id(first), replayed.get("id").asInt());
        assertTrue(replayed.get("secret").isNull(), "the secret is sent once, never kept: " + again.body());
        assertEquals(made, MADE.get(), "the handler ran once");
    }

    @Test
    void aReplayKeepsTheFirstStatus() throws Exception {
        HttpResponse<String> first = post("/counts", "count-1", "{}");
        HttpResponse<String> again = post("/counts", "count-1", "{}");
        assertEquals(200, first.statusCode());
        assertEquals(200, again.statusCode());
        assertEquals(first.body(), again.body());
        assertFalse(again.headers().firstValue("Location").isPresent());
    }

    @Test
    void theSameKeyOnAnotherRouteIsAnotherKey() throws Exception {
        assertEquals(201, post("/orders", "shared-1", "{\"name\": \"a\"}").statusCode());
        HttpResponse<String> other = post("/counts", "shared-1", "{\"name\": \"a\"}");
        assertEquals(200, other.statusCode(), other.body());
        assertFalse(other.headers().firstValue("Idempotency-Replayed").isPresent());
    }

    @Test
    void theKeyReusedForAnotherRequestIs422() throws Exception {
        assertEquals(201, post("/orders", "reuse-1", "{\"name\": \"a\"}").statusCode());
        problem(post("/orders", "reuse-1", "{\"name\": \"b\"}"), 422, "idempotency-key-reused");
    }

    @Test
    void aRetryWhileTheFirstRunsIs409WithRetryAfter() throws Exception {
        hold = new CountDownLatch(1);
        entered = new CountDownLatch(1);
        CompletableFuture<HttpResponse<String>> first = HTTP.sendAsync(request("/orders", "slow-1",
                "{\"name\": \"a\"}"), HttpResponse.BodyHandlers.ofString());
        assertTrue(entered.await(30, TimeUnit.SECONDS), "the first request reached its handler");
        HttpResponse<String> second = post("/orders", "slow-1", "{\"name\": \"a\"}");
        hold.countDown();
        problem(second, 409, "idempotency-key-in-progress");
        assertEquals("1", second.headers().firstValue("Retry-After").orElseThrow());
        assertEquals(201, first.get(30, TimeUnit.SECONDS).statusCode());
    }

    @Test
    void aFailedFirstRequestLeavesTheKeyFree() throws Exception {
        problem(post("/orders", "failed-1", "{\"name\": \"refused\"}"), 409, "conflict");
        assertFalse(STORE.holds("failed-1"), "released");
        problem(post("/orders", "failed-1", "{\"name\": \"refused\"}"), 409, "conflict");
    }

    @Test
    void aKeyMustBeOneTo255VisibleCharacters() throws Exception {
        assertEquals(201, post("/orders", "!~" + "k".repeat(253), "{\"name\": \"a\"}").statusCode());
        problem(post("/orders", "k".repeat(256), "{\"name\": \"a\"}"), 400, "invalid-idempotency-key");
        problem(post("/orders", "two words", "{\"name\": \"a\"}"), 400, "invalid-idempotency-key");
        problem(post("/orders", "", "{\"name\": \"a\"}"), 400, "invalid-idempotency-key");
    }

    private HttpRequest request(String path, String key, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            builder.header("Idempotency-Key", key);
        }
        return builder.build();
    }

    private HttpResponse<String> post(String path, String key, String body) throws Exception {
        return HTTP.send(request(path, key, body), HttpResponse.BodyHandlers.ofString());
    }

    private static int id(HttpResponse<String> response) throws Exception {
        return JSON.mapper().readTree(response.body()).get("id").asInt();
    }

    private static void problem(HttpResponse<String> response, int status, String code) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(code, JSON.mapper().readTree(response.body()).get("code").asText(), response.body());
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never let the request go on");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The store's contract in memory: a claim is atomic, a release frees an unanswered key. */
    static final class MemoryStore implements IdempotencyStore {
        private record Entry(String fingerprint, Optional<StoredReply> reply) {
        }

        private final Map<String, Entry> entries = new HashMap<>();

        @Override
        public synchronized Claim claim(String scope, String key, String fingerprint, Instant now) {
            Entry entry = entries.get(scope + "\n" + key);
            if (entry == null) {
                entries.put(scope + "\n" + key, new Entry(fingerprint, Optional.empty()));
                return new Claim.Fresh();
            }
            if (!entry.fingerprint().equals(fingerprint)) {
                return new Claim.Mismatch();
            }
            return entry.reply().<Claim>map(Claim.Replay::new).orElseGet(Claim.InProgress::new);
        }

        @Override
        public synchronized void complete(String scope, String key, StoredReply reply, Instant now) {
            entries.computeIfPresent(scope + "\n" + key, (k, entry) -> new Entry(entry.fingerprint(), Optional.of(reply)));
        }

        @Override
        public synchronized void release(String scope, String key) {
            entries.remove(scope + "\n" + key);
        }

        synchronized boolean holds(String key) {
            return entries.keySet().stream().anyMatch(entry -> entry.endsWith("\n" + key));
        }
    }
}
