package agora.platform.embedded;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

import agora.platform.data.DatabaseConfig;

import io.helidon.config.Config;

/**
 * The pod's database when nothing is installed but a JDK: the configured server when
 * {@code AGORA_DB_URL} is set, else an embedded PostgreSQL whose data stays under the pod's home
 * directory, else (the embedded server cannot run here, e.g. as root without a user it may switch
 * to) a PostgreSQL server already running on this machine. Each choice is logged with how to
 * change it.
 */
public final class DefaultDatabase {
    /** Port of the embedded server unless {@code agora.embedded.db.port} says otherwise. */
    public static final int EMBEDDED_PORT = 55432;
    /** The local server tried when the embedded one cannot start. */
    public static final String FALLBACK_URL = "jdbc:postgresql://127.0.0.1:5432/agora";

    private static final System.Logger LOG = System.getLogger(DefaultDatabase.class.getName());

    private DefaultDatabase() {
    }

    /**
     * What was chosen.
     *
     * @param config      how to connect
     * @param description one line for the start-up log
     * @param embedded    the embedded server to stop with the pod, when one was started
     */
    public record Choice(DatabaseConfig config, String description, Optional<EmbeddedPostgres> embedded) {
    }

    /**
     * Chooses the database from the root configuration: {@code agora.db.*} when {@code url} is set;
     * otherwise an embedded server with data in {@code <agora.home>/data/postgres} and binaries in
     * {@code <agora.home>/.agora/}; otherwise {@code agora.db.fallback.url} (default
     * {@value #FALLBACK_URL}) as {@code agora.db.fallback.user} (default {@code postgres}), creating
     * its database if missing.
     *
     * @param config the root configuration
     * @return the choice
     * @throws IllegalStateException when no database can be had, with every reason
     */
    public static Choice choose(Config config) {
        Config db = config.get("agora.db");
        Optional<String> url = db.get("url").asString().asOptional().filter(value -> !value.isBlank());
        if (url.isPresent()) {
            DatabaseConfig configured = DatabaseConfig.from(db, url.get());
            return new Choice(configured, "PostgreSQL at " + url.get() + " (agora.db.url / AGORA_DB_URL)",
                    Optional.empty());
        }
        Path home = Path.of(config.get("agora.home").asString().orElse(".")).toAbsolutePath().normalize();
        int port = config.get("agora.embedded.db.port").asInt().orElse(EMBEDDED_PORT);
        Path data = home.resolve("data").resolve("postgres");
        try {
            EmbeddedPostgres embedded = EmbeddedPostgres.start(
                    home.resolve(".agora").resolve("postgres-" + EmbeddedPostgres.BINARIES_VERSION),
                    data, port, "agora", "agora");
            DatabaseConfig embeddedConfig = DatabaseConfig.of(embedded.jdbcUrl(), embedded.user(), "");
            String who = embedded.runsAsOtherUser() ? ", running as user nobody because this process is root" : "";
            return new Choice(embeddedConfig, "embedded PostgreSQL " + EmbeddedPostgres.BINARIES_VERSION + " on 127.0.0.1:"
                    + embedded.port() + " with data in " + data + who + "; set AGORA_DB_URL to use your own server",
                    Optional.of(embedded));
        } catch (EmbeddedPostgresException embeddedFailure) {
            String fallbackUrl = db.get("fallback.url").asString().orElse(FALLBACK_URL);
            String fallbackUser = db.get("fallback.user").asString().orElse("postgres");
            LOG.log(System.Logger.Level.WARNING, "Embedded PostgreSQL cannot run here: {0} Trying the local server at {1}.",
                    embeddedFailure.getMessage(), fallbackUrl);
            try {
                ensureDatabase(fallbackUrl, fallbackUser);
            } catch (SQLException unreachable) {
                throw new IllegalStateException("No database: embedded PostgreSQL cannot run here ("
                        + embeddedFailure.getMessage() + ") and no local server answers at " + fallbackUrl + " ("
                        + unreachable.getMessage() + "). Set AGORA_DB_URL to a PostgreSQL server.", unreachable);
            }
            return new Choice(DatabaseConfig.of(fallbackUrl, fallbackUser, ""),
                    "local PostgreSQL at " + fallbackUrl + " (embedded PostgreSQL cannot run here: see the warning above; "
                            + "set AGORA_DB_URL to choose a server)", Optional.empty());
        }
    }

    /*
     * Creates the fallback URL's database through the server's maintenance database, so a fresh
     * machine with only a PostgreSQL service needs no set-up.
     */
    private static void ensureDatabase(String url, String user) throws SQLException {
        int slash = url.lastIndexOf('/');
        int query = url.indexOf('?', slash);
        String name = query < 0 ? url.substring(slash + 1) : url.substring(slash + 1, query);
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new SQLException("database name must be a plain identifier: " + name);
        }
        String maintenance = url.substring(0, slash + 1) + "postgres" + (query < 0 ? "" : url.substring(query));
        try (Connection connection = DriverManager.getConnection(maintenance, user, "");
             Statement statement = connection.createStatement()) {
            boolean exists;
            try (ResultSet rows = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
                exists = rows.next();
            }
            if (!exists) {
                statement.execute("CREATE DATABASE " + name);
                LOG.log(System.Logger.Level.INFO, "Created database {0} on the local server", name);
            }
        }
    }
}
