package agora.territory;

import java.time.Clock;
import java.util.List;

import agora.platform.data.Database;
import agora.platform.data.DatabaseConfig;
import agora.platform.data.Platform;
import agora.platform.events.Events;
import agora.platform.events.EventsConfig;
import agora.platform.observe.Checks;
import agora.platform.observe.Observability;
import agora.platform.observe.Tracing;
import agora.platform.state.InProcessState;
import agora.platform.state.SharedState;
import agora.platform.web.AgoraServer;
import agora.platform.web.OpenApi;

import io.helidon.config.Config;
import io.helidon.webserver.WebServer;

/**
 * Runs the territory service alone, against a configured PostgreSQL ({@code AGORA_DB_URL}) and NATS
 * ({@code AGORA_NATS_URL}): how it runs in its own container image.
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
        Tracing tracing = Tracing.from(config);
        Database database = Database.connect(DatabaseConfig.from(config.get("agora.db"), url), tracing.spans());
        EventsConfig eventsConfig = EventsConfig.from(config);
        if (eventsConfig.natsUrl().isEmpty()) {
            throw new IllegalStateException("set AGORA_NATS_URL: a service deployed on its own publishes through NATS "
                    + "JetStream (the in-process bus serves only a single-process pod)");
        }
        Platform platform = Platform.create(config, database, Clock.systemUTC());
        platform.migrator().migrateGlobal();
        Events events = Events.create(eventsConfig, platform);
        TerritoryService service = TerritoryService.create(platform, events, List.of());
        platform.migrator().migratePodTables(service.podMigrations());
        service.start(config.get("agora.territories.seed").asString().orElse(TerritoryService.DEFAULT_SEED));
        events.start();
        SharedState state = SharedState.from(config, platform.clock());
        OpenApi openApi = OpenApi.merge(List.of(service.openApi(), Events.openApi()), platform.json());
        WebServer server = AgoraServer.start(AgoraServer.Settings.from(config), platform.json(),
                api -> {
                    api.filter(tracing.serverFilter());
                    service.routes(api);
                    openApi.serve(api, false);
                },
                operator -> {
                    operator.filter(tracing.serverFilter());
                    service.operatorRoutes(operator);
                    events.operatorRoutes(operator);
                    openApi.serve(operator, true);
                },
                builder -> Observability.install(builder, List.of(
                        Checks.ping("postgresql", "remote", database::ping),
                        Checks.ping("nats", "remote", events::ping),
                        state instanceof InProcessState ? Checks.local("redis", "in-process")
                                : Checks.ping("redis", "remote", state::ping))));
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            server.stop();
            events.close();
            state.close();
            database.close();
            tracing.close();
        }));
    }
}
