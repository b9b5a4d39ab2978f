package agora.platform.host;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Supplier;

import agora.auth.api.AccountFacts;
import agora.auth.api.SigningKeys;
import agora.badge.api.PermissionFacts;
import agora.platform.contract.Catalog;
import agora.platform.contract.ProblemKind;
import agora.platform.contract.TerritoryCode;
import agora.platform.core.loop.Loops;
import agora.platform.data.Database;
import agora.platform.data.Platform;
import agora.platform.data.territory.Territory;
import agora.platform.data.timer.Timers;
import agora.platform.events.Events;
import agora.platform.observe.Tracing;
import agora.platform.security.Security;
import agora.platform.security.SecurityConfig;
import agora.platform.state.SharedState;
import agora.platform.web.AgoraServer;
import agora.platform.web.Listeners;
import agora.platform.web.OpenApi;

import io.helidon.config.Config;

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

    private final Parts parts;
    private final List<ServiceMount> mounts;
    private final Listeners listeners;
    private final AgoraServer.Routed routes;
    private final OpenApi openApi;
    private final Runnable stopDatabase;
    private final Tracing tracing;

    Host(Parts parts, List<ServiceMount> mounts, Listeners listeners, AgoraServer.Routed routes, OpenApi openApi,
                 Runnable stopDatabase, Tracing tracing) {
        this.parts = parts;
        this.mounts = mounts;
        this.listeners = listeners;
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
        return listeners.server().port();
    }

    /** Port of the operator listener (127.0.0.1). */
    public int operatorPort() {
        return listeners.server().port(AgoraServer.OPERATOR_SOCKET);
    }

    /** Port of the internal listener, when it runs ({@code agora.internal.secret} set). */
    public Optional<Integer> internalPort() {
        int port = listeners.server().port(INTERNAL_SOCKET);
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
     * Every service's answer to a contribution interface, as a service of this process would ask them.
     *
     * @param contract the contribution interface
     * @param <T>      its type
     * @return the contributions
     */
    public <T> Contributions<T> contributions(Class<T> contract) {
        return parts.facts().contributions(contract);
    }

    /**
     * Stops the listeners and their watch (letting requests in flight finish), the services' own work
     * (which may wait for its background workers), the background loops, events, state, tracing, the
     * pool and a local database.
     */
    @Override
    public void close() {
        listeners.close();
        for (int i = mounts.size() - 1; i >= 0; i--) {
            for (Runnable stop : mounts.get(i).stops()) {
                try {
                    stop.run();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "Stopping " + mounts.get(i).name() + " failed", e);
                }
            }
        }
        parts.loops().close();
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
     * @param loops        background work (the host's, the events', the services')
     * @param timers       the services' durable timers
     * @param home         {@code agora.home}
     */
    record Parts(Config root, Platform platform, Events events, SharedState state, Supplier<Security> security,
                 Supplier<Object> mailer, Facts facts, Provisioning provisioning, Loops loops, Timers timers,
                 Path home) {
    }

    /** Chooses what a process runs, then starts it. */
    public static final class Builder {
        private final Config root;
        private Clock clock = Clock.systemUTC();
        private Optional<List<AgoraService>> services = Optional.empty();
        private List<Catalog> catalogs = List.of();
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
         * Adds catalogs to those found on the module path: the declarations of a service whose
         * {@code -api} is no module of its own (a test's service), known to this process alone.
         *
         * @param catalogs the catalogs
         * @return this builder
         */
        public Builder catalogs(List<Catalog> catalogs) {
            this.catalogs = List.copyOf(catalogs);
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
            return Startup.start(root, clock, chosen, catalogs, defaults);
        }

        private static List<AgoraService> discover() {
            List<AgoraService> found = new ArrayList<>();
            ServiceLoader.load(AgoraService.class, Host.class.getClassLoader()).forEach(found::add);
            return found;
        }
    }

    void logStart(LocalDefaults.Database chosen, InternalSettings internal, SecurityConfig securityConfig,
                  OperatorToken operatorToken, StartTimes times) {
        StringBuilder log = new StringBuilder("Agora is up with services ").append(services()).append(" in ")
                .append(times).append('.');
        line(log, "API", "http://" + AgoraServer.Settings.from(parts.root()).host() + ":" + port() + "/api/territories");
        line(log, "Operator", "http://127.0.0.1:" + operatorPort() + " (loopback only, no browsers; token in "
                + operatorToken.source() + "; ./agora territory …)");
        line(log, "Internal", internalPort().map(port -> internal.host() + ":" + port + " (calls between services)")
                .orElse("off (set AGORA_INTERNAL_SECRET when services run apart)"));
        line(log, "Database", chosen.description());
        line(log, "Events", parts.events().description());
        line(log, "State", parts.state().description());
        line(log, "Tracing", tracing.description());
        line(log, "Keys", parts.facts().answeredHere(SigningKeys.class) ? parts.facts().describe(SigningKeys.class)
                : securityConfig.jwksUrl().map(url -> "fetched per territory from " + url)
                .orElse("none: set AGORA_SECURITY_JWKS_dash_URL"));
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

    static List<TerritoryCode> servedTerritories(Platform platform) {
        return platform.territories().all().stream()
                .map(Territory::code)
                .filter(platform.readiness()::isReady)
                .sorted()
                .toList();
    }
}
