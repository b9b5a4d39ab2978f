package agora.platform.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import agora.platform.contract.ProblemKind;
import agora.platform.core.Limits;
import agora.platform.core.problem.PlatformMessages;
import agora.platform.core.problem.ProblemException;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.Status;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reading failures {@link ProblemResponsesTest} leaves out, each as the client gets it: an empty
 * or blank body, a body without a JSON media type (and the {@code +json} types that are JSON), a
 * value of the wrong format or type deep in the document (with its pointer, escaped), trailing data
 * and duplicate keys, a constructor refusing a value; and what a response body looks like.
 */
@ServerTest
class JsonReadingTest {
    private static final Json JSON = new Json(new Limits(4096, 8, 200));
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final URI base;

    JsonReadingTest(URI base) {
        this.base = base;
    }

    enum Colour { RED, BLUE }

    record Event(String name, Instant at, Colour colour, List<Integer> sizes, int count) {
    }

    /** Refuses a code that is too long with its own problem, and "bad" as an invalid value. */
    record Code(String code) {
        Code {
            if (code.length() > 3) {
                throw new ProblemException(ProblemKind.CONFLICT, PlatformMessages.text("bad-request"));
            }
            if (code.equals("bad")) {
                throw new IllegalArgumentException("bad");
            }
        }
    }

    record Holder(Code inner) {
    }

    record Written(Instant at, Duration every, Optional<String> nothing) {
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        AgoraServer.configure(server, new AgoraServer.Settings("127.0.0.1", 0, 0, new Limits(4096, 8, 200)), JSON,
                routes -> routes
                        .post("/events", (req, res) -> JSON.write(res, Status.CREATED_201, JSON.read(req, Event.class)))
                        .post("/holders", (req, res) -> JSON.write(res, Status.CREATED_201, JSON.read(req, Holder.class)))
                        .get("/written", (req, res) -> JSON.write(res, Status.OK_200, new Written(
                                Instant.parse("2026-12-07T03:00:00Z"), Duration.ofSeconds(5), Optional.empty()))),
                operator -> { });
    }

    @Test
    void anEmptyOrBlankBodyIs400() throws Exception {
        JsonNode empty = problem(post("/events", HttpRequest.BodyPublishers.noBody(), "application/json"), 400,
                "malformed-json");
        assertEquals("The request body is empty; a JSON document was expected.", empty.get("detail").asText());
        JsonNode blank = problem(post("/events", "  \n ", "application/json"), 400, "malformed-json");
        assertEquals("The request body is empty; a JSON document was expected.", blank.get("detail").asText());
    }

    @Test
    void onlyJsonMediaTypesAreRead() throws Exception {
        String event = "{\"name\": \"a\", \"at\": \"2026-12-07T03:00:00Z\", \"colour\": \"RED\", \"sizes\": [1], \"count\": 2}";
        assertEquals(201, post("/events", event, "application/json; charset=utf-8").statusCode());
        assertEquals(201, post("/events", event, "application/merge-patch+json").statusCode());
        JsonNode text = problem(post("/events", event, "text/json"), 415, "unsupported-media-type");
        assertTrue(text.get("detail").asText().contains("\"text/json\""), text.toString());
        problem(post("/events", event, "application/jsonp"), 415, "unsupported-media-type");
        problem(post("/events", event, "application/x-json-ish"), 415, "unsupported-media-type");
        JsonNode none = problem(HTTP.send(HttpRequest.newBuilder(base.resolve("/events"))
                .POST(HttpRequest.BodyPublishers.ofString(event)).build(), HttpResponse.BodyHandlers.ofString()),
                415, "unsupported-media-type");
        assertTrue(none.get("detail").asText().contains("\"-\""), none.toString());
    }

    @Test
    void aValueOfTheWrongFormatIs422AtItsPointer() throws Exception {
        JsonNode time = problem(post("/events", "{\"at\": \"yesterday\"}", "application/json"), 422,
                "validation-failed");
        assertEquals("/at", time.at("/errors/0/pointer").asText());
        assertEquals("invalid-format", time.at("/errors/0/code").asText());
        assertEquals("This value cannot be read as Instant.", time.at("/errors/0/detail").asText());
        JsonNode colour = problem(post("/events", "{\"colour\": \"GREEN\"}", "application/json"), 422,
                "validation-failed");
        assertEquals("/colour", colour.at("/errors/0/pointer").asText());
        assertEquals("invalid-format", colour.at("/errors/0/code").asText());
    }

    @Test
    void aValueOfTheWrongTypeIs422AtItsPointerInsideLists() throws Exception {
        JsonNode size = problem(post("/events", "{\"sizes\": [1, [2]]}", "application/json"), 422,
                "validation-failed");
        assertEquals("/sizes/1", size.at("/errors/0/pointer").asText());
        assertEquals("invalid-type", size.at("/errors/0/code").asText());
        assertEquals("Expected a Integer here.", size.at("/errors/0/detail").asText());
        JsonNode fraction = problem(post("/events", "{\"count\": 1.5}", "application/json"), 422,
                "validation-failed");
        assertEquals("/count", fraction.at("/errors/0/pointer").asText());
        JsonNode missing = problem(post("/events", "{\"count\": null}", "application/json"), 422,
                "validation-failed");
        assertEquals("/count", missing.at("/errors/0/pointer").asText());
    }

    @Test
    void anUnknownFieldsPointerIsEscaped() throws Exception {
        JsonNode unknown = problem(post("/holders", "{\"a/b~c\": 1}", "application/json"), 422, "validation-failed");
        assertEquals("/a~1b~0c", unknown.at("/errors/0/pointer").asText());
        assertEquals("unknown-field", unknown.at("/errors/0/code").asText());
        assertEquals("Unknown field \"a/b~c\".", unknown.at("/errors/0/detail").asText());
    }

    @Test
    void trailingDataAndDuplicateKeysAre400() throws Exception {
        JsonNode trailing = problem(post("/events", "{\"name\": \"a\"} {}", "application/json"), 400, "malformed-json");
        assertEquals("The request body could not be read as JSON.", trailing.get("detail").asText());
        JsonNode duplicate = problem(post("/events", "{\"name\": \"a\",\n  \"name\": \"b\"}", "application/json"), 400,
                "malformed-json");
        assertTrue(duplicate.get("detail").asText().matches(".*\\(line 2, column [1-9][0-9]*\\)\\."),
                duplicate.toString());
        problem(post("/events", "{\"count\": 1" + "0".repeat(100) + "}", "application/json"), 400,
                "json-limit-exceeded");
    }

    @Test
    void aConstructorsRefusalIsItsOwnProblemOrAn422AtTheValue() throws Exception {
        problem(post("/holders", "{\"inner\": {\"code\": \"long\"}}", "application/json"), 409, "conflict");
        JsonNode invalid = problem(post("/holders", "{\"inner\": {\"code\": \"bad\"}}", "application/json"), 422,
                "validation-failed");
        assertEquals("/inner", invalid.at("/errors/0/pointer").asText());
        assertEquals("invalid", invalid.at("/errors/0/code").asText());
        HttpResponse<String> fine = post("/holders", "{\"inner\": {\"code\": \"ok\"}}", "application/json");
        assertEquals(201, fine.statusCode());
        assertEquals("{\"inner\":{\"code\":\"ok\"}}", fine.body());
    }

    @Test
    void timesAreWrittenAsRfc3339AndAbsentValuesAsNull() throws Exception {
        HttpResponse<String> written = HTTP.send(HttpRequest.newBuilder(base.resolve("/written")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("application/json", written.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("{\"at\":\"2026-12-07T03:00:00Z\",\"every\":\"PT5S\",\"nothing\":null}", written.body());
    }

    private HttpResponse<String> post(String path, String body, String contentType) throws Exception {
        return post(path, HttpRequest.BodyPublishers.ofString(body), contentType);
    }

    private HttpResponse<String> post(String path, HttpRequest.BodyPublisher body, String contentType)
            throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", contentType)
                .POST(body)
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode problem(HttpResponse<String> response, int status, String code) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
        JsonNode body = JSON.mapper().readTree(response.body());
        assertEquals(code, body.get("code").asText(), response.body());
        return body;
    }
}
