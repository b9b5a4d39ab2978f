package agora.pod;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import agora.platform.core.Limits;
import agora.platform.host.testing.ApiClient;
import agora.platform.host.testing.ApiResponse;
import agora.platform.host.testing.TestHost;
import agora.platform.testing.Body;
import agora.platform.web.Json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator listener answers the operator's tools and nothing else: not a web page open in a
 * browser on the operator's machine (a blind cross-site post, or a page that rebound its own name to
 * 127.0.0.1), and not a request without the operator token, which the host generates into a file
 * only its user can read and reads again on every request.
 */
class OperatorListenerTest {
    private static final String TERRITORY = "IE";
    /** A territory that a refused request tries to create. */
    private static final String ATTEMPTED = "PT";
    private static Path home;
    private static TestHost host;

    @BeforeAll
    static void start() throws IOException {
        home = Files.createTempDirectory("agora-operator-test");
        // No token configured: the host generates its file under agora.home, as on a first ./agora run.
        host = TestHost.with(TestHost.service("territory")).territory(TERRITORY)
                .config("agora.home", home.toString())
                .config("agora.operator.token", "")
                .start();
    }

    @AfterAll
    static void stop() throws IOException {
        try {
            host.close();
        } finally {
            try (Stream<Path> files = Files.walk(home)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    @Test
    void theFirstStartWritesATokenOnlyItsUserCanRead() throws IOException {
        Path file = home.resolve(".agora/operator.token");
        assertEquals(file, host.operatorToken().file().orElseThrow());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(Files.getPosixFilePermissions(file.getParent()).contains(PosixFilePermission.OTHERS_EXECUTE),
                "the embedded PostgreSQL, run as nobody under a root pod, still enters .agora/ for its binaries");
        assertTrue(Files.readString(file).strip().matches("[A-Za-z0-9_-]{43}"), "256 bits, base64url");
        // With it, the operator's requests work: the test's territory was created with it at start.
        assertEquals("active", host.operator().get("/operator/territories/" + TERRITORY).expect(200).json()
                .get("status").asText());
    }

    @Test
    void aCrossSitePostIsRefusedAndChangesNothing() {
        // What a page's form posts: a simple request, so the browser sends it without asking first.
        ApiClient page = anonymous().header("Origin", "https://evil.example").header("Sec-Fetch-Site", "cross-site")
                .header("Sec-Fetch-Mode", "navigate");
        problem(page.sendRaw("POST", "/operator/territories/" + TERRITORY + "/deactivate", "", "text/plain"),
                403, "browser-request-refused");
        problem(page.sendRaw("POST", "/operator/territories", "{\"code\":\"" + ATTEMPTED
                + "\",\"name\":\"Portugal\",\"language\":\"pt\"}", "text/plain"), 403, "browser-request-refused");
        // Even a page that somehow had the token: a browser's request is refused before it is looked at.
        problem(host.operator().header("Origin", "null").post("/operator/territories/" + TERRITORY + "/deactivate",
                null), 403, "browser-request-refused");
        // A same-origin request of a rebound page, which carries no Origin on a GET, still has fetch metadata.
        problem(host.operator().header("Sec-Fetch-Site", "same-origin").get("/operator/territories"), 403,
                "browser-request-refused");
        assertNothingChanged();
    }

    @Test
    void aRequestForAnotherHostNameIsRefused() throws IOException {
        // A page at evil.example whose name now resolves to 127.0.0.1: its browser sends its own name.
        String token = host.operatorToken().current().orElseThrow();
        JsonNode refused = rawRequest("POST /operator/territories/" + TERRITORY + "/deactivate HTTP/1.1\r\n"
                + "Host: evil.example:" + host.host().operatorPort() + "\r\n"
                + "Authorization: Bearer " + token + "\r\n"
                + "Content-Length: 0\r\nConnection: close\r\n\r\n", 403);
        assertEquals("host-not-loopback", refused.get("code").asText());
        rawRequest("GET /operator/territories HTTP/1.1\r\nHost: agora.example\r\nConnection: close\r\n\r\n", 403);
        // The loopback names, with or without a port, are the operator's.
        for (String name : new String[] {"localhost", "LOCALHOST:" + host.host().operatorPort(), "[::1]", "127.0.0.1"}) {
            rawRequest("GET /operator/territories/" + TERRITORY + " HTTP/1.1\r\nHost: " + name + "\r\n"
                    + "Authorization: Bearer " + token + "\r\nConnection: close\r\n\r\n", 200);
        }
        assertNothingChanged();
    }

    @Test
    void withoutTheTokenNothingIsAnsweredOrChanged() {
        ApiResponse none = anonymous().post("/operator/territories/" + TERRITORY + "/deactivate", null);
        problem(none, 401, "operator-token-required");
        assertEquals("Bearer realm=\"agora-operator\"", none.header("WWW-Authenticate").orElseThrow());
        ApiResponse wrong = anonymous().as("not-the-operator-token-but-long-enough-to-be-one")
                .post("/operator/territories", Body.of("code", ATTEMPTED, "name", "Portugal", "language", "pt"));
        problem(wrong, 401, "operator-token-required");
        assertTrue(wrong.header("WWW-Authenticate").orElseThrow().contains("error=\"invalid_token\""));
        // Not even which paths exist, nor the document.
        problem(anonymous().get("/operator/no-such-thing"), 401, "operator-token-required");
        problem(anonymous().get("/openapi"), 401, "operator-token-required");
        assertNothingChanged();
    }

    @Test
    void writingANewTokenIntoTheFileRotatesItAtOnce() throws IOException {
        Path file = host.operatorToken().file().orElseThrow();
        ApiClient before = host.operator();
        String rotated = "a-new-operator-token-written-by-the-operator-1";
        Files.writeString(file, rotated + "\n");
        problem(before.get("/operator/territories"), 401, "operator-token-required");
        anonymous().as(rotated).get("/operator/territories").expect(200);
        // The test kit reads the file again, as ./agora does.
        host.operator().get("/operator/territories").expect(200);
    }

    private static ApiClient anonymous() {
        return ApiClient.of(host.host().operatorPort());
    }

    private static void problem(ApiResponse response, int status, String code) {
        response.problem(status, code);
    }

    /* The test's territory is still active and nothing was created. */
    private static void assertNothingChanged() {
        assertEquals("active", host.operator().get("/operator/territories/" + TERRITORY).expect(200).json()
                .get("status").asText());
        host.operator().get("/operator/territories/" + ATTEMPTED).expect(404);
        JsonNode page = host.operator().get("/operator/territories?limit=100").expect(200).json();
        page.get("items").forEach(item -> assertFalse(item.get("code").asText().equals(ATTEMPTED)));
    }

    /* java.net.http will not send a Host of our choosing; a socket will. Returns the problem of a refusal. */
    private static JsonNode rawRequest(String request, int status) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", host.host().operatorPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int next = in.read();
                assertTrue(next >= 0, "the answer ended in its headers: " + head);
                head.append((char) next);
            }
            String headers = head.toString().toLowerCase(Locale.ROOT);
            assertTrue(headers.startsWith("http/1.1 " + status + " "), head.toString());
            Matcher length = Pattern.compile("\r\ncontent-length: *([0-9]+)").matcher(headers);
            assertTrue(length.find(), head.toString());
            String body = new String(in.readNBytes(Integer.parseInt(length.group(1))), StandardCharsets.UTF_8);
            if (status == 200) {
                return NullNode.getInstance();
            }
            assertTrue(headers.contains("content-type: application/problem+json"), head.toString());
            return new Json(Limits.DEFAULT).mapper().readTree(body);
        }
    }
}
