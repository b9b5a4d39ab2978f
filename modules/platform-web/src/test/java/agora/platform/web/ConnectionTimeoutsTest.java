package agora.platform.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;


import agora.platform.core.Limits;
import agora.platform.testing.Await;
import agora.platform.testing.LogCapture;

import io.helidon.http.Status;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No client holds a connection longer than the listener allows: not by sending its headers slowly,
 * nor its body, nor by idling between requests; and a listener at its cap refuses at once with a 503
 * a client can read.
 */
class ConnectionTimeoutsTest {
    private static final Json JSON = new Json(Limits.DEFAULT);

    private WebServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private int start(ConnectionLimits limits) {
        server = AgoraServer.start(new AgoraServer.Settings("127.0.0.1", 0, 0, Limits.DEFAULT, Duration.ofSeconds(1),
                        limits), JSON,
                routes -> routes
                        .get("/api/hello", (req, res) -> res.send("hello"))
                        .post("/api/echo", (req, res) -> JSON.write(res, Status.OK_200, JSON.read(req, Map.class))),
                operator -> { });
        return server.port();
    }

    private static ConnectionLimits limits(Duration header, Duration body, Duration idle, Optional<Integer> max) {
        return new ConnectionLimits(header, body, idle, max);
    }

    @Test
    void headersSentALittleAtATimeEndAtTheHeaderTimeout() throws Exception {
        long timedOut = timedOut("headers");
        int port = start(limits(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(30), Optional.empty()));
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /api/hello HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            // A byte every 200 ms keeps every read short; only the deadline for the whole headers ends it.
            long start = System.nanoTime();
            boolean ended = false;
            for (int i = 0; i < 50 && !ended; i++) {
                Thread.sleep(200);
                try {
                    out.write('X');
                    out.flush();
                } catch (IOException closed) {
                    ended = true;
                }
                if (!ended) {
                    socket.setSoTimeout(1);
                    try {
                        ended = socket.getInputStream().read() == -1;
                    } catch (java.net.SocketTimeoutException stillOpen) {
                        // Still open.
                    } catch (IOException reset) {
                        ended = true;
                    }
                }
            }
            assertTrue(ended, "still open after " + (System.nanoTime() - start) / 1_000_000 + " ms");
        }
        counted("headers", timedOut + 1);
    }

    @Test
    void aBodySentTooSlowlyGetsA408() throws Exception {
        long timedOut = timedOut("body");
        int port = start(limits(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(30), Optional.empty()));
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
                    + "{\"a\": \"").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = readAll(socket);
            assertTrue(answer.startsWith("HTTP/1.1 408 "), answer);
            assertTrue(answer.contains("\"code\":\"request-timeout\""), answer);
        }
        counted("body", timedOut + 1);
    }

    @Test
    void anIdleConnectionIsClosedAtTheIdleTimeout() throws Exception {
        long timedOut = timedOut("idle");
        int port = start(limits(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(1), Optional.empty()));
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write("GET /api/hello HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.setSoTimeout(10_000);
            InputStream in = socket.getInputStream();
            String first = readResponse(in);
            assertTrue(first.startsWith("HTTP/1.1 200 ") && first.endsWith("hello"), first);
            // Kept alive for the next request, but not forever.
            assertEquals(-1, in.read(), "closed by the server after the idle timeout");
        }
        counted("idle", timedOut + 1);
    }

    @Test
    void beyondTheCapAConnectionIsRefusedAtOnceWithA503() throws Exception {
        long refused = refused();
        // A server before this one, as a listener started again has (the gauges were registered for it).
        start(limits(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30), Optional.of(7)));
        server.stop();
        int port = start(limits(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30), Optional.of(2)));
        LogCapture log = LogCapture.of(ConnectionGuard.class.getName());
        try (Socket first = new Socket("127.0.0.1", port); Socket second = new Socket("127.0.0.1", port);
             Socket third = new Socket("127.0.0.1", port)) {
            first.getOutputStream().write('G');
            second.getOutputStream().write('G');
            // The gauges read this server's guard, not the one they were registered for.
            Await.until("two connections held", Duration.ofSeconds(10), () -> gauge("agora.http.connections") == 2);
            assertEquals(2, gauge("agora.http.connections.max"));
            third.getOutputStream().write("GET /api/hello HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String refusal = readAll(third);
            assertTrue(refusal.startsWith("HTTP/1.1 503 "), refusal);
            assertTrue(refusal.contains("Content-Type: application/problem+json"), refusal);
            assertTrue(refusal.contains("\"code\":\"too-many-connections\""), refusal);
            assertTrue(refusal.contains("\r\nRetry-After: 5\r\n") && refusal.contains("\r\nX-Content-Type-Options: nosniff\r\n")
                    && refusal.contains("\r\nContent-Language: en\r\n") && refusal.contains("\r\nConnection: close\r\n"),
                    refusal);
            assertEquals(refused + 1, refused(), "counted in agora_http_connections_refused_total");
            try (Socket fourth = new Socket("127.0.0.1", port)) {
                assertTrue(readAll(fourth).startsWith("HTTP/1.1 503 "));
            }
            assertEquals(refused + 2, refused());
        }
        log.close();
        // Said once a minute at most, however many are refused: a flood must not flood the log.
        List<String> warnings = log.records().stream().map(record -> record.getLevel() + " " + record.getMessage()).toList();
        assertEquals(List.of("WARNING The public listener holds its maximum of 2 connections; new ones are refused with 503 "
                + "until some close (agora_http_connections_refused_total)"), warnings);
        // Once those have gone (the server notices the closes on its own time), there is room again.
        Await.until("a new connection is let in", Duration.ofSeconds(10), () -> {
            try (Socket again = new Socket("127.0.0.1", port)) {
                again.getOutputStream().write("GET /api/hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                again.setSoTimeout(10_000);
                return readResponse(again.getInputStream());
            }
        }, answer -> answer.startsWith("HTTP/1.1 200 "));
    }

    @Test
    void theGuardKeepsHelidonsSocketOptions() throws Exception {
        // It takes Helidon's place for each accepted socket, so every option must still be Helidon's.
        io.helidon.common.socket.SocketOptions helidon = io.helidon.common.socket.SocketOptions.create();
        ConnectionGuard guard = new ConnectionGuard("options-test", 3, ConnectionLimits.DEFAULT, JSON);
        assertEquals(helidon.socketOptions(), guard.socketOptions());
        assertEquals(helidon.connectTimeout(), guard.connectTimeout());
        assertEquals(helidon.readTimeout(), guard.readTimeout());
        assertEquals(helidon.socketReceiveBufferSize(), guard.socketReceiveBufferSize());
        assertEquals(helidon.socketSendBufferSize(), guard.socketSendBufferSize());
        assertEquals(helidon.socketReuseAddress(), guard.socketReuseAddress());
        assertEquals(helidon.socketKeepAlive(), guard.socketKeepAlive());
        assertEquals(helidon.tcpNoDelay(), guard.tcpNoDelay());
        try (java.net.ServerSocket listener = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             Socket client = new Socket("127.0.0.1", listener.getLocalPort()); Socket accepted = listener.accept()) {
            accepted.setKeepAlive(!helidon.socketKeepAlive());
            guard.configureSocket(accepted);
            assertEquals(helidon.socketKeepAlive(), accepted.getKeepAlive(), "a plain socket gets them too");
            assertTrue(client.isConnected());
        }
    }

    private static double gauge(String name) {
        return Metrics.globalRegistry().gauge(name, List.of(Tag.create("listener", "public")))
                .map(gauge -> gauge.value().doubleValue()).orElse(-1.0);
    }

    private static long refused() {
        return Metrics.globalRegistry().counter("agora.http.connections.refused", List.of(Tag.create("listener", "public")))
                .map(Counter::count).orElse(0L);
    }

    private static long timedOut(String phase) {
        return Metrics.globalRegistry().counter("agora.http.connections.timed.out",
                        List.of(Tag.create("listener", "public"), Tag.create("phase", phase)))
                .map(Counter::count).orElse(0L);
    }

    /* The sweep counts a connection it ended; the client may see the close a moment before. */
    private static void counted(String phase, long expected) {
        Await.until(phase + " time-outs counted", Duration.ofSeconds(10), () -> timedOut(phase) == expected);
    }

    private static String readAll(Socket socket) throws IOException {
        socket.setSoTimeout(10_000);
        return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    /* One response with a Content-Length body, leaving the connection open. */
    private static String readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int next = in.read();
            if (next < 0) {
                return head.toString();
            }
            head.append((char) next);
        }
        int length = head.toString().lines().filter(line -> line.toLowerCase().startsWith("content-length:"))
                .map(line -> Integer.parseInt(line.substring(line.indexOf(':') + 1).trim())).findFirst().orElse(0);
        return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
