package agora.platform.embedded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;

import agora.platform.testing.TestDatabase;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pod's choice of database: configured, embedded, or (embedded impossible) the local server. */
class DefaultDatabaseTest {

    @TempDir
    Path temp;

    @Test
    void configuredUrlIsUsedAsGiven() {
        DefaultDatabase.Choice choice = DefaultDatabase.choose(config(Map.of(
                "agora.db.url", "jdbc:postgresql://db.example:5432/agora", "agora.db.user", "pod")));
        assertEquals("jdbc:postgresql://db.example:5432/agora", choice.config().url());
        assertEquals("pod", choice.config().user());
        assertTrue(choice.embedded().isEmpty());
    }

    @Test
    void embeddedServerRunsUnderAReachableHome() throws Exception {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
        DefaultDatabase.Choice choice = DefaultDatabase.choose(config(Map.of(
                "agora.home", temp.toString(), "agora.embedded.db.port", Integer.toString(freePort()))));
        try {
            assertTrue(choice.embedded().isPresent(), choice.description());
            assertTrue(choice.description().startsWith("embedded PostgreSQL"), choice.description());
            assertEquals(1, selectOne(choice.config().url(), choice.config().user()));
            assertTrue(Files.exists(temp.resolve("data/postgres/PG_VERSION")));
        } finally {
            choice.embedded().ifPresent(EmbeddedPostgres::close);
        }
    }

    @Test
    void rootWithAnUnreachableHomeFallsBackToTheLocalServer() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "only root makes the embedded server switch users");
        Path closed = Files.createDirectory(temp.resolve("closed"));
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
        String database = "agora_test_" + Instant.now().getEpochSecond() + "_fallback";
        String server = TestDatabase.get().jdbcUrl();
        String fallbackUrl = server.substring(0, server.lastIndexOf('/') + 1) + database;
        try {
            DefaultDatabase.Choice choice = DefaultDatabase.choose(config(Map.of(
                    "agora.home", closed.resolve("pod").toString(),
                    "agora.embedded.db.port", Integer.toString(freePort()),
                    "agora.db.fallback.url", fallbackUrl,
                    "agora.db.fallback.user", TestDatabase.get().user())));
            assertTrue(choice.embedded().isEmpty());
            assertEquals(fallbackUrl, choice.config().url());
            assertTrue(choice.description().startsWith("local PostgreSQL"), choice.description());
            assertEquals(1, selectOne(fallbackUrl, TestDatabase.get().user()));
        } finally {
            try (Connection connection = TestDatabase.get().connect(); Statement statement = connection.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }

    private static Config config(Map<String, String> values) {
        return Config.just(ConfigSources.create(values));
    }

    private static int selectOne(String url, String user) throws Exception {
        try (Connection connection = DriverManager.getConnection(url, user, "");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT 1")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
