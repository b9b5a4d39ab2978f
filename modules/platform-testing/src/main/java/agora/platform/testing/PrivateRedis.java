package agora.platform.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server of the test's own on a free port, with nothing on disk, that the test can kill,
 * pause ({@code kill -STOP}) and resume, and start again on the same port: how outage tests take
 * Redis away without touching the machine's shared server.
 */
public final class PrivateRedis implements AutoCloseable {
    private final int port;
    private final Optional<Path> tlsFiles;
    private Process process;

    private PrivateRedis(int port, Optional<Path> tlsFiles) {
        this.port = port;
        this.tlsFiles = tlsFiles;
        // A test JVM that is stopped early must not leave a server behind.
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(this::close));
    }

    /**
     * Starts a server on a free port.
     *
     * @return the running server
     * @throws IOException when it cannot be started
     * @throws InterruptedException when interrupted while waiting for it
     */
    public static PrivateRedis start() throws IOException, InterruptedException {
        PrivateRedis redis = new PrivateRedis(freePort(), Optional.empty());
        redis.startAgain();
        return redis;
    }

    /**
     * A server that speaks only TLS.
     *
     * @param directory holds {@code cert.pem} (self-signed, so also the CA) and {@code key.pem}
     * @return the running server
     * @throws IOException when it cannot be started
     * @throws InterruptedException when interrupted while waiting for it
     */
    public static PrivateRedis startTls(Path directory) throws IOException, InterruptedException {
        PrivateRedis redis = new PrivateRedis(freePort(), Optional.of(directory));
        redis.startAgain();
        return redis;
    }

    /** Its port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:<port>}. */
    public URI url() {
        return URI.create("redis://127.0.0.1:" + port);
    }

    /**
     * Starts the server (again) on its port and waits until it answers.
     *
     * @throws IOException when it cannot be started
     * @throws InterruptedException when interrupted while waiting for it
     */
    public void startAgain() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("redis-server", "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", System.getProperty("java.io.tmpdir")));
        if (tlsFiles.isPresent()) {
            Path files = tlsFiles.orElseThrow();
            command.addAll(List.of("--port", "0", "--tls-port", Integer.toString(port),
                    "--tls-cert-file", files.resolve("cert.pem").toString(),
                    "--tls-key-file", files.resolve("key.pem").toString(),
                    "--tls-ca-cert-file", files.resolve("cert.pem").toString(),
                    "--tls-auth-clients", "no"));
        } else {
            command.addAll(List.of("--port", Integer.toString(port)));
        }
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (tlsFiles.isPresent() ? !accepts() : !answersPing()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                close();
                throw new IllegalStateException("redis-server did not start on port " + port);
            }
            Thread.sleep(20);
        }
    }

    /**
     * Kills the server outright, as a crash or a lost node would.
     *
     * @throws InterruptedException when interrupted while waiting for it to die
     */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("redis-server did not die");
        }
    }

    /**
     * Freezes the server ({@code kill -STOP}): connections are accepted by the kernel but nothing answers.
     *
     * @throws IOException when {@code kill} cannot run
     * @throws InterruptedException when interrupted
     */
    public void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /**
     * Lets a frozen server answer again ({@code kill -CONT}).
     *
     * @throws IOException when {@code kill} cannot run
     * @throws InterruptedException when interrupted
     */
    public void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            // SIGKILL also ends a paused (SIGSTOPped) server.
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder(List.of("kill", "-" + name, Long.toString(process.pid()))).start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + name + " failed");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(7);
            return new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException e) {
            return false;
        }
    }
}
