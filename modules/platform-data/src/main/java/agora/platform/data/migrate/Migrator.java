package agora.platform.data.migrate;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

import agora.platform.contract.TerritoryCode;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Runs Flyway: the pod-wide migrations of {@code db/global/} into schema {@code global}, and each
 * service's migrations into each territory schema, every service with its own history table.
 *
 * <p>Several services share a territory schema, so the second one to migrate finds a non-empty
 * schema without its history table. {@code baselineOnMigrate} with {@code baselineVersion = 0}
 * makes Flyway start a history there and still apply that service's V1 (a baseline at 1 would
 * silently skip it). Migrations run with {@code extensions} on the search path, so citext and
 * pg_trgm resolve in every territory.
 */
public final class Migrator {
    private static final System.Logger LOG = System.getLogger(Migrator.class.getName());

    /** The pod-wide migrations of {@code db/global/}, as a set (for the up-to-date check). */
    private static final ServiceMigrations GLOBAL = new ServiceMigrations("global", "global", "flyway_history", Map.of(),
            Migrator.class.getClassLoader());

    private final DataSource dataSource;
    private final Map<ServiceMigrations, Optional<Set<CarriedMigrations.Script>>> carriedSets =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final Runnable afterMigration;
    private final boolean skipWhenCurrent;

    /**
     * A migrator on the given data source that skips Flyway for a schema already at the carried
     * migrations.
     *
     * @param dataSource  the pool
     * @param afterMigration run after the global migrations (replaces pooled connections, so new
     *                       ones see the database's settings)
     */
    public Migrator(DataSource dataSource, Runnable afterMigration) {
        this(dataSource, afterMigration, true);
    }

    /**
     * A migrator on the given data source.
     *
     * @param dataSource      the pool
     * @param afterMigration  run after the global migrations (replaces pooled connections, so new
     *                        ones see the database's settings)
     * @param skipWhenCurrent whether to skip Flyway for a schema that already records exactly the
     *                        migrations this process carries ({@code agora.db.migrate.skip-when-current},
     *                        default true; false runs Flyway's validation at every start)
     */
    public Migrator(DataSource dataSource, Runnable afterMigration, boolean skipWhenCurrent) {
        this.skipWhenCurrent = skipWhenCurrent;
        this.dataSource = new ExtensionsDataSource(dataSource);
        this.afterMigration = afterMigration;
    }

    /** Migrates schema {@code global} (the registry, extensions, database settings). */
    public void migrateGlobal() {
        if (skipWhenCurrent && upToDate("global", GLOBAL)) {
            afterMigration.run();
            return;
        }
        MigrateResult result = Flyway.configure(Migrator.class.getClassLoader())
                .dataSource(dataSource)
                .schemas("global")
                .defaultSchema("global")
                .table("flyway_history")
                .locations("classpath:agora-db/global")
                .load()
                .migrate();
        log("global", "global", result);
        afterMigration.run();
    }

    /**
     * Creates a territory's schema if needed and brings every given service's tables up to date in it.
     *
     * @param territory the territory
     * @param services  the services whose tables the schema holds
     */
    public void migrateTerritory(TerritoryCode territory, List<ServiceMigrations> services) {
        migrateSchema(territory.schema(), territory.value(), services);
    }

    /**
     * Brings service tables that live in schema {@code global} (pod-wide event tables) up to date.
     * Runs after {@link #migrateGlobal()}.
     *
     * @param services the migration sets
     */
    public void migratePodTables(List<ServiceMigrations> services) {
        migrateSchema("global", "", services);
    }

    private void migrateSchema(String schema, String territory, List<ServiceMigrations> services) {
        createSchema(schema);
        for (ServiceMigrations service : services) {
            if (skipWhenCurrent && upToDate(schema, service)) {
                continue;
            }
            Map<String, String> placeholders = new java.util.HashMap<>(service.placeholders());
            placeholders.put("territory", territory);
            MigrateResult result = Flyway.configure(service.loader())
                    .dataSource(dataSource)
                    .schemas(schema)
                    .defaultSchema(schema)
                    .createSchemas(true)
                    .table(service.historyTable())
                    .locations(service.location())
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .placeholders(placeholders)
                    .load()
                    .migrate();
            log(schema, service.name(), result);
        }
    }

    /**
     * Whether a schema's history of a migration set records exactly the versioned migrations this
     * process carries, all successful: then Flyway would do nothing, and the migrator skips starting
     * it (loading its classes, scanning the module path, validating). Any doubt answers false.
     *
     * @param schema  the schema ({@code global}, {@code territory_dk})
     * @param service the migration set
     * @return whether it is up to date there
     */
    public boolean upToDate(String schema, ServiceMigrations service) {
        // What a process carries does not change while it runs: read each set's files once.
        Optional<Set<CarriedMigrations.Script>> carried = carriedSets.computeIfAbsent(service, CarriedMigrations::of);
        if (carried.isEmpty()) {
            return false;
        }
        Set<CarriedMigrations.Script> recorded = new HashSet<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT version, script, checksum, success, type FROM " + schema + "."
                     + service.historyTable() + " ORDER BY installed_rank")) {
            while (rows.next()) {
                if (!rows.getBoolean("success")) {
                    return false;
                }
                if (rows.getString("type").equals("SQL")) {
                    recorded.add(new CarriedMigrations.Script(rows.getString("version"), rows.getString("script"),
                            rows.getInt("checksum")));
                }
            }
        } catch (SQLException e) {
            // No history table yet (a new schema or service), or no database: Flyway decides.
            return false;
        }
        return recorded.equals(carried.get());
    }

    /*
     * The schema exists even while no mounted service keeps tables in it, so a territory is
     * complete the moment it is created. The name comes from a validated code, never from input.
     */
    private void createSchema(String schema) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create schema " + schema + ": " + e.getMessage(), e);
        }
    }

    private static void log(String schema, String service, MigrateResult result) {
        if (result.migrationsExecuted > 0) {
            LOG.log(System.Logger.Level.INFO, "Migrated {0} for {1}: {2} migration(s), now at version {3}",
                    schema, service, result.migrationsExecuted, result.targetSchemaVersion);
        }
    }
}
