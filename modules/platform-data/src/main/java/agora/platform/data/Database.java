package agora.platform.data;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import javax.sql.DataSource;

import agora.platform.contract.TerritoryCode;
import agora.platform.core.Spans;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbTransaction;
import io.helidon.dbclient.jdbc.JdbcClientProvider;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;

/**
 * The process's one PostgreSQL pool and the only way to run SQL against it.
 *
 * <p>Every unit of work is a transaction that first sets {@code search_path} for that transaction
 * only ({@code set_config(..., true)}): to {@code territory_<cc>, extensions} for territory data,
 * to {@code global, extensions} for pod-wide tables. It commits when the callback returns and rolls
 * back on any throwable. The database's own default {@code search_path} is empty, so SQL that goes
 * around this helper names no table and fails loudly instead of touching another territory.
 *
 * <p>What must happen only once a change is durable (a mail to a member) is handed to
 * {@link #afterCommit} inside the transaction: it runs after the commit, and never when the
 * transaction rolls back or its commit fails.
 */
public final class Database implements AutoCloseable {
    private static final String SET_SEARCH_PATH = "SELECT set_config('search_path', ?, true)";
    private static final System.Logger LOG = System.getLogger(Database.class.getName());

    private final HikariDataSource pool;
    private final DbClient client;
    private final DatabaseConfig config;
    private final Spans spans;
    private final Availability availability;
    /** The after-commit actions of each open transaction, by the transaction's identity. */
    private final Map<DbExecute, List<Runnable>> afterCommit = Collections.synchronizedMap(new IdentityHashMap<>());

    private Database(HikariDataSource pool, DbClient client, DatabaseConfig config, Spans spans) {
        this.pool = pool;
        this.client = client;
        this.config = config;
        this.spans = spans;
        this.availability = new Availability(this::pingPool);
    }

    /**
     * Opens the pool (connections are made lazily, so this succeeds before the server is up).
     *
     * @param config where the database is
     * @return the database
     */
    public static Database connect(DatabaseConfig config) {
        return connect(config, Spans.NONE);
    }

    /**
     * Opens the pool; every unit of work becomes a span ({@code db <schema>}) of the given tracing.
     *
     * @param config where the database is
     * @param spans  the process's tracing
     * @return the database
     */
    public static Database connect(DatabaseConfig config, Spans spans) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("agora");
        hikari.setJdbcUrl(config.url());
        hikari.setUsername(config.user());
        hikari.setPassword(config.password());
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setMinimumIdle(Math.min(2, config.poolSize()));
        hikari.setInitializationFailTimeout(-1);
        hikari.setConnectionTimeout(config.connectTimeout().toMillis());
        hikari.addDataSourceProperty("ApplicationName", "agora");
        // Strings go to the server untyped, so it reads UUIDs, JSON and enums from them by context.
        hikari.addDataSourceProperty("stringtype", "unspecified");
        HikariDataSource pool = new HikariDataSource(hikari);
        DbClient client = new JdbcClientProvider().builder()
                .connectionPool(() -> {
                    try {
                        return pool.getConnection();
                    } catch (SQLException e) {
                        throw DatabaseUnavailableException.noConnection(e);
                    }
                })
                .build();
        registerPoolMeters(pool);
        return new Database(pool, client, config, spans);
    }

    /* The pool as docs/metrics.md names it: agora_db_pool_connections{state}, agora_db_pool_max_connections. */
    private static void registerPoolMeters(HikariDataSource pool) {
        MeterRegistry registry = Metrics.globalRegistry();
        Map<String, ToDoubleFunction<HikariDataSource>> states = Map.of(
                "active", p -> p.getHikariPoolMXBean() == null ? 0 : p.getHikariPoolMXBean().getActiveConnections(),
                "idle", p -> p.getHikariPoolMXBean() == null ? 0 : p.getHikariPoolMXBean().getIdleConnections(),
                "pending", p -> p.getHikariPoolMXBean() == null ? 0 : p.getHikariPoolMXBean().getThreadsAwaitingConnection());
        states.forEach((state, value) -> registry.getOrCreate(Gauge.builder("agora.db.pool.connections", pool, value)
                .scope(Meter.Scope.APPLICATION)
                .tags(List.of(Tag.create("state", state)))));
        registry.getOrCreate(Gauge.builder("agora.db.pool.max.connections", pool,
                        p -> (double) p.getMaximumPoolSize())
                .scope(Meter.Scope.APPLICATION));
    }

    /**
     * Runs work in one territory's schema, in one transaction.
     *
     * @param territory the territory
     * @param work      the work; its result is returned after commit
     * @param <T>       result type
     * @return the work's result
     */
    public <T> T inTerritory(TerritoryCode territory, Function<DbExecute, T> work) {
        return inTransaction(territory.schema() + ", extensions", work);
    }

    /**
     * Runs work without a result in one territory's schema, in one transaction.
     *
     * @param territory the territory
     * @param work      the work
     */
    public void runInTerritory(TerritoryCode territory, Consumer<DbExecute> work) {
        inTerritory(territory, execute -> {
            work.accept(execute);
            return null;
        });
    }

    /**
     * Runs work on the pod-wide tables of schema {@code global}, in one transaction.
     *
     * @param work the work
     * @param <T>  result type
     * @return the work's result
     */
    public <T> T inGlobal(Function<DbExecute, T> work) {
        return inTransaction("global, extensions", work);
    }

    /**
     * Runs an action once the given transaction has committed, on the thread that ran it, before
     * {@link #inTerritory} (or {@link #inGlobal}) returns; never when it rolls back or its commit
     * fails. For effects outside the database that must not announce a change that did not happen:
     * a mail, a notice to another system. Actions run in the order given; one that fails is logged
     * and the others still run (the change has committed: its caller is not told it failed).
     *
     * @param transaction the open transaction a callback of this database was given
     * @param action      what to do after its commit
     * @throws IllegalStateException when the transaction is not one of this database's open ones
     */
    public void afterCommit(DbExecute transaction, Runnable action) {
        Objects.requireNonNull(action, "action");
        List<Runnable> actions = afterCommit.get(transaction);
        if (actions == null) {
            throw new IllegalStateException("afterCommit needs a transaction this database has open");
        }
        actions.add(action);
    }

    /**
     * Listens on a notification channel through a dedicated connection.
     *
     * @param channel the channel
     * @return the listener; close it when done
     */
    public Notifications listen(String channel) {
        return new Notifications(config, channel);
    }

    /**
     * An instant as a statement parameter ({@code timestamptz}); the driver takes offset times.
     * Truncated to the column's microseconds here, because the driver would round: a rounded-up
     * value makes SQL ({@code expires_at > ?}) and Java ({@code now.isBefore(expiresAt)}) disagree
     * about the same instant at a boundary.
     *
     * @param instant the instant
     * @return the parameter value
     */
    public static OffsetDateTime timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    /** The pool, for the migration runner of this module. */
    DataSource dataSource() {
        return pool;
    }

    /**
     * Drops pooled connections once they are returned, so new ones pick up database-level settings
     * (the empty {@code search_path}) set by a migration after they were opened.
     */
    void refreshConnections() {
        var mxBean = pool.getHikariPoolMXBean();
        if (mxBean != null) {
            mxBean.softEvictConnections();
        }
    }

    /**
     * Checks that the database answers, within two seconds (a health probe must not hang for the
     * pool's connect timeout); at once while it is known to be down.
     *
     * @throws DatabaseUnavailableException when it does not
     */
    public void ping() {
        availability.requireUp();
        try {
            pingPool();
        } catch (DatabaseUnavailableException e) {
            availability.lost(e);
            throw e;
        }
    }

    private void pingPool() {
        java.util.concurrent.FutureTask<Void> check = new java.util.concurrent.FutureTask<>(() -> {
            try (Connection connection = pool.getConnection()) {
                if (!connection.isValid(2)) {
                    throw new SQLException("connection not valid");
                }
            }
            return null;
        });
        Thread.ofVirtual().name("agora-db-ping").start(check);
        try {
            check.get(2, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            check.cancel(true);
            throw new DatabaseUnavailableException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new DatabaseUnavailableException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatabaseUnavailableException(e);
        }
    }

    @Override
    public void close() {
        availability.close();
        client.close();
        pool.close();
    }

    /** The process's tracing, for the modules built on this database. */
    public Spans spans() {
        return spans;
    }

    private <T> T inTransaction(String searchPath, Function<DbExecute, T> work) {
        try {
            return spans.inSpan("db " + searchPath.substring(0, searchPath.indexOf(',')), Spans.Kind.CLIENT,
                    () -> transaction(searchPath, work));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T transaction(String searchPath, Function<DbExecute, T> work) {
        // Known down: 503 now, rather than after the pool's connect timeout.
        availability.requireUp();
        DbTransaction transaction = client.transaction();
        List<Runnable> committed = Collections.synchronizedList(new ArrayList<>());
        afterCommit.put(transaction, committed);
        try {
            T result = commit(transaction, searchPath, work);
            afterCommit.remove(transaction);
            runAfterCommit(committed);
            return result;
        } finally {
            afterCommit.remove(transaction);
        }
    }

    private <T> T commit(DbTransaction transaction, String searchPath, Function<DbExecute, T> work) {
        T result;
        try {
            transaction.get(SET_SEARCH_PATH, searchPath);
            result = work.apply(transaction);
        } catch (RuntimeException | Error failure) {
            Optional<DatabaseUnavailableException> unreachable = unreachable(failure);
            // Without a connection there is nothing to roll back (and the client would warn about it).
            if (unreachable.map(unavailable -> !unavailable.beforeWork()).orElse(true)) {
                try {
                    transaction.rollback();
                } catch (RuntimeException rollbackFailure) {
                    failure.addSuppressed(rollbackFailure);
                }
            }
            if (unreachable.isPresent()) {
                availability.lost(failure);
                throw unreachable.get();
            }
            throw failure;
        }
        try {
            transaction.commit();
        } catch (RuntimeException failure) {
            Optional<DatabaseUnavailableException> unreachable = unreachable(failure);
            if (unreachable.isPresent()) {
                availability.lost(failure);
                throw unreachable.get();
            }
            throw failure;
        }
        return result;
    }

    private static void runAfterCommit(List<Runnable> actions) {
        for (Runnable action : List.copyOf(actions)) {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "An action after a commit failed; the change stands", e);
            }
        }
    }

    /*
     * A refused or lost connection (no connection from the pool, SQLSTATE class 08, or the server
     * shutting down, 57P0x) is an outage the client can wait out: 503, not 500.
     */
    private static Optional<DatabaseUnavailableException> unreachable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof DatabaseUnavailableException unavailable) {
                return Optional.of(unavailable);
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P0"))) {
                return Optional.of(new DatabaseUnavailableException(failure));
            }
            if (cause instanceof java.sql.SQLTransientConnectionException) {
                return Optional.of(new DatabaseUnavailableException(failure));
            }
        }
        return Optional.empty();
    }
}
