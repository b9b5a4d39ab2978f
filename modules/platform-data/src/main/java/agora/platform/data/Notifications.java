package agora.platform.data;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.helidon.dbclient.DbExecute;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * PostgreSQL {@code LISTEN}/{@code NOTIFY} on one dedicated connection (outside the pool: it waits
 * for as long as the process runs). A notification is delivered only when the notifying
 * transaction commits, which is what makes it a safe wake-up for work written in that transaction.
 */
public final class Notifications implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Notifications.class.getName());

    private final DatabaseConfig config;
    private final String channel;
    private volatile Connection connection;
    private volatile boolean closed;

    Notifications(DatabaseConfig config, String channel) {
        if (!channel.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("channel must be a lower-case identifier: " + channel);
        }
        this.config = config;
        this.channel = channel;
    }

    /**
     * Sends a notification when the given transaction commits.
     *
     * @param transaction the transaction
     * @param channel     the channel
     * @param payload     the payload (short; PostgreSQL allows 8000 bytes)
     */
    public static void notify(DbExecute transaction, String channel, String payload) {
        transaction.get("SELECT pg_notify(?, ?)", channel, payload);
    }

    /**
     * Waits for notifications.
     *
     * @param timeout the longest wait
     * @return the payloads received, empty on timeout or while the database is unreachable
     *         (the connection is reopened on the next call)
     */
    public synchronized List<String> await(Duration timeout) {
        if (closed) {
            return List.of();
        }
        try {
            if (connection == null || connection.isClosed()) {
                open();
            }
            PGNotification[] received = connection.unwrap(PGConnection.class)
                    .getNotifications((int) Math.max(1, timeout.toMillis()));
            List<String> payloads = new ArrayList<>();
            if (received != null) {
                for (PGNotification notification : received) {
                    payloads.add(notification.getParameter());
                }
            }
            return payloads;
        } catch (SQLException e) {
            if (!closed) {
                LOG.log(System.Logger.Level.WARNING, "Listening on {0} failed ({1}); will reconnect", channel,
                        e.getMessage());
            }
            closeQuietly();
            pause(timeout);
            return List.of();
        }
    }

    private void open() throws SQLException {
        connection = DriverManager.getConnection(config.url(), config.user(), config.password());
        try (Statement statement = connection.createStatement()) {
            statement.execute("LISTEN " + channel);
        }
    }

    private void closeQuietly() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException ignored) {
            // Reconnecting anyway.
        }
        connection = null;
    }

    private static void pause(Duration timeout) {
        try {
            Thread.sleep(Math.min(timeout.toMillis(), 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops listening; a waiting {@link #await} returns at once (its connection is closed under it). */
    @Override
    public void close() {
        closed = true;
        Connection current = connection;
        if (current != null) {
            try {
                current.close();
            } catch (SQLException ignored) {
                // Closing anyway.
            }
        }
    }
}
