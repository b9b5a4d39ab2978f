package agora.pod;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import agora.platform.embedded.EmbeddedPostgres;

/**
 * A PostgreSQL server of a test's own (the embedded one, on a free port), which the test stops and
 * starts again to take the database away from a running host. The directory must be reachable by
 * the account the server runs as ({@code nobody} when the tests run as root), so it is opened up.
 */
final class PrivatePostgres implements AutoCloseable {
    private static final String USER = "agora";
    private static final String DATABASE = "outage";

    private final Path directory;
    private final int port;
    private EmbeddedPostgres server;

    private PrivatePostgres(Path directory, int port) {
        this.directory = directory;
        this.port = port;
    }

    /**
     * Starts a server with its binaries and data under the directory.
     *
     * @param directory a test's temporary directory
     * @return the running server
     */
    static PrivatePostgres start(Path directory) throws IOException {
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        PrivatePostgres postgres = new PrivatePostgres(directory, port);
        postgres.startAgain();
        return postgres;
    }

    /** The configuration that points a host at this server. */
    Map<String, String> config() {
        return Map.of("agora.db.url", "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE, "agora.db.user", USER);
    }

    /** Starts the stopped server again, with its data. */
    void startAgain() {
        server = EmbeddedPostgres.start(directory.resolve("postgres-" + EmbeddedPostgres.BINARIES_VERSION),
                directory.resolve("data/postgres"), port, USER, DATABASE);
    }

    /** Stops the server (fast: open sessions are cut), as an outage would. */
    void stop() {
        server.close();
    }

    @Override
    public void close() {
        server.close();
    }
}
