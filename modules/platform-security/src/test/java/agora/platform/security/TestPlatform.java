package agora.platform.security;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import agora.platform.contract.TerritoryCode;
import agora.platform.data.Database;
import agora.platform.data.DatabaseConfig;
import agora.platform.data.Platform;
import agora.platform.data.territory.TerritoryResolver;
import agora.platform.testing.TestDatabase;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

/**
 * One platform per test JVM on this run's private database, with the territories DK and NO
 * registered as active (the territory service does that in production), so requests resolve
 * their territory exactly as they do in a pod.
 */
final class TestPlatform {
    static final TerritoryCode DK = TerritoryCode.of("DK");
    static final TerritoryCode NO = TerritoryCode.of("NO");

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
            register(DK);
            register(NO);
        }
        return platform;
    }

    /** The resolver of requests: {@code X-Territory}, else DK. */
    static TerritoryResolver resolver() {
        return new TerritoryResolver(get().territories(), get().readiness(), Optional.of(DK));
    }

    private static void register(TerritoryCode code) {
        TestDatabase.get().registerTerritory(code.value(), "da", "active", java.util.List.of());
        platform.readiness().markReady(code);
        platform.territories().invalidate();
    }
}
