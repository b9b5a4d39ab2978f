package agora.platform.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A nats-server (with JetStream) of a test's own, on a free port, that the test can stop and start
 * again on the same port with the same store: how outage tests take NATS away without touching the
 * machine's shared server.
 */
public final class PrivateNats implements AutoCloseable {
    private final int port;
    private final Path store;
    private Process process;

    /**
     * A server on a free port, not yet started.
     *
     * @param store its JetStream directory (a test's temporary directory)
     * @throws IOException when no free port can be found
     */
    public PrivateNats(Path store) throws IOException {
        this.store = store;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            this.port = socket.getLocalPort();
        }
    }

    /** {@code nats://127.0.0.1:<port>}. */
    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    /**
     * Starts the server (again) and waits until it accepts connections.
     *
     * @throws IOException when it cannot be started
     * @throws InterruptedException when interrupted while waiting for it
     */
    public void start() throws IOException, InterruptedException {
        process = new ProcessBuilder("nats-server", "-a", "127.0.0.1", "-p", Integer.toString(port), "-js",
                "-sd", store.toString())
                .redirectErrorStream(true)
                .redirectOutput(store.resolve("nats.log").toFile())
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("nats-server did not start on " + port);
    }

    /**
     * Kills the server (its store stays for the next start).
     *
     * @throws InterruptedException when interrupted while waiting for it to die
     */
    public void stop() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor();
            process = null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
