package agora.territory;

import java.time.Clock;
import java.util.List;

import agora.platform.data.Database;
import agora.platform.data.DatabaseConfig;
import agora.platform.data.Platform;
import agora.platform.web.AgoraServer;

import io.helidon.config.Config;
import io.helidon.webserver.WebServer;

/**
 * Runs the territory service alone, against a configured PostgreSQL ({@code AGORA_DB_URL}):
 * how it runs in its own container image.
 */
public final class Main {
    private Main() {
    }

    /**
     * Starts the service.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        AgoraServer.configureLogging();
        Config config = Config.create();
        String url = config.get("agora.db.url").asString()
                .orElseThrow(() -> new IllegalStateException("set AGORA_DB_URL: the territory service needs PostgreSQL"));
        Database database = Database.connect(DatabaseConfig.from(config.get("agora.db"), url));
        Platform platform = Platform.create(config, database, Clock.systemUTC());
        platform.migrator().migrateGlobal();
        TerritoryService service = TerritoryService.create(platform, List.of());
        service.start(config.get("agora.territories.seed").asString().orElse(TerritoryService.DEFAULT_SEED));
        WebServer server = AgoraServer.start(AgoraServer.Settings.from(config), platform.json(),
                service::routes, service::operatorRoutes);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            server.stop();
            database.close();
        }));
    }
}
