package agora.platform.data;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import agora.platform.contract.TerritoryCode;
import agora.platform.data.migrate.ServiceMigrations;
import agora.platform.testing.TestDatabase;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

/** One platform per test JVM on this run's private database, with the global schema migrated. */
final class TestPlatform {
    static final ServiceMigrations ALPHA = ServiceMigrations.of("alpha", TestPlatform.class);
    static final ServiceMigrations BETA = ServiceMigrations.of("beta", TestPlatform.class);

    private static Platform platform;

    private TestPlatform() {
    }

    static synchronized Platform get() {
        if (platform == null) {
            TestDatabase testDatabase = TestDatabase.get();
            Config config = Config.just(ConfigSources.create(Map.of(
                    "agora.web.cursor.secret", "a test secret of at least thirty-two bytes")));
            Database database = Database.connect(new DatabaseConfig(testDatabase.jdbcUrl(), testDatabase.user(), "", 4,
                    DatabaseConfig.DEFAULT_CONNECT_TIMEOUT));
            platform = Platform.create(config, database, Clock.systemUTC());
            platform.migrator().migrateGlobal();
        }
        return platform;
    }

    /** Registers a territory directly (the territory service does this in production) and migrates it. */
    static void territory(String code, String status, List<String> hosts) {
        Platform platform = get();
        TerritoryCode territory = TerritoryCode.of(code);
        TestDatabase.get().registerTerritory(code, "da", status, hosts);
        platform.migrator().migrateTerritory(territory, List.of(ALPHA, BETA));
        platform.readiness().markReady(territory);
        platform.territories().invalidate();
    }
}
