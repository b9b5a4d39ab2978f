package agora.platform.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the real server: binaries unpacked once for the class, one data directory per test. The
 * temporary directories are opened up (755) because, when the tests run as root, the server runs as
 * {@code nobody} and must reach them.
 */
class EmbeddedPostgresTest {
    private static final String USER = "agora";
    private static final String DATABASE = "pod";

    @TempDir
    static Path shared;

    @TempDir
    Path temp;

    private static Path cache;

    @BeforeAll
    static void openSharedDirectory() throws IOException {
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
        cache = shared.resolve("postgres-" + EmbeddedPostgres.BINARIES_VERSION);
    }

    @BeforeEach
    void openTempDirectory() throws IOException {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void keepsDataAcrossRestarts() throws Exception {
        Path data = temp.resolve("data/postgres");
        int port = freePort();

        try (EmbeddedPostgres server = EmbeddedPostgres.start(cache, data, port, USER, DATABASE)) {
            assertEquals("jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE, server.jdbcUrl());
            assertEquals(USER, server.user());
            assertEquals(runningAsRoot(), server.runsAsOtherUser());
            execute(server, "CREATE TABLE greeting (text varchar(40) NOT NULL)",
                    "INSERT INTO greeting VALUES ('kept')");
        }
        assertFalse(Files.exists(data.resolve("postmaster.pid")), "the server is stopped");
        assertTrue(Files.exists(temp.resolve("data/postgres.log")), "the log lies beside the data directory");

        try (EmbeddedPostgres again = EmbeddedPostgres.start(cache, data, port, USER, DATABASE)) {
            assertEquals(List.of("kept"), texts(again));
        }
    }

    @Test
    void adoptsAServerLeftRunningAndRemovesAStaleLockFile() throws Exception {
        Path data = temp.resolve("data/postgres");
        int port = freePort();

        EmbeddedPostgres orphan = EmbeddedPostgres.start(cache, data, port, USER, DATABASE);
        execute(orphan, "CREATE TABLE greeting (text varchar(40) NOT NULL)", "INSERT INTO greeting VALUES ('adopted')");
        // As if the JVM had been killed: a second start finds the server still running and takes it over.
        try (EmbeddedPostgres adopted = EmbeddedPostgres.start(cache, data, port, USER, DATABASE)) {
            assertEquals(port, adopted.port());
            assertEquals(List.of("adopted"), texts(adopted));
        }
        orphan.close(); // already stopped by the adopter: nothing to do, no exception

        // As if the server had been killed: its lock file remains, but nothing answers.
        Path lockFile = data.resolve("postmaster.pid");
        Files.writeString(lockFile, "999999\n" + data + "\n1700000000\n" + port + "\n\n127.0.0.1\n0 0\nready\n");
        try (EmbeddedPostgres restarted = EmbeddedPostgres.start(cache, data, port, USER, DATABASE)) {
            assertEquals(List.of("adopted"), texts(restarted));
        }
    }

    @Test
    void explainsWhenNobodyCannotReachTheDataDirectory() throws Exception {
        Assumptions.assumeTrue(runningAsRoot(), "only root runs the server as another user");
        Path closed = Files.createDirectory(temp.resolve("closed"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));

        EmbeddedPostgresException failure = assertThrows(EmbeddedPostgresException.class,
                () -> EmbeddedPostgres.start(cache, closed.resolve("postgres"), freePort(), USER, DATABASE));

        assertTrue(failure.getMessage().contains("AGORA_DB_URL"), failure.getMessage());
        assertTrue(failure.getMessage().contains(closed.toString()), failure.getMessage());
        assertFalse(Files.exists(closed.resolve("postgres")), "nothing was created in the unreachable directory");
    }

    @Test
    void namesTheArchiveAfterThePlatform() {
        assertEquals("postgres-linux-x86_64.txz", BinaryCache.resourceName("Linux", "amd64").orElseThrow());
        assertEquals("postgres-darwin-arm_64.txz", BinaryCache.resourceName("Mac OS X", "aarch64").orElseThrow());
        assertTrue(BinaryCache.resourceName("SunOS", "sparcv9").isEmpty());
    }

    private static void execute(EmbeddedPostgres server, String... statements) throws SQLException {
        try (Connection connection = connect(server); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static List<String> texts(EmbeddedPostgres server) throws SQLException {
        try (Connection connection = connect(server);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT text FROM greeting")) {
            List<String> texts = new ArrayList<>();
            while (rows.next()) {
                texts.add(rows.getString(1));
            }
            return texts;
        }
    }

    private static Connection connect(EmbeddedPostgres server) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", server.user());
        return DriverManager.getConnection(server.jdbcUrl(), properties);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean runningAsRoot() throws IOException, InterruptedException {
        Process id = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
        String uid = new String(id.getInputStream().readAllBytes()).strip();
        id.waitFor();
        return uid.equals("0");
    }
}
