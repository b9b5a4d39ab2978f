package agora.platform.host;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import agora.platform.contract.ProblemKind;
import agora.platform.contract.TerritoryCode;
import agora.platform.core.Ids;
import agora.platform.core.loop.Loop;
import agora.platform.data.Database;
import agora.platform.data.Platform;
import agora.platform.data.audit.AuditLog;
import agora.platform.data.migrate.ServiceMigrations;
import agora.platform.data.territory.TerritoryDirectory;
import agora.platform.data.territory.TerritoryResolver;
import agora.platform.data.timer.Timer;
import agora.platform.data.timer.TimerHandler;
import agora.platform.data.timer.Timers;
import agora.platform.events.Events;
import agora.platform.events.Outbox;
import agora.platform.events.Subscription;
import agora.platform.mail.Mailer;
import agora.platform.security.Security;
import agora.platform.state.SharedState;
import agora.platform.web.Json;
import agora.platform.web.OpenApi;
import agora.platform.web.Routes;
import agora.platform.web.idempotency.Idempotency;
import agora.platform.web.paging.Cursors;

import io.helidon.config.Config;

/** One service's {@link Mount}: the host's parts, and what the service declared. */
final class ServiceMount implements Mount {
    private final AgoraService service;
    private final Host.Parts parts;
    private final List<Consumer<Routes>> routes = new ArrayList<>();
    private final List<Consumer<Routes>> operatorRoutes = new ArrayList<>();
    private final List<ProblemKind> problems = new ArrayList<>();
    private final Map<String, Runnable> readiness = new LinkedHashMap<>();
    private final List<TerritoryHook> territoryHooks = new ArrayList<>();
    private final List<Runnable> starts = new ArrayList<>();
    private final List<Runnable> stops = new ArrayList<>();
    private final Map<String, Supplier<String>> descriptions = new LinkedHashMap<>();
    private final List<ServiceMigrations> territoryMigrations = new ArrayList<>();
    private final List<ServiceMigrations> podMigrations = new ArrayList<>();
    private Outbox outbox;
    private Outbox podOutbox;
    private AuditLog auditLog;

    ServiceMount(AgoraService service, Host.Parts parts) {
        this.service = service;
        this.parts = parts;
    }

    @Override
    public String name() {
        return service.name();
    }

    @Override
    public Config config() {
        return parts.root().get("agora." + service.name());
    }

    @Override
    public Clock clock() {
        return platform().clock();
    }

    @Override
    public Ids ids() {
        return platform().ids();
    }

    @Override
    public Json json() {
        return platform().json();
    }

    @Override
    public Database database() {
        return platform().database();
    }

    @Override
    public TerritoryDirectory territories() {
        return platform().territories();
    }

    @Override
    public List<TerritoryCode> served() {
        return Host.servedTerritories(platform());
    }

    @Override
    public TerritoryResolver resolver() {
        return platform().resolver();
    }

    @Override
    public Idempotency idempotency() {
        return platform().idempotency();
    }

    @Override
    public Cursors cursors() {
        return platform().cursors();
    }

    @Override
    public Security security() {
        return parts.security().get();
    }

    @Override
    public SharedState state() {
        return parts.state();
    }

    @Override
    public Mailer mailer() {
        return (Mailer) parts.mailer().get();
    }

    @Override
    public Path home() {
        return parts.home();
    }

    @Override
    public synchronized Outbox outbox() {
        if (outbox == null) {
            outbox = events().outbox(name());
            addTerritoryMigrations(Events.migrations(name()));
        }
        return outbox;
    }

    @Override
    public synchronized Outbox podOutbox() {
        if (podOutbox == null) {
            podOutbox = events().podOutbox(name());
            addPodMigrations(Events.migrations(name()));
        }
        return podOutbox;
    }

    @Override
    public Subscription subscription(String consumer, String producer) {
        Subscription subscription = Subscription.territories(name(), consumer, producer);
        events().subscribe(subscription);
        addTerritoryMigrations(Events.migrations(name()));
        return subscription;
    }

    @Override
    public synchronized AuditLog auditLog() {
        if (auditLog == null) {
            auditLog = AuditLog.of(name(), ids()::next, clock(), json().mapper());
            addTerritoryMigrations(AuditLog.migrations(name()));
        }
        return auditLog;
    }

    @Override
    public <T> Timer<T> timer(String kind, Class<T> type, TimerHandler<T> handler) {
        Timer<T> timer = parts.timers().register(name(), kind, type, handler);
        addTerritoryMigrations(Timers.migrations(name()));
        return timer;
    }

    @Override
    public Provisioning provisioning() {
        return parts.provisioning();
    }

    @Override
    public <T> T facts(Class<T> contract) {
        return parts.facts().proxy(contract);
    }

    @Override
    public <T> Contributions<T> contributions(Class<T> contract) {
        return parts.facts().contributions(contract);
    }

    @Override
    public <T> T seed(String file, Class<T> type) {
        String path = "/agora-seed/" + name() + "/" + file;
        try (java.io.InputStream in = service.getClass().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(name() + " ships no seed file " + path);
            }
            if (file.endsWith(".json")) {
                return json().mapper().readValue(in, type);
            }
            Object tree = new org.yaml.snakeyaml.Yaml(new org.yaml.snakeyaml.constructor.SafeConstructor(
                    new org.yaml.snakeyaml.LoaderOptions())).load(in);
            return json().mapper().convertValue(tree, type);
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new IllegalStateException("seed file " + path + " of " + name() + " is unreadable as "
                    + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void territoryTables() {
        addTerritoryMigrations(ServiceMigrations.of(name(), service.getClass()));
    }

    @Override
    public void routes(Consumer<Routes> routes) {
        this.routes.add(routes);
    }

    @Override
    public void operatorRoutes(Consumer<Routes> routes) {
        operatorRoutes.add(routes);
    }

    @Override
    public void problems(Collection<ProblemKind> problems) {
        this.problems.addAll(problems);
    }

    @Override
    public <T> void provide(Class<T> contract, T implementation) {
        parts.facts().provide(name(), contract, implementation);
    }

    @Override
    public <T> void contribute(Class<T> contract, T implementation) {
        parts.facts().contribute(name(), contract, implementation);
    }

    @Override
    public void readiness(String name, Runnable check) {
        readiness.put(name, check);
    }

    @Override
    public void onTerritoryReady(TerritoryHook hook) {
        territoryHooks.add(hook);
    }

    @Override
    public void onStart(Runnable work) {
        starts.add(work);
    }

    @Override
    public void onStop(Runnable work) {
        stops.add(work);
    }

    @Override
    public void every(String name, Duration interval, Runnable work) {
        parts.loops().every(name() + "-" + name, interval, work);
    }

    @Override
    public void repeat(String name, Duration firstRetry, Duration lastRetry, Loop.Step step) {
        parts.loops().repeat(name() + "-" + name, firstRetry, lastRetry, step);
    }

    @Override
    public void describe(String label, Supplier<String> text) {
        descriptions.put(label, text);
    }

    // ---- what the host reads back ---------------------------------------------------------------

    AgoraService service() {
        return service;
    }

    List<ServiceMigrations> territoryMigrations() {
        return List.copyOf(territoryMigrations);
    }

    List<ServiceMigrations> podMigrations() {
        return List.copyOf(podMigrations);
    }

    List<ProblemKind> declaredProblems() {
        return List.copyOf(problems);
    }

    Map<String, Runnable> readinessChecks() {
        return Map.copyOf(readiness);
    }

    List<TerritoryHook> territoryHooks() {
        return List.copyOf(territoryHooks);
    }

    List<Runnable> starts() {
        return List.copyOf(starts);
    }

    List<Runnable> stops() {
        return List.copyOf(stops);
    }

    Map<String, Supplier<String>> descriptions() {
        return descriptions;
    }

    void registerRoutes(Routes api) {
        routes.forEach(registration -> registration.accept(api));
    }

    void registerOperatorRoutes(Routes operator) {
        operatorRoutes.forEach(registration -> registration.accept(operator));
    }

    /** The service's OpenAPI document ({@code agora-openapi/<name>.yaml} in its module), if it ships one. */
    Optional<String> openApi() {
        String name = "/agora-openapi/" + name() + ".yaml";
        return service.getClass().getResource(name) == null ? Optional.empty()
                : Optional.of(OpenApi.resource(service.getClass(), name));
    }

    private Platform platform() {
        return parts.platform();
    }

    private Events events() {
        return parts.events();
    }

    private synchronized void addTerritoryMigrations(ServiceMigrations migrations) {
        if (!territoryMigrations.contains(migrations)) {
            territoryMigrations.add(migrations);
        }
    }

    private synchronized void addPodMigrations(ServiceMigrations migrations) {
        if (!podMigrations.contains(migrations)) {
            podMigrations.add(migrations);
        }
    }
}
