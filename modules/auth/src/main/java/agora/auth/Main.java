package agora.auth;

import java.time.Clock;
import java.util.List;
import java.util.Set;

import agora.platform.data.Database;
import agora.platform.data.DatabaseConfig;
import agora.platform.data.Platform;
import agora.platform.data.migrate.ServiceMigrations;
import agora.platform.data.territory.Territory;
import agora.platform.events.Events;
import agora.platform.events.EventsConfig;
import agora.platform.observe.Checks;
import agora.platform.observe.Observability;
import agora.platform.observe.Tracing;
import agora.platform.security.Security;
import agora.platform.security.SecurityConfig;
import agora.platform.security.token.PublicKeys;
import agora.platform.state.InProcessState;
import agora.platform.state.SharedState;
import agora.platform.web.AgoraServer;
import agora.platform.web.OpenApi;

import io.helidon.config.Config;
import io.helidon.webserver.WebServer;

/**
 * Runs the auth service alone, as its container image does: against PostgreSQL
 * ({@code AGORA_DB_URL}), NATS JetStream ({@code AGORA_NATS_URL}) and Redis ({@code AGORA_REDIS_URL}:
 * the authorization view must be the one every other service reads).
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
        Observability.bindJvmMeters();
        Config config = Config.create();
        String url = config.get("agora.db.url").asString()
                .orElseThrow(() -> new IllegalStateException("set AGORA_DB_URL: the auth service needs PostgreSQL"));
        EventsConfig eventsConfig = EventsConfig.from(config);
        if (eventsConfig.natsUrl().isEmpty()) {
            throw new IllegalStateException("set AGORA_NATS_URL: a service deployed on its own publishes through NATS "
                    + "JetStream (the in-process bus serves only a single-process pod)");
        }
        if (config.get("agora.redis.url").asString().orElse("").isBlank()) {
            throw new IllegalStateException("set AGORA_REDIS_URL: suspensions and logouts reach the other services "
                    + "through the authorization view in Redis");
        }
        Tracing tracing = Tracing.from(config);
        Database database = Database.connect(DatabaseConfig.from(config.get("agora.db"), url), tracing.spans());
        Platform platform = Platform.create(config, database, Clock.systemUTC());
        platform.migrator().migrateGlobal();
        Events events = Events.create(eventsConfig, platform);
        SharedState state = SharedState.from(config, platform.clock());
        SecurityConfig securityConfig = SecurityConfig.from(config.get("agora.security"));
        AuthService service = AuthService.create(platform, events, state, (jwks, accounts) -> Security.create(securityConfig,
                platform.clock(), platform.resolver(), PublicKeys.configured(securityConfig, platform.clock(), jwks),
                state.cache("authz"), accounts, (territory, user) -> Set.of()));
        List<ServiceMigrations> tables = service.territoryMigrations();
        // Territories that exist now; later ones arrive as territory.created.
        for (Territory territory : platform.territories().all()) {
            platform.migrator().migrateTerritory(territory.code(), tables);
            platform.readiness().markReady(territory.code());
        }
        events.migrateNewTerritories(AuthService.NAME, tables);
        platform.migrator().migratePodTables(List.of(Events.migrations(AuthService.NAME)));
        service.start();
        events.start();
        OpenApi openApi = OpenApi.merge(List.of(service.openApi(), Events.openApi()), platform.json());
        WebServer server = AgoraServer.start(AgoraServer.Settings.from(config), platform.json(),
                api -> {
                    api.filter(tracing.serverFilter());
                    if (!securityConfig.corsOrigins().isEmpty()) {
                        api.filter(service.security().cors());
                    }
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
        System.getLogger(Main.class.getName()).log(System.Logger.Level.INFO, "Auth service is up; mail: {0}",
                service.mailDescription());
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            server.stop();
            service.stop();
            events.close();
            state.close();
            database.close();
            tracing.close();
        }));
    }
}
