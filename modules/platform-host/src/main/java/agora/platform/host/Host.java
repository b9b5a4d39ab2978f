package agora.platform.host;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Supplier;

import agora.auth.api.AccountFacts;
import agora.auth.api.SigningKeys;
import agora.badge.api.PermissionFacts;
import agora.platform.contract.EventType;
import agora.platform.contract.ProblemKind;
import agora.platform.contract.TerritoryCode;
import agora.platform.data.Database;
import agora.platform.data.DatabaseConfig;
import agora.platform.data.Platform;
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
import agora.platform.state.SharedState;
import agora.platform.web.AgoraServer;
import agora.platform.web.OpenApi;

import io.helidon.config.Config;
import io.helidon.health.HealthCheck;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;

/**
 * One Agora process: whatever services are on the module path (or given), on one database, one
 * event transport, one shared state and one security, served on the public, operator and (between
 * services deployed apart) internal listeners. The pod is the host with every service; a
 * per-service image is the host with one.
 *
 * <p>Start-up, in order: the database (configured, or the pod's local default), the global schema,
 * events and shared state; every service {@linkplain AgoraService#mount mounts}; the pod-wide
 * tables; every existing territory is {@linkplain Provisioning#prepare prepared} (each service's
 * tables and territory hooks); the services' start-up work; events, background loops and the
 * listeners. The log then says which default each part uses and how to change it.
 */
public final class Host implements AutoCloseable {
    /** The internal listener's socket name. */
    public static final String INTERNAL_SOCKET = "internal";
    private static final System.Logger LOG = System.getLogger(Host.class.getName());
    /** The shared-cache namespace of the authorization view. */
    private static final String AUTHORIZATION_CACHE = "authz";
    /** How often the host looks for territories another process created that this one lacks. */
    private static final java.time.Duration CATCH_UP = java.time.Duration.ofSeconds(10);
    /** How often due timers are looked for unless {@code agora.timers.poll-interval} says otherwise. */
    private static final java.time.Duration TIMER_POLL = java.time.Duration.ofSeconds(15);

    private final Parts parts;
    private final List<ServiceMount> mounts;
    private final WebServer server;
    private final AgoraServer.Routed routes;
    private final OpenApi openApi;
    private final Runnable stopDatabase;
    private final Tracing tracing;

    private Host(Parts parts, List<ServiceMount> mounts, WebServer server, AgoraServer.Routed routes, OpenApi openApi,
                 Runnable stopDatabase, Tracing tracing) {
        this.parts = parts;
        this.mounts = mounts;
        this.server = server;
        this.routes = routes;
        this.openApi = openApi;
        this.stopDatabase = stopDatabase;
        this.tracing = tracing;
    }

    /**
     * Starts a process from configuration with the services and local defaults on the module path.
     *
     * @param root the root configuration
     * @return the running process
     */
    public static Host start(Config root) {
        return builder(root).start();
    }

    /**
     * A process to be started, for tests and tools that choose its services or clock.
     *
     * @param root the root configuration
     * @return the builder
     */
    public static Builder builder(Config root) {
        return new Builder(root);
    }

    /** Port of the public listener. */
    public int port() {
        return server.port();
    }

    /** Port of the operator listener (127.0.0.1). */
    public int operatorPort() {
        return server.port(AgoraServer.OPERATOR_SOCKET);
    }

    /** Port of the internal listener, when it runs ({@code agora.internal.secret} set). */
    public Optional<Integer> internalPort() {
        int port = server.port(INTERNAL_SOCKET);
        return port > 0 ? Optional.of(port) : Optional.empty();
    }

    /** The names of the services this process runs, sorted. */
    public List<String> services() {
        return mounts.stream().map(ServiceMount::name).toList();
    }

    /** The routes of the public and operator listeners, as registered. */
    public AgoraServer.Routed routes() {
        return routes;
    }

    /** The served API document. */
    public OpenApi openApi() {
        return openApi;
    }

    /**
     * The problem codes each service declared, by service name.
     *
     * @return the declarations
     */
    public Map<String, List<ProblemKind>> declaredProblems() {
        Map<String, List<ProblemKind>> declared = new LinkedHashMap<>();
        mounts.forEach(mount -> declared.put(mount.name(), mount.declaredProblems()));
        return declared;
    }

    /** The process's platform parts (database, clock, territories …), for tests and tools. */
    public Platform platform() {
        return parts.platform();
    }

    /** The process's events, for tests and tools. */
    public Events events() {
        return parts.events();
    }

    /** The process's shared state. */
    public SharedState state() {
        return parts.state();
    }

    /** The process's security. */
    public Security security() {
        return parts.security().get();
    }

    /**
     * Another service's facts, as a service of this process would ask them.
     *
     * @param contract the facts interface
     * @param <T>      its type
     * @return the facts
     */
    public <T> T facts(Class<T> contract) {
        return parts.facts().proxy(contract);
    }

    /**
     * Stops the listeners (letting requests in flight finish), the background loops, the services'
     * own work, events, state, tracing, the pool and a local database.
     */
    @Override
    public void close() {
        server.stop();
        parts.loops().close();
        for (int i = mounts.size() - 1; i >= 0; i--) {
            for (Runnable stop : mounts.get(i).stops()) {
                try {
                    stop.run();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "Stopping " + mounts.get(i).name() + " failed", e);
                }
            }
        }
        parts.events().close();
        parts.state().close();
        tracing.close();
        parts.platform().database().close();
        stopDatabase.run();
    }

    /**
     * What every mount reads from: the process's parts.
     *
     * @param root         the root configuration
     * @param platform     database, clock, ids, JSON, territories, idempotency, cursors, migrator
     * @param events       the process's events
     * @param state        the process's shared state
     * @param security     built on first use
     * @param mailer       built on first use (a {@code Mailer}; typed {@code Object} so that only a
     *                     service that asks for mail loads Jakarta Mail)
     * @param facts        who answers which facts
     * @param provisioning readies a territory in this process
     * @param loops        background work
     * @param timers       the services' durable timers
     * @param home         {@code agora.home}
     */
    record Parts(Config root, Platform platform, Events events, SharedState state, Supplier<Security> security,
                 Supplier<Object> mailer, Facts facts, Provisioning provisioning, BackgroundLoops loops, Timers timers,
                 Path home) {
    }

    /** Chooses what a process runs, then starts it. */
    public static final class Builder {
        private final Config root;
        private Clock clock = Clock.systemUTC();
        private Optional<List<AgoraService>> services = Optional.empty();
        private Optional<Optional<LocalDefaults>> localDefaults = Optional.empty();

        private Builder(Config root) {
            this.root = Objects.requireNonNull(root, "root");
        }

        /**
         * The clock of every time-dependent rule (a test clock in tests).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Runs exactly these services instead of those found on the module path.
         *
         * @param services the services
         * @return this builder
         */
        public Builder services(List<AgoraService> services) {
            this.services = Optional.of(List.copyOf(services));
            return this;
        }

        /**
         * Runs without local defaults even if the module path offers them: every backend must be
         * configured, as in a per-service image.
         *
         * @return this builder
         */
        public Builder withoutLocalDefaults() {
            this.localDefaults = Optional.of(Optional.empty());
            return this;
        }

        /**
         * Starts the process.
         *
         * @return the running process
         * @throws IllegalStateException when a backend it needs is not configured, or a service's
         *                               declarations do not hold together
         */
        public Host start() {
            List<AgoraService> chosen = services.orElseGet(Builder::discover);
            Optional<LocalDefaults> defaults = localDefaults.orElseGet(() ->
                    ServiceLoader.load(LocalDefaults.class, Host.class.getClassLoader()).findFirst());
            return Host.start(root, clock, chosen, defaults);
        }

        private static List<AgoraService> discover() {
            List<AgoraService> found = new ArrayList<>();
            ServiceLoader.load(AgoraService.class, Host.class.getClassLoader()).forEach(found::add);
            return found;
        }
    }

    private static Host start(Config root, Clock clock, List<AgoraService> services, Optional<LocalDefaults> defaults) {
        StartTimes times = new StartTimes();
        Observability.bindJvmMeters();
        List<AgoraService> sorted = checked(services);
        LocalDefaults.Database chosen = database(root, defaults);
        LOG.log(System.Logger.Level.INFO, "Database: {0}", chosen.description());
        Tracing tracing = Tracing.from(root);
        Database database = Database.connect(chosen.config(), tracing.spans());
        try {
            return start(root, clock, sorted, defaults.isPresent(), chosen, database, tracing, times);
        } catch (RuntimeException | Error e) {
            database.close();
            tracing.close();
            chosen.stop().run();
            throw e;
        }
    }

    private static Host start(Config root, Clock clock, List<AgoraService> services, boolean local,
                              LocalDefaults.Database chosen, Database database, Tracing tracing, StartTimes times) {
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
        // NATS and Redis connect while the database is migrated.
        Events events = Events.create(eventsConfig, platform);
        events.connect();
        java.util.concurrent.CompletableFuture<SharedState> connecting = new java.util.concurrent.CompletableFuture<>();
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
            times.mark("database");
            state = join(connecting);
        } catch (RuntimeException | Error e) {
            events.close();
            connecting.thenAccept(SharedState::close);
            throw e;
        }
        Catalogs catalogs = Catalogs.load();
        List<EventType<?>> declared = new ArrayList<>(catalogs.events());
        declared.add(TerritoryCreated.TYPE);
        events.declare(declared);
        InternalSettings internal = InternalSettings.from(root, services.size() == 1 ? services.getFirst().name() : "pod",
                clock, platform.json().mapper());
        Facts facts = new Facts(catalogs.facts(), internal.services(), internal.client());
        BackgroundLoops loops = new BackgroundLoops(clock);
        List<ServiceMount> mounts = new ArrayList<>();
        Preparation preparation = new Preparation(platform, events, mounts);
        SecurityConfig securityConfig = SecurityConfig.from(root.get("agora.security"));
        Lazy<Security> security = new Lazy<>(() -> Security.create(securityConfig, clock, platform.resolver(),
                PublicKeys.configured(securityConfig, clock, () -> servedTerritories(platform),
                        territory -> facts.proxy(SigningKeys.class).jwks(territory)),
                state.cache(AUTHORIZATION_CACHE), facts.proxy(AccountFacts.class), permissions(facts)));
        Lazy<Object> mailer = new Lazy<>(() -> OptionalMail.mailer(root));
        Path home = Path.of(root.get("agora.home").asString().orElse(".")).toAbsolutePath().normalize();
        Timers timers = new Timers(database, clock, platform.json().mapper());
        Parts parts = new Parts(root, platform, events, state, security, mailer, facts, preparation, loops, timers, home);
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
            loops.add("territories", CATCH_UP, preparation::catchUp);
            if (timers.any()) {
                loops.add("timers", root.get("agora.timers.poll-interval").as(java.time.Duration.class)
                        .orElse(TIMER_POLL), () -> timers.fireDue(servedTerritories(platform)));
            }
            loops.start();
            return serve(root, parts, mounts, internal, securityConfig, tracing, chosen, times);
        } catch (RuntimeException | Error e) {
            loops.close();
            events.close();
            state.close();
            throw e;
        }
    }

    private static Host serve(Config root, Parts parts, List<ServiceMount> mounts, InternalSettings internal,
                              SecurityConfig securityConfig, Tracing tracing, LocalDefaults.Database chosen,
                              StartTimes times) {
        Platform platform = parts.platform();
        List<String> documents = new ArrayList<>();
        mounts.forEach(mount -> mount.openApi().ifPresent(documents::add));
        documents.add(Events.openApi());
        Set<String> problems = new java.util.LinkedHashSet<>();
        mounts.forEach(mount -> mount.declaredProblems().forEach(problem -> problems.add(problem.code())));
        OpenApi openApi = OpenApi.merge(documents, platform.json(), problems);
        AgoraServer.Settings settings = AgoraServer.Settings.from(root);
        WebServerConfig.Builder builder = WebServer.builder();
        AgoraServer.Routed routed = AgoraServer.configure(builder, settings, platform.json(),
                api -> {
                    api.filter(tracing.serverFilter());
                    if (!securityConfig.corsOrigins().isEmpty()) {
                        api.filter(parts.security().get().cors());
                    }
                    mounts.forEach(mount -> mount.registerRoutes(api));
                    openApi.serve(api, false);
                },
                operator -> {
                    operator.filter(tracing.serverFilter());
                    mounts.forEach(mount -> mount.registerOperatorRoutes(operator));
                    parts.events().operatorRoutes(operator);
                    openApi.serve(operator, true);
                });
        internal.endpoint(parts.facts()).ifPresent(endpoint -> AgoraServer.addListener(builder, INTERNAL_SOCKET,
                internal.host(), internal.port(), settings, platform.json(), routes -> {
                    routes.filter(tracing.serverFilter());
                    endpoint.routes(routes);
                }));
        List<HealthCheck> checks = new ArrayList<>();
        checks.add(Checks.ping("postgresql", chosen.description().startsWith("PostgreSQL at") ? "remote" : "local",
                platform.database()::ping));
        checks.add(parts.events().usesNats() ? Checks.ping("nats", "remote", parts.events()::ping)
                : Checks.local("nats", "in-process"));
        checks.add(parts.state().inProcess() ? Checks.local("redis", "in-process")
                : Checks.ping("redis", "remote", parts.state()::ping));
        checks.add(parts.loops().check());
        mounts.forEach(mount -> mount.readinessChecks().forEach((name, check) -> checks.add(Checks.ping(name,
                mount.name(), check))));
        Observability.install(builder, checks);
        WebServer server = builder.build().start();
        times.mark("listeners");
        Host host = new Host(parts, mounts, server, routed, openApi, chosen.stop(), tracing);
        host.logStart(chosen, internal, securityConfig, times);
        return host;
    }

    private void logStart(LocalDefaults.Database chosen, InternalSettings internal, SecurityConfig securityConfig,
                          StartTimes times) {
        StringBuilder log = new StringBuilder("Agora is up with services ").append(services()).append(" in ")
                .append(times);
        line(log, "API", "http://" + AgoraServer.Settings.from(parts.root()).host() + ":" + port() + "/api/territories");
        line(log, "Operator", "http://127.0.0.1:" + operatorPort() + " (loopback only; ./agora territory …)");
        line(log, "Internal", internalPort().map(port -> internal.host() + ":" + port + " (calls between services)")
                .orElse("off (set AGORA_INTERNAL_SECRET when services run apart)"));
        line(log, "Database", chosen.description());
        line(log, "Events", parts.events().description());
        line(log, "State", parts.state().description());
        line(log, "Tracing", tracing.description());
        line(log, "Keys", securityConfig.jwksUrl().map(url -> "fetched per territory from " + url)
                .orElse(parts.facts().describe(SigningKeys.class)));
        line(log, "Accounts", parts.facts().describe(AccountFacts.class));
        line(log, "Permissions", parts.facts().answerable(PermissionFacts.class)
                ? parts.facts().describe(PermissionFacts.class)
                : "no badge service yet: permissions arrive only as authorization-view updates");
        mounts.forEach(mount -> mount.descriptions().forEach((label, text) -> line(log, label, text.get())));
        LOG.log(System.Logger.Level.INFO, log.toString());
    }

    private static void line(StringBuilder log, String label, String text) {
        log.append("\n  ").append(String.format("%-14s", label + ":")).append(text);
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
        if (security.made() && config.jwksUrl().isEmpty() && !facts.answerable(SigningKeys.class)) {
            throw new IllegalStateException("set AGORA_SECURITY_JWKS_URL (the auth service's "
                    + "/.well-known/jwks.json): this process verifies tokens but runs no auth service");
        }
    }

    static List<TerritoryCode> servedTerritories(Platform platform) {
        return platform.territories().all().stream()
                .map(Territory::code)
                .filter(platform.readiness()::isReady)
                .sorted()
                .toList();
    }

    private static <T> T join(java.util.concurrent.CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    /** How long each step of the start took, for the start-up log (what an operator tunes against). */
    private static final class StartTimes {
        private final long began = System.nanoTime();
        private long last = began;
        private final StringBuilder steps = new StringBuilder();

        void mark(String step) {
            long now = System.nanoTime();
            steps.append(steps.isEmpty() ? "" : ", ").append(step).append(' ').append((now - last) / 1_000_000)
                    .append(" ms");
            last = now;
        }

        @Override
        public String toString() {
            return (System.nanoTime() - began) / 1_000_000 + " ms (" + steps + ").";
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

    /** A part made on first use, so a process that needs no security or mail never builds them. */
    private static final class Lazy<T> implements Supplier<T> {
        private final Supplier<T> make;
        private volatile T value;

        Lazy(Supplier<T> make) {
            this.make = make;
        }

        @Override
        public T get() {
            T current = value;
            if (current == null) {
                synchronized (this) {
                    if (value == null) {
                        value = make.get();
                    }
                    current = value;
                }
            }
            return current;
        }

        boolean made() {
            return value != null;
        }
    }

    /** Settings of calls between services: the internal listener and the other services' addresses. */
    record InternalSettings(String identity, String host, int port, Map<String, URI> services,
                            Optional<ServiceTokens> tokens, Optional<FactsClient> client, Optional<FactsCodec> codec) {

        static InternalSettings from(Config root, String identity, Clock clock,
                                     com.fasterxml.jackson.databind.ObjectMapper mapper) {
            Config internal = root.get("agora.internal");
            Optional<String> secret = internal.get("secret").asString().asOptional().filter(value -> !value.isBlank());
            Map<String, URI> services = new LinkedHashMap<>();
            for (Config service : root.get("agora.services").asNodeList().orElse(List.of())) {
                service.get("url").asString().asOptional().filter(value -> !value.isBlank())
                        .ifPresent(url -> services.put(service.name(), URI.create(url.endsWith("/") ? url : url + "/")));
            }
            Optional<ServiceTokens> tokens = secret.map(value -> new ServiceTokens(value, identity, clock));
            Optional<FactsCodec> codec = tokens.map(ignored -> new FactsCodec(mapper));
            Optional<FactsClient> client = tokens.map(value -> new FactsClient(value, codec.orElseThrow()));
            if (tokens.isEmpty() && !services.isEmpty()) {
                throw new IllegalStateException("set AGORA_INTERNAL_SECRET: calls to " + services.keySet()
                        + " need the pod's shared service secret");
            }
            return new InternalSettings(identity, internal.get("host").asString().orElse("127.0.0.1"),
                    internal.get("port").asInt().orElse(8082), services, tokens, client, codec);
        }

        Optional<FactsEndpoint> endpoint(Facts facts) {
            return tokens.map(value -> new FactsEndpoint(facts.answerers(), value, codec.orElseThrow()));
        }
    }
}
