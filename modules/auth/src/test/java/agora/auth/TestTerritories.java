package agora.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import agora.platform.data.Database;
import agora.platform.data.DatabaseConfig;
import agora.platform.data.Platform;
import agora.platform.data.TerritoryCode;
import agora.platform.data.audit.AuditLog;
import agora.platform.data.migrate.ServiceMigrations;
import agora.platform.events.Events;
import agora.platform.testing.TestDatabase;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

/**
 * Platforms on this run's private database, and territories registered as active with the auth
 * tables migrated (the territory service does that in production).
 */
final class TestTerritories {
    /** The secret the tests' keys are encrypted with. */
    static final String SECRET = KeySecret.generate();

    private TestTerritories() {
    }

    static Platform platform(Clock clock) {
        return platform(clock, Map.of());
    }

    static Platform platform(Clock clock, Map<String, String> settings) {
        TestDatabase testDatabase = TestDatabase.get();
        Map<String, String> all = new java.util.HashMap<>(settings);
        all.put("agora.web.cursor.secret", "a test secret of at least thirty-two bytes");
        all.put(KeySecret.CONFIG_KEY, SECRET);
        Config config = Config.just(ConfigSources.create(all));
        Database database = Database.connect(new DatabaseConfig(testDatabase.jdbcUrl(), testDatabase.user(), "", 4,
                DatabaseConfig.DEFAULT_CONNECT_TIMEOUT));
        Platform platform = Platform.create(config, database, clock);
        platform.migrator().migrateGlobal();
        return platform;
    }

    static TerritoryCode register(Platform platform, String code) {
        TerritoryCode territory = TerritoryCode.of(code);
        platform.database().inGlobal(db -> db.insert(
                "INSERT INTO territories (code, name, language, status, created_at, updated_at) "
                        + "VALUES (?, ?, 'en', 'active', ?, ?) ON CONFLICT (code) DO NOTHING",
                code, "Test " + code, Database.timestamp(Instant.now()), Database.timestamp(Instant.now())));
        platform.migrator().migrateTerritory(territory, List.of(ServiceMigrations.of(AuthService.NAME, AuthService.class),
                Events.migrations(AuthService.NAME), AuditLog.migrations(AuthService.NAME)));
        platform.readiness().markReady(territory);
        platform.territories().invalidate();
        return territory;
    }
}
