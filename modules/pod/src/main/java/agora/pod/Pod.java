package agora.pod;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import agora.platform.data.Database;
import agora.platform.data.MountedService;
import agora.platform.data.Platform;
import agora.platform.data.embedded.DefaultDatabase;
import agora.platform.data.embedded.EmbeddedPostgres;
import agora.platform.data.migrate.ServiceMigrations;
import agora.platform.events.Events;
import agora.platform.events.EventsConfig;
import agora.platform.security.Security;
import agora.platform.security.SecurityConfig;
import agora.platform.security.authz.PermissionLoader;
import agora.platform.security.token.PublicKeys;
import agora.platform.state.InProcessState;
import agora.platform.state.SharedState;
import agora.platform.observe.Checks;
import agora.platform.observe.Observability;
import agora.platform.observe.Tracing;
import agora.platform.web.AgoraServer;
import agora.platform.web.OpenApi;
import agora.auth.AuthService;
import agora.territory.TerritoryService;

import io.helidon.config.Config;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;

/**
 * Every service of a pod in one process: the database chosen (configured or embedded), the global
 * schema and every territory migrated, the seed territories created, and all routes on one server
 * with its operator listener.
 */
public final class Pod implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Pod.class.getName());
    /** The pod's own name where it keeps event tables (processed ids of its pod-wide consumers). */
    private static final String POD = "pod";
    /** The shared-cache namespace of the authorization view. */
    private static final String AUTHORIZATION_CACHE = "authz";
    /**
     * Permissions come from badges, and the badge service is not built yet: until it is, nobody
     * holds a permission unless an event grants it (territory admins act through their role).
     */
    private static final PermissionLoader NO_BADGES_YET = (territory, user) -> Set.of();

    private final WebServer server;
    private final Events events;
    private final SharedState state;
    private final Database database;
    private final DefaultDatabase.Choice databaseChoice;

    private final AgoraServer.Routed routes;
    private final OpenApi openApi;
    private final Tracing tracing;
    private final AuthService auth;

    private Pod(WebServer server, Events events, SharedState state, Database database,
                DefaultDatabase.Choice databaseChoice, AgoraServer.Routed routes, OpenApi openApi, Tracing tracing,
                AuthService auth) {
        this.tracing = tracing;
        this.auth = auth;
        this.routes = routes;
        this.openApi = openApi;
        this.server = server;
        this.events = events;
        this.state = state;
        this.database = database;
        this.databaseChoice = databaseChoice;
    }

    /**
     * Starts a pod.
     *
     * @param config the root configuration
     * @return the running pod
     */
    public static Pod start(Config config) {
        // Before any other thread registers a meter (see Observability.bindJvmMeters).
        Observability.bindJvmMeters();
        DefaultDatabase.Choice choice = DefaultDatabase.choose(config);
        LOG.log(System.Logger.Level.INFO, "Database: {0}", choice.description());
        Tracing tracing = Tracing.from(config);
        Database database = Database.connect(choice.config(), tracing.spans());
        try {
            Platform platform = Platform.create(config, database, Clock.systemUTC());
            platform.migrator().migrateGlobal();

            Events events = Events.create(EventsConfig.from(config), platform);
            SharedState state = SharedState.from(config, platform.clock());

            // Services that keep per-territory tables come first: the territory service migrates
            // each new territory for all of them before it becomes active.
            List<MountedService> services = new ArrayList<>();
            SecurityConfig security = SecurityConfig.from(config.get("agora.security"));
            // Auth is the source of the keys and account facts every guard needs: it builds the
            // pod's security, which every other service is then handed.
            AuthService auth = AuthService.create(platform, events, state, (jwks, accounts) -> Security.create(security,
                    platform.clock(), platform.resolver(), PublicKeys.configured(security, platform.clock(), jwks),
                    state.cache(AUTHORIZATION_CACHE), accounts, NO_BADGES_YET));
            services.add(auth);
            List<ServiceMigrations> territoryTables = services.stream()
                    .flatMap(service -> service.territoryMigrations().stream())
                    .toList();
            TerritoryService territories = TerritoryService.create(platform, events, territoryTables);
            services.add(territories);
            List<ServiceMigrations> podTables = new ArrayList<>(services.stream()
                    .flatMap(service -> service.podMigrations().stream())
                    .toList());
            // Another replica of this pod may create a territory: hearing territory.created, this one
            // migrates it too (a no-op when it created it) and serves it.
            podTables.add(Events.migrations(POD));
            events.migrateNewTerritories(POD, territoryTables);
            platform.migrator().migratePodTables(podTables);
            territories.start(config.get("agora.territories.seed").asString().orElse(TerritoryService.DEFAULT_SEED));
            // After the territories are migrated: each served territory gets its signing keys.
            auth.start();
            events.start();

            AgoraServer.Settings settings = AgoraServer.Settings.from(config);
            List<String> documents = new ArrayList<>(services.stream().map(MountedService::openApi).toList());
            documents.add(Events.openApi());
            OpenApi openApi = OpenApi.merge(documents, platform.json());
            WebServerConfig.Builder builder = WebServer.builder();
            AgoraServer.Routed routed = AgoraServer.configure(builder, settings, platform.json(),
                    api -> {
                        api.filter(tracing.serverFilter());
                        if (!security.corsOrigins().isEmpty()) {
                            api.filter(auth.security().cors());
                        }
                        services.forEach(service -> service.routes(api));
                        openApi.serve(api, false);
                    },
                    operator -> {
                        operator.filter(tracing.serverFilter());
                        services.forEach(service -> service.operatorRoutes(operator));
                        events.operatorRoutes(operator);
                        openApi.serve(operator, true);
                    });
            Observability.install(builder, List.of(
                    Checks.ping("postgresql", choice.embedded().isPresent() ? "embedded" : "remote", database::ping),
                    events.usesNats() ? Checks.ping("nats", "remote", events::ping) : Checks.local("nats", "in-process"),
                    state instanceof InProcessState ? Checks.local("redis", "in-process")
                            : Checks.ping("redis", "remote", state::ping)));
            WebServer server = builder.build().start();
            Pod pod = new Pod(server, events, state, database, choice, routed, openApi, tracing, auth);
            LOG.log(System.Logger.Level.INFO, """
                            Agora pod is up with services {0}.
                              API:       http://{1}:{2,number,#}/api/territories
                              Operator:  http://127.0.0.1:{3,number,#} (loopback only; ./agora territory …)
                              Database:  {4}
                              Events:    {5}
                              State:     {6}
                              Tracing:   {7}
                              Mail:      {8}
                            First territory admin: ./agora bootstrap-admin --territory {9} prints a one-time invitation;
                              register with it at POST /api/auth/register.""",
                    services.stream().map(MountedService::name).toList(), settings.host(), pod.port(),
                    pod.operatorPort(), choice.description(), events.description(), state.description(), tracing.description(),
                    auth.mailDescription(), platform.territories().all().stream().findFirst()
                            .map(territory -> territory.code().value()).orElse("<CODE>"));
            return pod;
        } catch (RuntimeException | Error e) {
            database.close();
            tracing.close();
            choice.embedded().ifPresent(EmbeddedPostgres::close);
            throw e;
        }
    }

    /** The routes of both listeners, as registered. */
    AgoraServer.Routed routes() {
        return routes;
    }

    /** The merged API document. */
    OpenApi openApi() {
        return openApi;
    }

    /** Port of the public listener. */
    public int port() {
        return server.port();
    }

    /** Port of the operator listener. */
    public int operatorPort() {
        return server.port(AgoraServer.OPERATOR_SOCKET);
    }

    /** Stops the server, then relays and consumers, then the pool, then an embedded database. */
    @Override
    public void close() {
        server.stop();
        auth.stop();
        events.close();
        state.close();
        tracing.close();
        database.close();
        databaseChoice.embedded().ifPresent(EmbeddedPostgres::close);
    }
}
