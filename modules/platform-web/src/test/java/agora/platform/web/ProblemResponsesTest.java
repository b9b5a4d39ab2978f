package agora.platform.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import agora.platform.contract.ProblemKind;
import agora.platform.core.Limits;
import agora.platform.core.problem.FieldError;
import agora.platform.core.problem.PlatformMessages;
import agora.platform.core.problem.ProblemException;
import agora.platform.core.problem.Validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.Status;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every kind of failure reaches the client as problem+json with the right status and code. */
@ServerTest
class ProblemResponsesTest {
    private static final Json JSON = new Json(new Limits(2048, 5, 200));
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final URI base;

    ProblemResponsesTest(URI base) {
        this.base = base;
    }

    record Thing(String name, int count) {
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        AgoraServer.configure(server, new AgoraServer.Settings("127.0.0.1", 0, 0, new Limits(2048, 5, 200)), JSON,
                routes -> routes
                        .post("/things", (req, res) -> {
                            Thing thing = JSON.read(req, Thing.class);
                            new Validation()
                                    .check(thing.name() != null && !thing.name().isBlank(),
                                            FieldError.body("/name", "required", PlatformMessages.text("field.invalid")))
                                    .check(thing.count() >= 0,
                                            FieldError.body("/count", "negative", PlatformMessages.text("field.invalid")))
                                    .throwIfInvalid();
                            JSON.write(res, Status.CREATED_201, thing);
                        })
                        .get("/things", (req, res) -> JSON.write(res, Status.OK_200, List.of()))
                        .get("/boom", (req, res) -> {
                            throw new IllegalStateException("secret internals: password=hunter2");
                        })
                        .get("/problems/{status}", (req, res) -> {
                            ProblemKind kind = switch (req.path().pathParameters().get("status")) {
                                case "401" -> ProblemKind.UNAUTHENTICATED;
                                case "403" -> ProblemKind.FORBIDDEN;
                                case "409" -> ProblemKind.CONFLICT;
                                case "429" -> ProblemKind.TOO_MANY_REQUESTS;
                                default -> ProblemKind.UNAVAILABLE;
                            };
                            ProblemException problem = new ProblemException(kind, PlatformMessages.text("bad-request"));
                            if (kind.status() == 429 || kind.status() == 503) {
                                problem.header("Retry-After", "7");
                            }
                            throw problem;
                        }),
                operator -> operator.get("/operator/ping", (req, res) -> res.send("pong")));
    }

    @Test
    void malformedJsonIs400() throws Exception {
        HttpResponse<String> response = post("/things", "{\"name\": ", "application/json");
        JsonNode problem = problem(response, 400, "malformed-json");
        assertTrue(problem.get("detail").asText().contains("line 1"), problem.toString());
    }

    @Test
    void unknownFieldIs422WithPointer() throws Exception {
        HttpResponse<String> response = post("/things", "{\"name\": \"a\", \"count\": 1, \"colour\": \"red\"}",
                "application/json");
        JsonNode problem = problem(response, 422, "validation-failed");
        assertEquals("/colour", problem.at("/errors/0/pointer").asText());
        assertEquals("unknown-field", problem.at("/errors/0/code").asText());
    }

    @Test
    void wrongTypeIs422WithPointer() throws Exception {
        JsonNode problem = problem(post("/things", "{\"name\": \"a\", \"count\": \"many\"}", "application/json"),
                422, "validation-failed");
        assertEquals("/count", problem.at("/errors/0/pointer").asText());
    }

    @Test
    void everyInvalidFieldIsListed() throws Exception {
        JsonNode problem = problem(post("/things", "{\"name\": \" \", \"count\": -1}", "application/json"),
                422, "validation-failed");
        assertEquals(2, problem.get("errors").size());
        assertEquals("/name", problem.at("/errors/0/pointer").asText());
        assertEquals("/count", problem.at("/errors/1/pointer").asText());
    }

    @Test
    void validBodyIsAccepted() throws Exception {
        HttpResponse<String> response = post("/things", "{\"name\": \"a\", \"count\": 2}", "application/json");
        assertEquals(201, response.statusCode());
        assertEquals("a", JSON.mapper().readTree(response.body()).get("name").asText());
    }

    @Test
    void unknownRouteIs404() throws Exception {
        JsonNode problem = problem(get("/nowhere", "en"), 404, "no-such-route");
        assertEquals("/nowhere", problem.get("instance").asText());
    }

    @Test
    void wrongMethodIs405WithAllow() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(base.resolve("/things"))
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        problem(response, 405, "method-not-allowed");
        assertEquals("GET, OPTIONS, POST", response.headers().firstValue("Allow").orElseThrow());
    }

    @Test
    void bodyTooLargeIs413() throws Exception {
        problem(post("/things", "{\"name\": \"" + "x".repeat(5000) + "\"}", "application/json"), 413,
                "payload-too-large");
    }

    @Test
    void nonJsonBodyIs415() throws Exception {
        problem(post("/things", "name=a", "application/x-www-form-urlencoded"), 415, "unsupported-media-type");
    }

    @Test
    void tooDeepJsonIs400() throws Exception {
        problem(post("/things", "{\"name\": [[[[[[[[\"a\"]]]]]]]]}", "application/json"), 400, "json-limit-exceeded");
    }

    @Test
    void tooLongStringIs400() throws Exception {
        problem(post("/things", "{\"name\": \"" + "y".repeat(300) + "\"}", "application/json"), 400,
                "json-limit-exceeded");
    }

    @Test
    void domainProblemsKeepTheirStatusAndHeaders() throws Exception {
        problem(get("/problems/401", "en"), 401, "unauthenticated");
        problem(get("/problems/403", "en"), 403, "forbidden");
        problem(get("/problems/409", "en"), 409, "conflict");
        HttpResponse<String> throttled = get("/problems/429", "en");
        problem(throttled, 429, "too-many-requests");
        assertEquals("7", throttled.headers().firstValue("Retry-After").orElseThrow());
        problem(get("/problems/503", "en"), 503, "unavailable");
    }

    @Test
    void unexpectedExceptionIs500RevealingNothing() throws Exception {
        HttpResponse<String> response = get("/boom", "en");
        JsonNode problem = problem(response, 500, "internal-error");
        assertFalse(response.body().contains("hunter2"), response.body());
        assertFalse(response.body().contains("IllegalStateException"), response.body());
        assertFalse(response.body().contains("agora.platform"), response.body());
        assertTrue(problem.get("detail").asText().matches(".*incident [0-9a-f-]{36}.*"), problem.toString());
    }

    @Test
    void detailFollowsAcceptLanguage() throws Exception {
        assertEquals("There is nothing at /nowhere.", problem(get("/nowhere", "en"), 404, "no-such-route")
                .get("detail").asText());
        HttpResponse<String> danish = get("/nowhere", "da, en;q=0.5");
        assertEquals("Der er intet på /nowhere.", problem(danish, 404, "no-such-route").get("detail").asText());
        assertEquals("da", danish.headers().firstValue("Content-Language").orElseThrow());
        assertEquals("Det finns inget på /nowhere.", problem(get("/nowhere", "sv-SE"), 404, "no-such-route")
                .get("detail").asText());
        assertEquals("Det finst ingenting på /nowhere.", problem(get("/nowhere", "nn"), 404, "no-such-route")
                .get("detail").asText());
        // A language without a translation of this key falls back to English, not to the JVM's locale.
        assertEquals("There is nothing at /nowhere.", problem(get("/nowhere", "de"), 404, "no-such-route")
                .get("detail").asText());
    }

    @Test
    void operatorRoutesAreNotOnThePublicListener() throws Exception {
        problem(get("/operator/ping", "en"), 404, "no-such-route");
    }

    private HttpResponse<String> post(String path, String body, String contentType) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String language) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path))
                .header("Accept-Language", language)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode problem(HttpResponse<String> response, int status, String code) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
        JsonNode body = JSON.mapper().readTree(response.body());
        assertEquals(code, body.get("code").asText(), response.body());
        assertEquals(status, body.get("status").asInt());
        assertEquals(ProblemKind.TYPE_PREFIX + code, body.get("type").asText());
        assertTrue(body.hasNonNull("title") && body.hasNonNull("detail"), response.body());
        return body;
    }
}
