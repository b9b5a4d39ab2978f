package agora.platform.observe;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import agora.platform.testing.Await;

/** A real Zipkin server (from Maven Central) on a free loopback port, for checking exported spans. */
final class ZipkinServer implements AutoCloseable {
    private final int port;
    private final Process process;

    private ZipkinServer(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    static ZipkinServer start() throws Exception {
        Path jar = Path.of("target/zipkin/zipkin-server.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("target/zipkin/zipkin-server.jar is missing: run the test through Maven");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar.toString(),
                "--armeria.ports[0].port=" + port, "--armeria.ports[0].ip=127.0.0.1", "--armeria.ports[0].protocols=http")
                .redirectErrorStream(true)
                .redirectOutput(Path.of("target/zipkin/zipkin.log").toFile())
                .start();
        ZipkinServer server = new ZipkinServer(port, process);
        HttpClient http = HttpClient.newHttpClient();
        try {
            // Refused connections while it starts count as "not yet".
            Await.until("Zipkin answers its health check (its log: target/zipkin/zipkin.log)", Duration.ofSeconds(60),
                    () -> http.send(HttpRequest.newBuilder(server.uri("/health")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
            return server;
        } catch (AssertionError notStarted) {
            server.close();
            throw notStarted;
        }
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
