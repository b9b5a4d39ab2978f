package agora.platform.data;

import java.time.Duration;
import java.util.Objects;

import io.helidon.config.Config;

/**
 * How to reach the pod's PostgreSQL database.
 *
 * @param url      JDBC URL ({@code agora.db.url}, env {@code AGORA_DB_URL})
 * @param user     user ({@code agora.db.user}, env {@code AGORA_DB_USER})
 * @param password password ({@code agora.db.password}, env {@code AGORA_DB_PASSWORD}); empty for trust auth
 * @param poolSize largest number of connections this process holds ({@code agora.db.pool.size})
 * @param connectTimeout how long a unit of work waits for a connection before the request gets 503
 *                       ({@code agora.db.connect.timeout}, ISO-8601 duration, default 10 s)
 */
public record DatabaseConfig(String url, String user, String password, int poolSize, Duration connectTimeout) {

    public DatabaseConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (poolSize < 1) {
            throw new IllegalArgumentException("pool size must be positive");
        }
        if (connectTimeout.toMillis() < 250) {
            throw new IllegalArgumentException("connect timeout must be at least 250 ms");
        }
    }

    /** How long a unit of work waits for a connection when not configured. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Settings with the default pool size and connect timeout.
     *
     * @param url      JDBC URL
     * @param user     user
     * @param password password
     * @return the settings
     */
    public static DatabaseConfig of(String url, String user, String password) {
        return new DatabaseConfig(url, user, password, DEFAULT_POOL_SIZE, DEFAULT_CONNECT_TIMEOUT);
    }

    /** Connections per process when not configured: enough for virtual-thread handlers that hold one briefly. */
    public static final int DEFAULT_POOL_SIZE = 10;

    /**
     * The database settings under {@code agora.db}, with the given URL when none is configured.
     *
     * @param db          the {@code agora.db} node
     * @param fallbackUrl URL to use when {@code url} is absent
     * @return the settings
     */
    public static DatabaseConfig from(Config db, String fallbackUrl) {
        return new DatabaseConfig(
                db.get("url").asString().orElse(fallbackUrl),
                db.get("user").asString().orElse(System.getProperty("user.name", "postgres")),
                db.get("password").asString().orElse(""),
                db.get("pool.size").asInt().orElse(DEFAULT_POOL_SIZE),
                db.get("connect.timeout").as(Duration.class).orElse(DEFAULT_CONNECT_TIMEOUT));
    }

    @Override
    public String toString() {
        // Never print the password.
        return "DatabaseConfig[url=" + url + ", user=" + user + ", poolSize=" + poolSize + "]";
    }
}
