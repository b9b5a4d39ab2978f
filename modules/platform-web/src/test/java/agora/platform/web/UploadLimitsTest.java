package agora.platform.web;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import agora.platform.core.Limits;

import io.helidon.http.Status;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The listener admits an upload route's larger body, and only there: every other route keeps the
 * body limit, whether the client declares the length or sends the body in chunks.
 */
@ServerTest
class UploadLimitsTest {
    private static final Limits LIMITS = new Limits(1024, 32, 1000, 64 * 1024);
    private static final Json JSON = new Json(LIMITS);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final URI base;

    UploadLimitsTest(URI base) {
        this.base = base;
    }

    record Note(String text) {
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        AgoraServer.configure(server, new AgoraServer.Settings("127.0.0.1", 0, 0, LIMITS), JSON,
                routes -> routes
                        .post("/notes", (req, res) -> JSON.write(res, Status.CREATED_201, JSON.read(req, Note.class)))
                        .upload("/files", (req, res) -> {
                            try (InputStream in = req.content().inputStream()) {
                                res.send(Long.toString(in.transferTo(OutputStreamSink.INSTANCE)));
                            }
                        }),
                operator -> { });
    }

    @Test
    void anUploadRouteReceivesMoreThanTheBodyLimit() throws Exception {
        HttpResponse<String> answer = send("/files", "application/octet-stream", new byte[40 * 1024], false);
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals("40960", answer.body());
    }

    @Test
    void anUploadRouteIsStillBoundByTheUploadLimit() throws Exception {
        // A declared length over the limit is answered before a byte of the body is sent. (A client
        // still sending its body can lose the answer to the reset a server's close of a connection
        // with unread bytes causes: the test waits for the answer instead.)
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /files HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n"
                    + "Content-Length: " + 65 * 1024 + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            assertTrue(status != null && status.startsWith("HTTP/1.1 413 "), String.valueOf(status));
        }
    }

    @Test
    void otherRoutesKeepTheBodyLimitDeclaredOrChunked() throws Exception {
        byte[] note = ("{\"text\": \"" + "x".repeat(2000) + "\"}").getBytes(StandardCharsets.UTF_8);
        for (boolean chunked : new boolean[] {false, true}) {
            HttpResponse<String> answer = send("/notes", "application/json", note, chunked);
            assertEquals(413, answer.statusCode(), answer.body());
            assertTrue(answer.body().contains("\"payload-too-large\""), answer.body());
        }
        byte[] small = "{\"text\": \"fits\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals(201, send("/notes", "application/json", small, true).statusCode());
    }

    private HttpResponse<String> send(String path, String type, byte[] body, boolean chunked) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", type)
                .POST(chunked ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
                        Arrays.copyOf(body, body.length))) : HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Counts and forgets. */
    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
