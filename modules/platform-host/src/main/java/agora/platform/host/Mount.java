package agora.platform.host;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import agora.platform.contract.ProblemKind;
import agora.platform.contract.TerritoryCode;
import agora.platform.core.Ids;
import agora.platform.core.loop.Loop;
import agora.platform.data.Database;
import agora.platform.data.audit.AuditLog;
import agora.platform.data.territory.TerritoryDirectory;
import agora.platform.data.territory.TerritoryResolver;
import agora.platform.data.timer.Timer;
import agora.platform.data.timer.TimerHandler;
import agora.platform.events.Outbox;
import agora.platform.events.Subscription;
import agora.platform.mail.Mailer;
import agora.platform.security.Security;
import agora.platform.state.SharedState;
import agora.platform.web.Json;
import agora.platform.web.Routes;
import agora.platform.web.idempotency.Idempotency;
import agora.platform.web.paging.Cursors;

import io.helidon.config.Config;

/**
 * What the host hands one service while it {@link AgoraService#mount mounts}, and where the service
 * declares what it is. Getters give the process's shared parts; everything else records a
 * declaration the host acts on once every service is mounted (migrations first, then start-up
 * work, then the listeners).
 */
public interface Mount {

    // ---- what the host gives -------------------------------------------------------------------

    /** The service's name. */
    String name();

    /** The service's own configuration node, {@code agora.<name>}: never the root. */
    Config config();

    /** The clock every time-dependent rule reads (a test moves it by hand). */
    Clock clock();

    /** UUIDv7 ids on that clock. */
    Ids ids();

    /** Strict JSON for requests and answers. */
    Json json();

    /** The process's one pool and the transaction helper. */
    Database database();

    /** The territory registry as every service reads it. */
    TerritoryDirectory territories();

    /**
     * The territories this process serves now (their tables exist here), sorted: what per-territory
     * background work walks.
     *
     * @return the territories
     */
    List<TerritoryCode> served();

    /** A request's territory (host mapping, {@code X-Territory}, the default). */
    TerritoryResolver resolver();

    /** {@code Idempotency-Key} replay for creating POSTs. */
    Idempotency idempotency();

    /** Signed pagination cursors. */
    Cursors cursors();

    /** Token verification, guards, the authorization view, CORS and the client address. */
    Security security();

    /** Shared fast state: caches and rate limiters (Redis, or in-process in a single-process pod). */
    SharedState state();

    /**
     * Transactional mail from {@code agora.mail} (the log when no SMTP server is set). A service that
     * sends mail requires {@code agora.platform.mail} in its own descriptor and depends on it in its
     * pom: the host carries it only optionally, so that other images leave Jakarta Mail out.
     *
     * @return the process's mailer
     */
    @SuppressWarnings("exports") // on purpose: only services that require agora.platform.mail call it
    Mailer mailer();

    /** Where this process keeps files of its own ({@code agora.home}: generated secrets, the embedded database). */
    Path home();

    /**
     * The service's outbox for events in its territories; declares its event tables there.
     *
     * @return the outbox (the same one on every call)
     */
    Outbox outbox();

    /**
     * The service's outbox for pod-wide events; declares its event tables in schema {@code global}.
     *
     * @return the outbox (the same one on every call)
     */
    Outbox podOutbox();

    /**
     * A durable consumer of another service's (or its own) events in every territory, to which the
     * service adds a handler per event type ({@code .on(AuthEvents.SESSION_REVOKED, …)}); declares its
     * event tables there. The host refuses to start when a handled type is declared by no catalog.
     *
     * @param consumer the consumer's name, unique within the service
     * @param producer the producing service
     * @return the subscription
     */
    Subscription subscription(String consumer, String producer);

    /**
     * The service's audit trail ({@code <name>_audit} in every territory); declares its table.
     *
     * @return the audit log
     */
    AuditLog auditLog();

    /**
     * Declares a kind of durable timer: "at time T do X", kept in PostgreSQL per territory (the
     * service's {@code <name>_timers} table), set in the transaction of the change that decides it,
     * fired by the host at most {@code agora.timers.poll-interval} late, across restarts and outages,
     * in a transaction that deletes it.
     *
     * @param kind    the kind, a lower-case identifier unique within the service
     * @param type    the data the handler gets
     * @param handler what firing does
     * @param <T>     the data type
     * @return the timer, to set and cancel
     */
    <T> Timer<T> timer(String kind, Class<T> type, TimerHandler<T> handler);

    /** Readies territories in this process: what the territory service calls when it creates one. */
    Provisioning provisioning();

    /**
     * Another service's facts ({@code AccountFacts}, {@code PermissionFacts} …): answered in-process
     * when the owner runs in this process, otherwise over the owner's internal listener
     * ({@code agora.services.<owner>.url}). The object may be kept; it finds its answerer per call.
     *
     * @param contract the facts interface, declared by its owner's catalog
     * @param <T>      its type
     * @return the facts
     */
    <T> T facts(Class<T> contract);

    /**
     * Every service's answer to a contribution interface (a member's export is one): those this
     * process runs in-process, those deployed apart over their internal listeners
     * ({@code agora.services.<name>.url}). The caller names no contributor, so a new service joins
     * by declaring and providing its own. An interface no catalog on the module path lists has no
     * contributors yet: both lists are empty, and asking them costs nothing.
     *
     * @param contract the interface, listed in the {@code contributions()} of the catalogs of its contributors
     * @param <T>      its type
     * @return the contributions; may be kept, and looks again at each call
     */
    <T> Contributions<T> contributions(Class<T> contract);

    /**
     * Seed data the service ships: {@code agora-seed/<name>/<file>} in its module, YAML or JSON, read
     * strictly as the given type (an unknown field is an error at start, not a silent default).
     * Territory hooks seed from files like this, not from code.
     *
     * @param file the file's name ({@code badges.yaml})
     * @param type the record it holds
     * @param <T>  its type
     * @return the data
     * @throws IllegalStateException when the file is missing or does not match the type
     */
    <T> T seed(String file, Class<T> type);

    // ---- what the service declares -------------------------------------------------------------

    /** Declares the service's tables: {@code db/<name>/} (shipped as {@code agora-db/<name>/}), in every territory. */
    void territoryTables();

    /**
     * Declares the public routes.
     *
     * @param routes registers them on the public listener
     */
    void routes(Consumer<Routes> routes);

    /**
     * Declares the operator routes (loopback listener: operations that span territories).
     *
     * @param routes registers them on the operator listener
     */
    void operatorRoutes(Consumer<Routes> routes);

    /**
     * Declares the problem codes the service's routes answer, beside the platform's. They are listed
     * in the served API document; a test checks that every problem kind in the service is declared.
     *
     * @param problems the kinds
     */
    void problems(Collection<ProblemKind> problems);

    /**
     * Answers a facts interface of the service's own catalog for other services: in-process in this
     * process, and over the internal listener for services deployed apart.
     *
     * @param contract       the interface
     * @param implementation the answers
     * @param <T>            its type
     */
    <T> void provide(Class<T> contract, T implementation);

    /**
     * Gives the service's answer to a contribution interface its own catalog lists among its
     * {@code contributions()}, beside the other contributors' answers: to callers in this process, and
     * over the internal listener to services deployed apart.
     *
     * @param contract       the interface
     * @param implementation the service's answers
     * @param <T>            its type
     */
    <T> void contribute(Class<T> contract, T implementation);

    /**
     * Declares a readiness check (beside PostgreSQL, NATS and Redis, which the host checks).
     *
     * @param name  what it checks
     * @param check throws when not ready
     */
    void readiness(String name, Runnable check);

    /**
     * Declares the service's per-territory set-up, run for each territory at start and for each new one.
     *
     * @param hook the set-up; idempotent
     */
    void onTerritoryReady(TerritoryHook hook);

    /**
     * Runs work once every territory is ready, before the listeners open.
     *
     * @param work the start-up work
     */
    void onStart(Runnable work);

    /**
     * Runs work when the process stops, after the listeners have closed (in reverse order of mounting).
     *
     * @param work the stopping work
     */
    void onStop(Runnable work);

    /**
     * Declares background work the host repeats with a pause between runs (housekeeping and the
     * like). A run that throws is logged and retried after a growing pause (at most the interval);
     * health reports the loop as {@code <service>-<name>}.
     *
     * @param name     the loop's name, for logs and health
     * @param interval the pause between runs
     * @param work     one run
     */
    void every(String name, Duration interval, Runnable work);

    /**
     * Declares background work that waits for its work by itself (a queue's worker) and is called
     * again each time it returns; a step that throws is retried after {@code firstRetry}, doubled per
     * failure up to {@code lastRetry}. Health reports the loop as {@code <service>-<name>}.
     *
     * @param name       the loop's name, for logs and health
     * @param firstRetry the pause after a first failure
     * @param lastRetry  the longest pause after failures
     * @param step       one round of work
     */
    void repeat(String name, Duration firstRetry, Duration lastRetry, Loop.Step step);

    /**
     * Adds a line to the start-up log, read when the log is written.
     *
     * @param label what the line is about ({@code Mail})
     * @param text  the line
     */
    void describe(String label, Supplier<String> text);
}
