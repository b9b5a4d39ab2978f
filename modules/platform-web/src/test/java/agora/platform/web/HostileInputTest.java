package agora.platform.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import agora.platform.contract.ProblemKind;
import agora.platform.core.Limits;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.Status;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whatever text a client sends, the answer is a 4xx problem with a pointer, never a 500 and never
 * a silently altered value: {@code null} for a whole body, NUL characters (PostgreSQL refuses them),
 * lone UTF-16 surrogates (which would be stored and hashed as {@code ?}), also in query parameters;
 * and answers refused before routing carry {@code nosniff} like every other answer.
 */
@ServerTest
class HostileInputTest {
    private static final Json JSON = new Json(Limits.DEFAULT);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final URI base;

    HostileInputTest(URI base) {
        this.base = base;
    }

    record Note(String text, List<String> tags) {
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        AgoraServer.configure(server, new AgoraServer.Settings("127.0.0.1", 0, 0, Limits.DEFAULT), JSON,
                routes -> routes
                        .post("/notes", (req, res) -> {
                            Note note = JSON.read(req, Note.class);
                            JSON.write(res, Status.CREATED_201, new Note(note.text().strip(), note.tags()));
                        })
                        .get("/notes", (req, res) -> JSON.write(res, Status.OK_200,
                                List.of(req.query().first("text").orElse("")))),
                operator -> { });
    }

    @Test
    void aNullBodyIs422ForTheWholeDocument() throws Exception {
        JsonNode problem = problem(post("null"), 422, "validation-failed");
        assertEquals("", problem.at("/errors/0/pointer").asText());
        assertEquals("invalid-type", problem.at("/errors/0/code").asText());
    }

    @Test
    void aNulCharacterIs422AtItsField() throws Exception {
        JsonNode problem = problem(post("{\"text\": \"a\\u0000b\", \"tags\": [\"ok\", \"x\\u0000\"]}"), 422,
                "validation-failed");
        assertEquals(2, problem.get("errors").size(), problem.toString());
        assertEquals("/text", problem.at("/errors/0/pointer").asText());
        assertEquals("invalid-character", problem.at("/errors/0/code").asText());
        assertEquals("/tags/1", problem.at("/errors/1/pointer").asText());
    }

    @Test
    void aLoneSurrogateIs422AtItsField() throws Exception {
        JsonNode escaped = problem(post("{\"text\": \"violet\\ud800harbour-42\", \"tags\": []}"), 422,
                "validation-failed");
        assertEquals("/text", escaped.at("/errors/0/pointer").asText());
        assertEquals("invalid-character", escaped.at("/errors/0/code").asText());
        JsonNode reversed = problem(post("{\"text\": \"\\udc00\\ud800\", \"tags\": []}"), 422, "validation-failed");
        assertEquals("/text", reversed.at("/errors/0/pointer").asText());
        // The same surrogate sent as raw (CESU-8) bytes instead of an escape.
        byte[] raw = concat("{\"text\": \"violet".getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                "harbour-42\", \"tags\": []}".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(base.resolve("/notes"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(raw)).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(response.statusCode() == 400 || response.statusCode() == 422, response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void aNulInAFieldNameIsRefusedToo() throws Exception {
        JsonNode problem = problem(post("{\"te\\u0000xt\": \"a\", \"tags\": []}"), 422, "validation-failed");
        assertEquals("invalid-character", problem.at("/errors/0/code").asText());
    }

    @Test
    void surrogatePairsAndMarkupAreOrdinaryText() throws Exception {
        HttpResponse<String> response = post("{\"text\": \"\\ud83d\\ude00 <script>alert(1)</script>\", \"tags\": []}");
        assertEquals(201, response.statusCode(), response.body());
        assertEquals("\uD83D\uDE00 <script>alert(1)</script>", JSON.mapper().readTree(response.body()).get("text").asText());
        assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElseThrow());
    }

    @Test
    void aNulInAQueryParameterIs400NamingIt() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(base.resolve("/notes?text=a%00b")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode problem = problem(response, 400, "invalid-parameter");
        assertEquals("text", problem.at("/errors/0/parameter").asText());
        assertEquals("invalid-character", problem.at("/errors/0/code").asText());
    }

    @Test
    void aNulInThePathIs400() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(base.resolve("/notes%00")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        problem(response, 400, "bad-request");
    }

    @Test
    void answersRefusedBeforeRoutingAreNotSniffedEither() throws Exception {
        HttpResponse<String> tooLong = HTTP.send(HttpRequest.newBuilder(base.resolve("/notes?text=" + "x".repeat(9000)))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(414, tooLong.statusCode(), tooLong.body());
        assertEquals("nosniff", tooLong.headers().firstValue("X-Content-Type-Options").orElse("(none)"));
        assertEquals("application/problem+json", tooLong.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("uri-too-long", JSON.mapper().readTree(tooLong.body()).get("code").asText());
    }

    private HttpResponse<String> post(String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve("/notes"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    private static JsonNode problem(HttpResponse<String> response, int status, String code) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
        JsonNode body = JSON.mapper().readTree(response.body());
        assertEquals(code, body.get("code").asText(), response.body());
        assertEquals(ProblemKind.TYPE_PREFIX + code, body.get("type").asText());
        return body;
    }
}
