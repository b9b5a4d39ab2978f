package agora.platform.testing;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A private database for one test run (one test JVM) on the real PostgreSQL server:
 * {@code agora_test_<epoch seconds>_<random>_p<process id>}. Databases of earlier runs older than
 * {@link #STALE_AFTER} are dropped first, and on a server on this machine also those whose process
 * has ended (PIT ends its workers without running their shutdown hooks, and a worker with kept hosts
 * leaves a database per test class); this run's databases are dropped when the JVM exits.
 *
 * <p>The server is {@code AGORA_TEST_DB_URL} (a JDBC URL of any database on it, default
 * {@code jdbc:postgresql://127.0.0.1:5432/postgres}) with {@code AGORA_TEST_DB_USER}
 * (default {@code postgres}).
 */
public final class TestDatabase {
    /** Age after which another run's database is considered abandoned. */
    public static final Duration STALE_AFTER = Duration.ofHours(3);

    private static final String PREFIX = "agora_test_";
    private static TestDatabase shared;
    private static boolean staleDropped;

    private final String serverUrl;
    private final String user;
    private final String name;

    private TestDatabase(String serverUrl, String user, String name) {
        this.serverUrl = serverUrl;
        this.user = user;
        this.name = name;
    }

    /**
     * This run's database, created on first use.
     *
     * @return the database
     */
    public static synchronized TestDatabase get() {
        if (shared == null) {
            shared = create();
        }
        return shared;
    }

    /**
     * Another private database of this run, dropped with the run's: for hosts that must not share
     * the run's database with hosts running beside them (kept hosts of several test classes each
     * serve every territory of their database, with their own clocks).
     *
     * @return a new, empty database
     */
    public static synchronized TestDatabase create() {
        String url = env("AGORA_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
        String user = env("AGORA_TEST_DB_USER", "postgres");
        String name = PREFIX + Instant.now().getEpochSecond() + "_"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xFFFFF))
                + "_p" + ProcessHandle.current().pid();
        TestDatabase database = new TestDatabase(url, user, name);
        if (!staleDropped) {
            database.dropStale();
            staleDropped = true;
        }
        database.execute("CREATE DATABASE " + name);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(database::drop));
        return database;
    }

    /** JDBC URL of this run's database. */
    public String jdbcUrl() {
        int slash = serverUrl.lastIndexOf('/');
        int query = serverUrl.indexOf('?', slash);
        return serverUrl.substring(0, slash + 1) + name + (query < 0 ? "" : serverUrl.substring(query));
    }

    /** The user tests connect as. */
    public String user() {
        return user;
    }

    /** The database's name. */
    public String name() {
        return name;
    }

    /**
     * Opens a plain connection to this run's database (for assertions that bypass the platform).
     *
     * @return a new connection; the caller closes it
     * @throws SQLException when the server refuses
     */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), user, "");
    }

    /**
     * Registers a territory in this run's registry (schema {@code global}), as the territory service
     * would: for the tests of the platform modules the territory service is built on, which cannot
     * run it. A service's tests create territories through the service instead (the test kit).
     * An existing row keeps its name and gets the given status.
     *
     * @param code     the territory's code
     * @param language its language
     * @param status   {@code active}, {@code inactive} or {@code provisioning}
     * @param hosts    host names mapped to it
     */
    public void registerTerritory(String code, String language, String status, List<String> hosts) {
        try (Connection connection = connect()) {
            try (java.sql.PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO global.territories (code, name, language, status, created_at, updated_at) "
                            + "VALUES (?, ?, ?, ?, now(), now()) ON CONFLICT (code) DO UPDATE SET status = excluded.status")) {
                insert.setString(1, code);
                insert.setString(2, "Test " + code);
                insert.setString(3, language);
                insert.setString(4, status);
                insert.executeUpdate();
            }
            for (String host : hosts) {
                try (java.sql.PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO global.territory_hosts (host, code) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                    insert.setString(1, host);
                    insert.setString(2, code);
                    insert.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot register territory " + code + ": " + e.getMessage(), e);
        }
    }

    private void dropStale() {
        long cutoff = Instant.now().minus(STALE_AFTER).getEpochSecond();
        // Process ids say something only about databases made on this machine.
        boolean local = List.of("127.0.0.1", "localhost", "[::1]").contains(
                URI.create(serverUrl.substring("jdbc:".length())).getHost());
        List<String> stale = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(serverUrl, user, "");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT datname FROM pg_database WHERE datname LIKE 'agora\\_test\\_%'")) {
            while (rows.next()) {
                String database = rows.getString(1);
                String[] parts = database.substring(PREFIX.length()).split("_");
                try {
                    if (Long.parseLong(parts[0]) < cutoff || local && parts.length == 3 && parts[2].startsWith("p")
                            && ProcessHandle.of(Long.parseLong(parts[2].substring(1))).isEmpty()) {
                        stale.add(database);
                    }
                } catch (NumberFormatException ignored) {
                    // Not one of ours after all.
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach PostgreSQL at " + serverUrl
                    + " (set AGORA_TEST_DB_URL): " + e.getMessage(), e);
        }
        stale.forEach(database -> execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)"));
    }

    private void drop() {
        try {
            execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (RuntimeException e) {
            // The next run drops it as stale.
            System.err.println("could not drop test database " + name + ": " + e.getMessage());
        }
    }

    private void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(serverUrl, user, "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
