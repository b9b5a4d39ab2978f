package agora.platform.data.migrate;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import agora.platform.contract.TerritoryCode;
import agora.platform.data.Database;
import agora.platform.data.DatabaseConfig;
import agora.platform.data.Platform;
import agora.platform.testing.TestDatabase;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Starting against a schema that already has every migration skips Flyway; anything else runs it,
 * so a changed or new migration is never skipped.
 */
class MigratorTest {
    private static final ServiceMigrations ALPHA = ServiceMigrations.of("alpha", MigratorTest.class);
    private static final ServiceMigrations BETA = ServiceMigrations.of("beta", MigratorTest.class);
    private static Platform platform;

    @BeforeAll
    static void start() {
        TestDatabase testDatabase = TestDatabase.get();
        Database database = Database.connect(new DatabaseConfig(testDatabase.jdbcUrl(), testDatabase.user(), "", 4,
                DatabaseConfig.DEFAULT_CONNECT_TIMEOUT));
        platform = Platform.create(Config.just(ConfigSources.create(Map.of(
                "agora.web.cursor.secret", "a test secret of at least thirty-two bytes"))), database, Clock.systemUTC());
        platform.migrator().migrateGlobal();
    }

    @Test
    void whatTheProcessCarriesIsWhatFlywayRecordsChecksumsIncluded() throws Exception {
        platform.migrator().migrateTerritory(TerritoryCode.of("AD"), List.of(ALPHA, BETA));
        assertEquals(recorded("territory_ad", "flyway_history_beta"), CarriedMigrations.of(BETA).orElseThrow());
        assertEquals(2, CarriedMigrations.of(BETA).orElseThrow().size());
        assertTrue(platform.migrator().upToDate("territory_ad", ALPHA));
        assertTrue(platform.migrator().upToDate("territory_ad", BETA));
        assertTrue(platform.migrator().upToDate("global", new ServiceMigrations("global", "global", "flyway_history",
                Map.of(), Database.class.getClassLoader())), "and the global schema");
    }

    @Test
    void aSchemaWithoutTheSetsHistoryIsNotUpToDate() {
        assertFalse(platform.migrator().upToDate("territory_zw", ALPHA));
        platform.migrator().migrateTerritory(TerritoryCode.of("ZW"), List.of(ALPHA));
        assertTrue(platform.migrator().upToDate("territory_zw", ALPHA));
        assertFalse(platform.migrator().upToDate("territory_zw", BETA), "beta has not run there yet");
    }

    @Test
    void aRecordedMigrationThatDiffersFromTheCarriedOneIsNotSkippedSoFlywayRefusesIt() throws Exception {
        platform.migrator().migrateTerritory(TerritoryCode.of("SM"), List.of(ALPHA));
        try (Connection connection = TestDatabase.get().connect(); Statement statement = connection.createStatement()) {
            statement.execute("UPDATE territory_sm.flyway_history_alpha SET checksum = checksum + 1 WHERE version = '1'");
        }
        assertFalse(platform.migrator().upToDate("territory_sm", ALPHA));
        RuntimeException refused = assertThrows(RuntimeException.class,
                () -> platform.migrator().migrateTerritory(TerritoryCode.of("SM"), List.of(ALPHA)));
        assertTrue(refused.getMessage().contains("checksum"), refused.getMessage());
    }

    private static Set<CarriedMigrations.Script> recorded(String schema, String table) throws Exception {
        Set<CarriedMigrations.Script> scripts = new HashSet<>();
        try (Connection connection = TestDatabase.get().connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT version, script, checksum FROM " + schema + "." + table
                     + " WHERE type = 'SQL'")) {
            while (rows.next()) {
                scripts.add(new CarriedMigrations.Script(rows.getString(1), rows.getString(2), rows.getInt(3)));
            }
        }
        return scripts;
    }
}
