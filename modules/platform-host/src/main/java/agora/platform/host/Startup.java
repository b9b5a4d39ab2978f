package agora.platform.host;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import agora.auth.api.AccountFacts;
import agora.auth.api.SigningKeys;
import agora.badge.api.PermissionFacts;
import agora.platform.contract.Catalog;
import agora.platform.contract.EventType;
import agora.platform.contract.TerritoryCode;
import agora.platform.core.loop.Loops;
import agora.platform.data.Database;
import agora.platform.data.DatabaseConfig;
import agora.platform.data.Platform;
import agora.platform.data.audit.AuditLog;
import agora.platform.data.migrate.ServiceMigrations;
import agora.platform.data.territory.Territory;
import agora.platform.data.timer.Timers;
import agora.platform.events.Events;
import agora.platform.events.EventsConfig;
import agora.platform.events.Subscription;
import agora.platform.events.TerritoryCreated;
import agora.platform.observe.Checks;
import agora.platform.observe.Observability;
import agora.platform.observe.Tracing;
import agora.platform.security.Security;
import agora.platform.security.SecurityConfig;
import agora.platform.security.token.PublicKeys;
import agora.platform.security.web.Cors;
import agora.platform.state.SharedState;
import agora.platform.web.AgoraServer;
import agora.platform.web.Listeners;
import agora.platform.web.OpenApi;

import io.helidon.config.Config;
import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.Filter;

/**
 * The start of a {@link Host}, step by step (the order matters, see {@link Host}): backends, the
 * services' mounts, pod-wide tables, every territory, the services' start-up work, events and loops,
 * then the listeners. A step that fails undoes what the earlier ones opened.
 */
final class Startup {
    /** The shared-cache namespace of the authorization view. */
    private static final String AUTHORIZATION_CACHE = "authz";
    /** How often the host looks for territories another process created that this one lacks. */
    private static final Duration CATCH_UP = Duration.ofSeconds(10);
    /** How often due timers are looked for unless {@code agora.timers.poll-interval} says otherwise. */
    private static final Duration TIMER_POLL = Duration.ofSeconds(15);
    /** How soon after Redis answers again a failed authorization-view write is undone. */
    private static final Duration VIEW_REPAIR = Duration.ofMillis(500);
    private static final System.Logger LOG = System.getLogger(Startup.class.getName());

    private Startup() {
    }

    static Host start(Config root, Clock clock, List<AgoraService> services, List<Catalog> catalogs,
                      Optional<LocalDefaults> defaults) {
        StartTimes times = new StartTimes();
        Observability.bindJvmMeters();
        times.mark("meters");
        List<AgoraService> sorted = checked(services);
        // First, so that a token that cannot be kept stops the start before anything is opened.
        OperatorToken operatorToken = OperatorToken.from(root).prepare();
        LocalDefaults.Database chosen = database(root, defaults);
        LOG.log(System.Logger.Level.INFO, "Database: {0}", chosen.description());
        Tracing tracing = Tracing.from(root);
        Database database = Database.connect(chosen.config(), tracing.spans());
        times.mark("pool");
        try {
            return start(root, clock, sorted, catalogs, defaults.isPresent(), chosen, database, tracing, operatorToken,
                    times);
        } catch (RuntimeException | Error e) {
            database.close();
            tracing.close();
            chosen.stop().run();
            throw e;
        }
    }

    private static Host start(Config root, Clock clock, List<AgoraService> services, List<Catalog> added,
                              boolean local, LocalDefaults.Database chosen, Database database, Tracing tracing,
                              OperatorToken operatorToken, StartTimes times) {
        Platform platform = Platform.create(root, database, clock);
        EventsConfig eventsConfig = EventsConfig.from(root);
        if (eventsConfig.natsUrl().isEmpty() && !local) {
            throw new IllegalStateException("set AGORA_NATS_URL: a service deployed on its own publishes through NATS "
                    + "JetStream (the in-process bus serves only a single-process pod)");
        }
        if (root.get("agora.redis.url").asString().orElse("").isBlank() && !local) {
            throw new IllegalStateException("set AGORA_REDIS_URL: the authorization view, throttles and caches must be "
                    + "the ones every other service reads (in-process state serves only a single-process pod)");
        }
        Loops loops = new Loops(clock);
        // NATS and Redis connect while the database is migrated.
        Events events = Events.create(eventsConfig, platform, loops);
        events.connect();
        CompletableFuture<SharedState> connecting = new CompletableFuture<>();
        Thread.ofVirtual().name("agora-state-connect").start(() -> {
            try {
                connecting.complete(SharedState.from(root, clock));
            } catch (Throwable e) {
                connecting.completeExceptionally(e);
            }
        });
        SharedState state;
        try {
            platform.migrator().migrateGlobal();
            times.mark("global schema");
            state = join(connecting);
            times.mark("redis");
        } catch (RuntimeException | Error e) {
            events.close();
            connecting.thenAccept(SharedState::close);
            throw e;
        }
        Catalogs catalogs = Catalogs.load(added);
        List<EventType<?>> declared = new ArrayList<>(catalogs.events());
        declared.add(TerritoryCreated.TYPE);
        events.declare(declared);
        InternalSettings internal = InternalSettings.from(root, services.size() == 1 ? services.getFirst().name() : "pod",
                clock, platform.json().mapper());
        Facts facts = new Facts(catalogs.facts(), catalogs.contributions(), internal.services(), internal.client());
        List<ServiceMount> mounts = new ArrayList<>();
        Preparation preparation = new Preparation(platform, events, mounts);
        SecurityConfig securityConfig = SecurityConfig.from(root.get("agora.security"));
        Lazy<Security> security = new Lazy<>(() -> Security.create(securityConfig, clock, platform.resolver(),
                PublicKeys.configured(securityConfig, clock, () -> Host.servedTerritories(platform),
                        () -> facts.answeredHere(SigningKeys.class), territory -> facts.proxy(SigningKeys.class).jwks(territory)),
                state.cache(AUTHORIZATION_CACHE), facts.proxy(AccountFacts.class), permissions(facts)));
        Lazy<Object> mailer = new Lazy<>(() -> OptionalMail.mailer(root));
        Path home = Path.of(root.get("agora.home").asString().orElse(".")).toAbsolutePath().normalize();
        Timers timers = new Timers(database, clock, platform.json().mapper());
        Host.Parts parts = new Host.Parts(root, platform, events, state, security, mailer, facts, preparation, loops, timers, home);
        try {
            for (AgoraService service : services) {
                ServiceMount mount = new ServiceMount(service, parts);
                service.mount(mount);
                mounts.add(mount);
            }
            times.mark("mount");
            requireKeys(securityConfig, security, facts);
            String identity = internal.identity();
            List<ServiceMigrations> podTables = new ArrayList<>();
            mounts.forEach(mount -> podTables.addAll(mount.podMigrations()));
            podTables.add(Events.migrations(identity));
            platform.migrator().migratePodTables(podTables.stream().distinct().toList());
            // Territories created by another process (the territory service deployed apart, another
            // replica): prepared when their event arrives, and by the catch-up loop if it is missed.
            events.subscribe(Subscription.pod(identity, "territory_migrations", TerritoryCreated.TYPE.service())
                    .on(TerritoryCreated.TYPE, (transaction, event, created) ->
                            preparation.prepareIfNeeded(TerritoryCode.of(created.code()))));
            for (Territory territory : platform.territories().all()) {
                preparation.prepare(territory.code());
            }
            times.mark("territories");
            mounts.forEach(mount -> mount.starts().forEach(Runnable::run));
            times.mark("start-up work");
            events.start();
            times.mark("events");
            loops.every("territories", CATCH_UP, preparation::catchUp);
            // Writes to the authorization view that failed while Redis was away are undone as soon
            // as it answers: the entries are deleted, so the next check asks their owner.
            loops.every("authorization-view", VIEW_REPAIR, () -> {
                if (security.made()) {
                    security.get().view().repair();
                }
            });
            if (timers.any()) {
                loops.every("timers", root.get("agora.timers.poll-interval").as(Duration.class)
                        .orElse(TIMER_POLL), () -> timers.fireDue(Host.servedTerritories(platform)));
            }
            loops.start();
            return serve(root, parts, mounts, internal, securityConfig, tracing, chosen, operatorToken, times);
        } catch (RuntimeException | Error e) {
            loops.close();
            events.close();
            state.close();
            throw e;
        }
    }

    private static Host serve(Config root, Host.Parts parts, List<ServiceMount> mounts, InternalSettings internal,
                              SecurityConfig securityConfig, Tracing tracing, LocalDefaults.Database chosen,
                              OperatorToken operatorToken, StartTimes times) {
        Platform platform = parts.platform();
        List<String> documents = new ArrayList<>();
        mounts.forEach(mount -> mount.openApi().ifPresent(documents::add));
        documents.add(Events.openApi());
        Set<String> problems = new java.util.LinkedHashSet<>();
        mounts.forEach(mount -> mount.declaredProblems().forEach(problem -> problems.add(problem.code())));
        OpenApi openApi = OpenApi.merge(documents, platform.json(), problems);
        AgoraServer.Settings settings = AgoraServer.Settings.from(root);
        List<HealthCheck> checks = new ArrayList<>();
        checks.add(Checks.ping("postgresql", chosen.description().startsWith("PostgreSQL at") ? "remote" : "local",
                platform.database()::ping));
        checks.add(parts.events().usesNats() ? Checks.ping("nats", "remote", parts.events()::ping)
                : Checks.local("nats", "in-process"));
        checks.add(parts.state().inProcess() ? Checks.local("redis", "in-process")
                : Checks.ping("redis", "remote", parts.state()::ping));
        checks.add(Checks.loops(parts.loops()));
        mounts.forEach(mount -> mount.readinessChecks().forEach((name, check) -> checks.add(Checks.ping(name,
                mount.name(), check))));
        AtomicReference<Listeners> watched = new AtomicReference<>();
        checks.add(listenersCheck(watched));
        AtomicReference<AgoraServer.Routed> firstRoutes = new AtomicReference<>();
        // Built once at start, and again on the same ports should a listener stop (Listeners).
        Function<Map<String, Integer>, WebServer> server = ports -> {
            WebServerConfig.Builder builder = WebServer.builder();
            AgoraServer.Routed routed = AgoraServer.configure(builder, settings.onPorts(
                            ports.getOrDefault(WebServer.DEFAULT_SOCKET_NAME, settings.port()),
                            ports.getOrDefault(AgoraServer.OPERATOR_SOCKET, settings.operatorPort())),
                    platform.json(),
                    api -> {
                        api.filter(tracing.serverFilter());
                        // Also with no origin configured: then every preflight is refused (403), as documented.
                        api.filter(new Cors(securityConfig.corsOrigins()));
                        api.filter(auditAddress(parts));
                        mounts.forEach(mount -> mount.registerRoutes(api));
                        openApi.serve(api, false);
                    },
                    operator -> {
                        // Before anything else of this listener, the 404 of an unknown path included.
                        operator.filter(new OperatorAccess(operatorToken));
                        operator.filter(tracing.serverFilter());
                        operator.filter(auditAddress(parts));
                        mounts.forEach(mount -> mount.registerOperatorRoutes(operator));
                        parts.events().operatorRoutes(operator);
                        openApi.serve(operator, true);
                    });
            firstRoutes.compareAndSet(null, routed);
            internal.endpoint(parts.facts()).ifPresent(endpoint -> AgoraServer.addListener(builder,
                    Host.INTERNAL_SOCKET, internal.host(), ports.getOrDefault(Host.INTERNAL_SOCKET, internal.port()),
                    settings, platform.json(), routes -> {
                        routes.filter(tracing.serverFilter());
                        endpoint.routes(routes);
                    }));
            Observability.install(builder, checks);
            return builder.build();
        };
        Listeners listeners = Listeners.start(server, Map.of(WebServer.DEFAULT_SOCKET_NAME, settings.host(),
                AgoraServer.OPERATOR_SOCKET, "127.0.0.1", Host.INTERNAL_SOCKET, internal.host()), Listeners.DEFAULT_WATCH);
        watched.set(listeners);
        times.mark("listeners");
        times.done();
        Host host = new Host(parts, mounts, listeners, firstRoutes.get(), openApi, chosen.stop(), tracing);
        host.logStart(chosen, internal, securityConfig, operatorToken, times);
        return host;
    }

    /* Readiness says when a listener has stopped and how often the listeners were started again. */
    private static HealthCheck listenersCheck(AtomicReference<Listeners> watched) {
        return Checks.readiness("listeners", () -> {
            Listeners listeners = watched.get();
            if (listeners == null) {
                return HealthCheckResponse.builder().status(true).detail("listeners", "starting").build();
            }
            return HealthCheckResponse.builder()
                    .status(listeners.trouble().isEmpty())
                    .detail("listeners", listeners.trouble().orElse("accepting connections"))
                    .detail("restarts", listeners.restarts())
                    .build();
        });
    }

    private static List<AgoraService> checked(List<AgoraService> services) {
        if (services.isEmpty()) {
            throw new IllegalStateException("no Agora service on the module path: a process needs at least one");
        }
        Set<String> names = new HashSet<>();
        for (AgoraService service : services) {
            if (!service.name().matches("[a-z][a-z0-9_]*")) {
                throw new IllegalStateException("a service name is lower-case letters, digits and _: " + service.name());
            }
            if (!names.add(service.name())) {
                throw new IllegalStateException("two services are named " + service.name());
            }
        }
        List<AgoraService> sorted = new ArrayList<>(services);
        sorted.sort(Comparator.comparing(AgoraService::name));
        return sorted;
    }

    private static LocalDefaults.Database database(Config root, Optional<LocalDefaults> defaults) {
        Config db = root.get("agora.db");
        Optional<String> url = db.get("url").asString().asOptional().filter(value -> !value.isBlank());
        if (url.isPresent()) {
            return new LocalDefaults.Database(DatabaseConfig.from(db, url.get()),
                    "PostgreSQL at " + url.get() + " (agora.db.url / AGORA_DB_URL)", () -> { });
        }
        return defaults.map(local -> local.database(root)).orElseThrow(() -> new IllegalStateException(
                "set AGORA_DB_URL: a service deployed on its own needs its pod's PostgreSQL"));
    }

    /* Without badge in the process or a badge URL, nobody holds a permission unless an event grants it. */
    private static PermissionFacts permissions(Facts facts) {
        PermissionFacts badge = facts.proxy(PermissionFacts.class);
        return (territory, user) -> facts.answerable(PermissionFacts.class) ? badge.permissions(territory, user)
                : Set.of();
    }

    private static void requireKeys(SecurityConfig config, Lazy<Security> security, Facts facts) {
        if (security.made() && config.jwksUrl().isEmpty() && !facts.answeredHere(SigningKeys.class)) {
            throw new IllegalStateException("set AGORA_SECURITY_JWKS_dash_URL (the auth service's "
                    + "/.well-known/jwks.json): this process verifies tokens but runs no auth service");
        }
    }


    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }


    /**
     * The one place that names {@code agora.platform.mail}: a process whose services send no mail has
     * no Jakarta Mail on its module path, and no code of the host may link against it until a
     * service asks for mail.
     */
    private static final class OptionalMail {
        static Object mailer(Config root) {
            return agora.platform.mail.Mailer.from(root.get("agora.mail"));
        }
    }


    /**
     * Puts each request's client address (behind trusted proxies) in its context, once for every
     * service, where {@link AuditLog}'s recording from the request finds it.
     */
    private static Filter auditAddress(Host.Parts parts) {
        return (chain, request, response) -> {
            request.context().register(AuditLog.CLIENT_ADDRESS,
                    parts.security().get().clientAddress().of(request).getHostAddress());
            chain.proceed();
        };
    }
}
