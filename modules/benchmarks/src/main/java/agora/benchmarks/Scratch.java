package agora.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import agora.platform.testing.Leftovers;

/**
 * What one benchmark run borrows from the machine's servers and gives back: databases
 * {@code <name>} on the PostgreSQL server, JetStream streams of an events prefix, Redis keys of a
 * key prefix. Names carry the run's start time, so runs never meet each other or the test suite.
 *
 * @param serverUrl JDBC URL of any database on the server ({@code AGORA_TEST_DB_URL})
 * @param user      the user to connect as ({@code AGORA_TEST_DB_USER}, trust auth)
 * @param natsUrl   the NATS server ({@code AGORA_NATS_URL})
 * @param redisUrl  the Redis server ({@code AGORA_REDIS_URL})
 */
record Scratch(String serverUrl, String user, String natsUrl, String redisUrl) {

    /** The machine's servers, from the environment or the CI machine's defaults. */
    static Scratch fromEnvironment() {
        return new Scratch(env("AGORA_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/postgres"),
                env("AGORA_TEST_DB_USER", "postgres"), env("AGORA_NATS_URL", "nats://127.0.0.1:4222"),
                env("AGORA_REDIS_URL", "redis://127.0.0.1:6379"));
    }

    /** Creates a database and returns its JDBC URL. */
    String createDatabase(String name) {
        execute("CREATE DATABASE " + identifier(name));
        return jdbcUrl(name);
    }

    /** Drops a database, closing whatever still holds it; a failure is only reported. */
    void dropDatabase(String name) {
        try {
            execute("DROP DATABASE IF EXISTS " + identifier(name) + " WITH (FORCE)");
        } catch (RuntimeException e) {
            System.err.println("could not drop database " + name + ": " + e.getMessage());
        }
    }

    /** JDBC URL of a database on the same server. */
    String jdbcUrl(String name) {
        int slash = serverUrl.lastIndexOf('/');
        int query = serverUrl.indexOf('?', slash);
        return serverUrl.substring(0, slash + 1) + name + (query < 0 ? "" : serverUrl.substring(query));
    }

    /** Deletes the JetStream streams of an events prefix (the platform names them {@code <PREFIX>_…}). */
    void deleteStreams(String prefix) {
        Leftovers.deleteStreams(natsUrl, prefix);
    }

    /** Deletes the Redis keys of a key prefix. */
    void deleteKeys(String prefix) {
        Leftovers.deleteKeys(redisUrl, prefix);
    }

    private void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(serverUrl, user, "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static String identifier(String name) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain identifier: " + name);
        }
        return name;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
