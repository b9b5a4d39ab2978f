package agora.platform.web;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import agora.platform.contract.ProblemKind;
import agora.platform.core.Limits;
import agora.platform.core.problem.PlatformMessages;
import agora.platform.core.problem.ProblemException;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.HeaderValues;
import io.helidon.http.HttpException;
import io.helidon.http.Status;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Statuses the server raises itself, in a handler ({@link HttpException}) or before any route (a
 * request it cannot parse, headers too large), become the problem a client can act on, with the
 * headers the exception carried, in the client's language, never sniffable; a server-side status
 * becomes a 500 with an incident id only; a problem wrapped by a library keeps its status.
 */
@ServerTest
class ProblemMappingTest {
    private static final Json JSON = new Json(Limits.DEFAULT);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final URI base;

    ProblemMappingTest(URI base) {
        this.base = base;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        AgoraServer.configure(server, new AgoraServer.Settings("127.0.0.1", 0, 0, Limits.DEFAULT), JSON,
                routes -> routes
                        .get("/raised/{status}", (req, res) -> {
                            int status = Integer.parseInt(req.path().pathParameters().get("status"));
                            throw new HttpException("raised by the server", Status.create(status))
                                    .header(HeaderValues.create("Retry-After", "9"));
                        })
                        .get("/wrapped", (req, res) -> {
                            throw new IllegalStateException("a pool's callback failed", new RuntimeException(
                                    new ProblemException(ProblemKind.CONFLICT, PlatformMessages.text("bad-request"))));
                        }),
                operator -> { });
    }

    @Test
    void eachStatusTheServerRaisesIsItsProblem() throws Exception {
        assertEquals("bad-request", problem(get("/raised/400", "en"), 400).get("code").asText());
        assertEquals("no-such-route", problem(get("/raised/404", "en"), 404).get("code").asText());
        assertEquals("method-not-allowed", problem(get("/raised/405", "en"), 405).get("code").asText());
        assertEquals("payload-too-large", problem(get("/raised/413", "en"), 413).get("code").asText());
        assertEquals("uri-too-long", problem(get("/raised/414", "en"), 414).get("code").asText());
        assertEquals("unsupported-media-type", problem(get("/raised/415", "en"), 415).get("code").asText());
        assertEquals("headers-too-large", problem(get("/raised/431", "en"), 431).get("code").asText());
    }

    @Test
    void anotherClientErrorKeepsItsStatusAndHeaders() throws Exception {
        HttpResponse<String> teapot = get("/raised/418", "en");
        JsonNode problem = problem(teapot, 418);
        assertEquals("http-418", problem.get("code").asText());
        assertEquals("Request refused", problem.get("title").asText());
        assertEquals("9", teapot.headers().firstValue("Retry-After").orElseThrow());
        assertEquals("/raised/418", problem.get("instance").asText());
        assertEquals("http-499", problem(get("/raised/499", "en"), 499).get("code").asText());
    }

    @Test
    void aServerSideStatusIsAnIncident() throws Exception {
        for (int status : new int[] {500, 503}) {
            HttpResponse<String> response = get("/raised/" + status, "en");
            JsonNode problem = problem(response, 500);
            assertEquals("internal-error", problem.get("code").asText());
            assertTrue(problem.get("detail").asText().matches(".*incident [0-9a-f-]{36}.*"), problem.toString());
            assertFalse(response.body().contains("raised by the server"), response.body());
            assertFalse(response.headers().firstValue("Retry-After").isPresent(), "status " + status);
        }
    }

    @Test
    void aStatusBelow400IsNoClientErrorEither() throws Exception {
        assertEquals("internal-error", problem(get("/raised/399", "en"), 500).get("code").asText());
    }

    @Test
    void aProblemWrappedByALibraryKeepsItsStatus() throws Exception {
        assertEquals("conflict", problem(get("/wrapped", "en"), 409).get("code").asText());
    }

    @Test
    void anAddressTooLongIsRefusedBeforeRoutingAsAProblem() throws Exception {
        String answer = raw("GET /x" + "y".repeat(10_000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 414 "), answer);
        String headers = headers(answer);
        assertTrue(headers.contains("\ncontent-language: en"), headers);
        assertTrue(headers.contains("\ncontent-type: application/problem+json"), headers);
        assertTrue(headers.contains("\nx-content-type-options: nosniff"), headers);
        JsonNode problem = JSON.mapper().readTree(body(answer));
        assertEquals("uri-too-long", problem.get("code").asText());
        assertEquals(414, problem.get("status").asInt());
        assertEquals("urn:agora:problem:uri-too-long", problem.get("type").asText());
        assertEquals("The address is longer than this server accepts.", problem.get("detail").asText());
    }

    @Test
    void aBodyRefusedBeforeRoutingIsAProblemInTheClientsLanguage() throws Exception {
        String answer = raw("POST /wrapped HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Language: da\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + (Limits.DEFAULT.maxListenerBytes() + 1)
                + "\r\nConnection: close\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 413 "), answer);
        String headers = headers(answer);
        assertTrue(headers.contains("\ncontent-language: da"), headers);
        assertTrue(headers.contains("\nx-content-type-options: nosniff"), headers);
        JsonNode problem = JSON.mapper().readTree(body(answer));
        assertEquals("payload-too-large", problem.get("code").asText());
        assertEquals("/wrapped", problem.get("instance").asText());
    }

    @Test
    void aRequestLineThatIsNoRequestIs400WithoutAnInstance() throws Exception {
        String answer = raw("NONSENSE\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
        JsonNode problem = JSON.mapper().readTree(body(answer));
        assertEquals("bad-request", problem.get("code").asText());
        assertFalse(problem.has("instance"), problem.toString());
    }

    private HttpResponse<String> get(String path, String language) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).header("Accept-Language", language).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String raw(String request) throws Exception {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int read;
            while ((read = in.read(buffer)) > 0) {
                answer.write(buffer, 0, read);
                String text = answer.toString(StandardCharsets.UTF_8);
                int end = text.indexOf("\r\n\r\n");
                int length = contentLength(text, end);
                if (end >= 0 && length >= 0 && answer.size() >= end + 4 + length) {
                    break;
                }
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    private static String headers(String answer) {
        return answer.substring(0, answer.indexOf("\r\n\r\n")).toLowerCase(java.util.Locale.ROOT);
    }

    private static String body(String answer) {
        return answer.substring(answer.indexOf("\r\n\r\n") + 4);
    }

    private static int contentLength(String text, int end) {
        if (end < 0) {
            return -1;
        }
        for (String line : text.substring(0, end).split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        return -1;
    }

    private static JsonNode problem(HttpResponse<String> response, int status) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElseThrow());
        JsonNode body = JSON.mapper().readTree(response.body());
        assertEquals(status, body.get("status").asInt());
        return body;
    }
}
