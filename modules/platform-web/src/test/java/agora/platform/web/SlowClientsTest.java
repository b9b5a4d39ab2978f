package agora.platform.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import agora.platform.testing.Await;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Slow clients cannot stop a listener: a process with a low file limit is flooded with more
 * connections than it has descriptors, each sending half a request line and waiting. The listener
 * refuses those beyond its cap with a 503 at once, ends the others at the header timeout, and then
 * answers normally; it never runs out of descriptors, which would stop Helidon's accept loop for
 * good.
 */
class SlowClientsTest {
    private static final int FILE_LIMIT = 512;
    private static final int SLOW_CLIENTS = 700;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path temp;

    @Test
    void aFloodOfSlowClientsIsRefusedAndTimedOutAndTheListenerAnswersAfterwards() throws Exception {
        Path log = temp.resolve("server.log");
        Child server = new Child(log);
        List<Socket> slow = new ArrayList<>();
        try {
            int[] ports = server.ports();
            URI hello = URI.create("http://127.0.0.1:" + ports[0] + "/api/hello");
            URI heap = URI.create("http://127.0.0.1:" + ports[0] + "/api/heap");
            URI ping = URI.create("http://127.0.0.1:" + ports[1] + "/operator/ping");
            long heapBefore = Long.parseLong(get(heap).body());

            for (int i = 0; i < SLOW_CLIENTS; i++) {
                Socket socket = new Socket("127.0.0.1", ports[0]);
                socket.getOutputStream().write("GET /api/hello HT".getBytes(StandardCharsets.US_ASCII));
                slow.add(socket);
            }
            // The refusals are written at accept, within milliseconds; which sockets got one is only
            // known by looking, and every one must be known before the rest are read to their end.
            Thread.sleep(300);
            List<Socket> refused = new ArrayList<>();
            for (Socket socket : slow) {
                if (socket.getInputStream().available() > 0) {
                    refused.add(socket);
                }
            }
            assertTrue(!refused.isEmpty() && refused.size() < SLOW_CLIENTS, refused.size() + " refused");
            String refusal = readAll(refused.getFirst());
            assertTrue(refusal.startsWith("HTTP/1.1 503 "), refusal);
            assertTrue(refusal.contains("\"code\":\"too-many-connections\"") && refusal.contains("Retry-After: 5"),
                    refusal);
            assertEquals("pong", get(ping).body(), "the operator listener has connections of its own");

            // The ones let in are ended at the header timeout (2 s), as if they had closed. On a loaded
            // machine a refusal can take longer than the look above: such a socket was refused, too.
            for (Socket socket : slow) {
                if (!refused.contains(socket)) {
                    socket.setSoTimeout(15_000);
                    int first = socket.getInputStream().read();
                    if (first != -1) {
                        String late = (char) first + readAll(socket);
                        assertTrue(late.startsWith("HTTP/1.1 503 ") && late.contains("\"code\":\"too-many-connections\""),
                                "ended by the server or refused, not answered: " + late);
                        refused.add(socket);
                    }
                }
            }
            System.out.printf("%d slow clients against a file limit of %d: %d refused at once, %d ended at the "
                    + "header timeout%n", SLOW_CLIENTS, FILE_LIMIT, refused.size(), SLOW_CLIENTS - refused.size());
            HttpResponse<String> answer = get(hello);
            assertEquals(200, answer.statusCode());
            assertEquals("hello", answer.body());
            System.out.printf("heap in use: %d KiB before, %d KiB after%n", heapBefore / 1024,
                    Long.parseLong(get(heap).body()) / 1024);
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
            server.close();
        }
        String output = Files.readString(log);
        assertFalse(output.contains("Too many open files"), output);
        assertFalse(output.contains("terminating now"), output);
    }

    @Test
    void theHeapAConnectionCostsIsWithinItsBudget() throws Exception {
        // What FileBudget assumes of a connection held open by a slow client: measured, not guessed.
        Path log = temp.resolve("heap.log");
        Child server = new Child(log);
        List<Socket> slow = new ArrayList<>();
        try {
            int[] ports = server.ports();
            URI heap = URI.create("http://127.0.0.1:" + ports[0] + "/api/heap");
            long before = Long.parseLong(get(heap).body());
            int held = 150;
            for (int i = 0; i < held; i++) {
                Socket socket = new Socket("127.0.0.1", ports[0]);
                socket.getOutputStream().write("GET /api/hello HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(
                        StandardCharsets.US_ASCII));
                slow.add(socket);
            }
            Thread.sleep(500);
            long during = Long.parseLong(get(heap).body());
            long perConnection = (during - before) / held;
            System.out.printf("heap per slow connection: about %d bytes (budget %d)%n", perConnection,
                    FileBudget.HEAP_PER_CONNECTION);
            assertTrue(perConnection < FileBudget.HEAP_PER_CONNECTION, perConnection + " bytes");
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
            server.close();
        }
    }

    @Test
    void aListenerThatRanOutOfDescriptorsIsStartedAgainWhenTheyFreeUp() throws Exception {
        Path log = temp.resolve("restart.log");
        try (Child server = new Child(log)) {
            int[] ports = server.ports();
            URI hello = URI.create("http://127.0.0.1:" + ports[0] + "/api/hello");
            assertEquals(200, get(hello).statusCode());
            // Something else in the process takes every descriptor; then a client connects.
            assertTrue(server.command("hog", "HELD ").matches("HELD \\d+"));
            try (Socket client = new Socket("127.0.0.1", ports[0])) {
                client.getOutputStream().write("GET /api/hello HTTP/1.1\r\nHost: x\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                awaitInLog(log, "Too many open files");
            }
            awaitInLog(log, "terminating now");
            server.command("release", "RELEASED");
            Await.until("the public listener answers again", Duration.ofSeconds(30), () -> get(hello).statusCode() == 200);
            String up = server.awaitStatus(line -> line.endsWith("trouble=none"));
            assertEquals("STATUS restarts=1 trouble=none", up);
            String output = Files.readString(log);
            assertEquals(1, output.split("stopped accepting connections", -1).length - 1, "said once: " + output);
            assertTrue(output.contains("Every listener accepts connections again"), output);
        }
    }

    private static void awaitInLog(Path log, String text) {
        Await.until("\"" + text + "\" is logged", Duration.ofSeconds(20), () -> Files.readString(log),
                output -> output.contains(text));
    }

    /** The server process: the same module path as this test's JVM, under prlimit. */
    private static final class Child implements AutoCloseable {
        private final Process process;
        private final BufferedReader out;
        private final java.io.PrintWriter in;

        Child(Path log) throws IOException {
            List<String> command = new ArrayList<>(List.of("prlimit", "--nofile=" + FILE_LIMIT + ":" + FILE_LIMIT, "--",
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m"));
            for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
                if (argument.startsWith("--module-path") || argument.startsWith("--patch-module")
                        || argument.startsWith("--add-opens") || argument.startsWith("--add-modules")
                        || argument.startsWith("--add-reads") || argument.startsWith("--add-exports")) {
                    command.add(argument);
                }
            }
            command.addAll(List.of("-m", "agora.platform.web/" + FileLimitedServer.class.getName(), "PT2S"));
            process = new ProcessBuilder(command).redirectError(log.toFile()).start();
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            in = new java.io.PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        }

        int[] ports() throws Exception {
            String[] parts = line("LISTENING ").split(" ");
            return new int[] {Integer.parseInt(parts[1]), Integer.parseInt(parts[2])};
        }

        String command(String command, String answer) throws Exception {
            in.println(command);
            return line(answer);
        }

        String awaitStatus(java.util.function.Predicate<String> wanted) {
            return Await.until("the server's status", Duration.ofSeconds(30), () -> command("status", "STATUS "), wanted);
        }

        private String line(String prefix) throws Exception {
            String line = CompletableFuture.supplyAsync(() -> {
                try {
                    String read;
                    while ((read = out.readLine()) != null) {
                        if (read.startsWith(prefix)) {
                            return read;
                        }
                    }
                    return "";
                } catch (IOException e) {
                    return "";
                }
            }).get(60, TimeUnit.SECONDS);
            assertTrue(line.startsWith(prefix), "the server said no " + prefix);
            return line;
        }

        @Override
        public void close() {
            in.close();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String readAll(Socket socket) throws IOException {
        socket.setSoTimeout(5_000);
        InputStream in = socket.getInputStream();
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (SocketTimeoutException e) {
            return "(no end)";
        }
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
