package agora.platform.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import agora.platform.contract.EventType;
import agora.platform.contract.ProblemKind;
import agora.platform.core.loop.Loop;
import agora.platform.core.loop.Loops;
import agora.platform.core.problem.Messages;
import agora.platform.core.problem.ProblemException;
import agora.platform.data.Database;
import agora.platform.data.Platform;
import agora.platform.data.migrate.ServiceMigrations;
import agora.platform.data.territory.Territory;
import agora.platform.web.Routes;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * A process's events: the outboxes of its services, the relays that publish them, the consumers
 * that apply other services' events, housekeeping past the retention horizon, and the operator's
 * view of dead letters. NATS JetStream when {@code agora.nats.url} is set; otherwise (single-process
 * pod only) an in-process bus with the same outbox and the same consumer contract.
 *
 * <p>Lifecycle: create, take {@link #outbox outboxes}, {@link #subscribe}, migrate
 * {@link #migrations} into every territory and {@link Database global}, then {@link #start}. The
 * host does this for every service it runs, and readies territories created later.
 */
public final class Events implements AutoCloseable {
    static final ProblemKind NO_SUCH_DEAD_LETTER = new ProblemKind("no-such-dead-letter", 404, "No such dead letter");
    static final ProblemKind REPLAY_FAILED = new ProblemKind("replay-failed", 409, "Replay failed");
    private static final Messages MESSAGES =
            Messages.of(locale -> java.util.ResourceBundle.getBundle("agora.platform.events.messages", locale));
    private static final System.Logger LOG = System.getLogger(Events.class.getName());
    private static final java.time.Duration HOUSEKEEPING_INTERVAL = java.time.Duration.ofHours(1);

    private final EventsConfig config;
    private final Platform platform;
    private final Codec codec;
    private final EventMeters meters = new EventMeters();
    private final Processor processor;
    /** Services with event tables in every territory schema (territory outboxes, territory consumers). */
    private final Set<String> territoryServices = new LinkedHashSet<>();
    /** Services with event tables in schema global (pod-wide outboxes, pod consumers). */
    private final Set<String> podServices = new LinkedHashSet<>();
    private final Set<String> territoryProducers = new LinkedHashSet<>();
    private final Set<String> podProducers = new LinkedHashSet<>();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    /** Event types some module declares ({@link #declare}); empty until declared, then checked. */
    private final Map<String, EventType<?>> declared = new java.util.concurrent.ConcurrentHashMap<>();
    /** Dead-letter gauges registered so far, as {@code service|scope}. */
    private final Set<String> deadLetterMeters = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Loops loops;
    private final boolean ownLoops;
    private final List<Loop> ownWork = new CopyOnWriteArrayList<>();
    private CompletableFuture<Transport> connecting;
    private Transport transport;
    private Relays relays;

    private Events(EventsConfig config, Platform platform, Loops loops, boolean ownLoops) {
        this.config = config;
        this.platform = platform;
        this.loops = loops;
        this.ownLoops = ownLoops;
        this.codec = new Codec(platform.json().mapper());
        this.processor = new Processor(platform.database(), codec, config, platform.ids(), platform.clock(), meters);
    }

    /**
     * Events for a process, on the process's background loops: the outbox listener, every relay and
     * consumer, housekeeping and the meters' sampling run there (and show in its health).
     *
     * @param config   how events travel
     * @param platform the process's platform
     * @param loops    the process's loops; the caller starts and closes them
     * @return the events, not yet started
     */
    public static Events create(EventsConfig config, Platform platform, Loops loops) {
        return new Events(config, platform, loops, false);
    }

    /**
     * Events on loops of their own, started and closed with them (tools and tests without a host).
     *
     * @param config   how events travel
     * @param platform the process's platform
     * @return the events, not yet started
     */
    public static Events create(EventsConfig config, Platform platform) {
        return new Events(config, platform, new Loops(platform.clock()), true);
    }

    /**
     * A service's outbox for events in its territories (the service's event tables must be migrated
     * into every territory schema: {@link #migrations}).
     *
     * @param service the producing service
     * @return its outbox
     */
    public synchronized Outbox outbox(String service) {
        territoryProducers.add(service);
        territoryServices.add(service);
        return new Outbox(service, config, codec, platform.ids(), platform.clock(), this::requireDeclared);
    }

    /**
     * A service's outbox for pod-wide events (its event tables must be migrated into schema global).
     *
     * @param service the producing service
     * @return its outbox
     */
    public synchronized Outbox podOutbox(String service) {
        podProducers.add(service);
        podServices.add(service);
        return new Outbox(service, config, codec, platform.ids(), platform.clock(), this::requireDeclared);
    }

    /**
     * Declares event types that exist (the {@code -api} catalogs on the module path, and the
     * platform's own). Once any are declared, {@link #start} refuses a subscription to a type that
     * is not, and an outbox refuses to append one: a misspelt event fails loudly instead of being
     * dropped in silence.
     *
     * @param types the declared types
     * @throws IllegalStateException when one type name is declared with two payloads
     */
    public void declare(java.util.Collection<EventType<?>> types) {
        for (EventType<?> type : types) {
            EventType<?> earlier = declared.putIfAbsent(type.type(), type);
            if (earlier != null && !earlier.equals(type)) {
                throw new IllegalStateException(type.type() + " is declared twice, with payloads "
                        + earlier.payload().getName() + " and " + type.payload().getName());
            }
        }
    }

    private void requireDeclared(EventType<?> type) {
        if (!declared.isEmpty() && !type.equals(declared.get(type.type()))) {
            throw new IllegalStateException("no -api catalog declares the event type " + type.type()
                    + " with payload " + type.payload().getName() + ": declare it in the producer's catalog");
        }
    }

    private void checkSubscriptions() {
        if (declared.isEmpty()) {
            return;
        }
        for (Subscription subscription : subscriptions) {
            for (Subscription.Registered<?> handled : subscription.handlers().values()) {
                EventType<?> type = handled.type();
                if (!type.equals(declared.get(type.type()))) {
                    throw new IllegalStateException("consumer " + subscription.durableName() + " subscribes to "
                            + type.type() + ", which no module on the module path declares (declared: "
                            + new java.util.TreeSet<>(declared.keySet()) + ")");
                }
            }
        }
    }

    /**
     * Adds a consumer; before {@link #start}.
     *
     * @param subscription the consumer and its handlers
     */
    public synchronized void subscribe(Subscription subscription) {
        if (transport != null) {
            throw new IllegalStateException("subscribe before start");
        }
        (subscription.pod() ? podServices : territoryServices).add(subscription.service());
        subscriptions.add(subscription);
    }

    /**
     * The event tables of a service (outbox, processed ids, dead letters), to be migrated into every
     * territory schema and into {@code global} along with the service's own tables.
     *
     * @param service the service
     * @return the migration set
     */
    public static ServiceMigrations migrations(String service) {
        return new ServiceMigrations(service + " events", "events", "flyway_history_" + service + "_events",
                Map.of("service", service), Events.class.getClassLoader());
    }

    /**
     * Connects to the transport (NATS) in the background, so the connection is made while the
     * process migrates its database; {@link #start} waits for it. Calling it is optional.
     */
    public synchronized void connect() {
        if (connecting == null) {
            CompletableFuture<Transport> made = new CompletableFuture<>();
            connecting = made;
            Thread.ofVirtual().name("agora-events-connect").start(() -> {
                try {
                    made.complete(config.natsUrl()
                            .<Transport>map(url -> new JetStreamTransport(url, config, codec, processor, subscriptions,
                                    meters, loops))
                            .orElseGet(() -> new InProcessTransport(processor, subscriptions, meters)));
                } catch (Throwable e) {
                    made.completeExceptionally(e);
                }
            });
        }
    }

    /** Starts the relays and consumers. */
    public synchronized void start() {
        if (transport != null) {
            return;
        }
        checkSubscriptions();
        connect();
        try {
            transport = connecting.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
        relays = new Relays(platform.database(), transport, codec, platform.clock(), meters, loops,
                config.pollInterval(), this::territoryScopes, this::refresh, Set.copyOf(territoryProducers),
                Set.copyOf(podProducers));
        transport.consume(scopes());
        relays.start();
        registerDeadLetterMeters();
        ownWork.add(loops.every("events-housekeeping", HOUSEKEEPING_INTERVAL, () -> LOG.log(System.Logger.Level.DEBUG,
                "Housekeeping removed {0} event rows", housekeep())));
        ownWork.add(loops.every("events-database-meters", EventMeters.SAMPLE_INTERVAL, meters::sampleDatabase));
        if (usesNats()) {
            ownWork.add(loops.every("events-nats-meters", EventMeters.SAMPLE_INTERVAL, meters::sampleNats));
        }
        if (ownLoops) {
            loops.start();
        }
    }

    /**
     * Starts relays and consumers for territories that appeared since and wakes every relay (also
     * done by the fallback poll, so a consumer whose start was missed begins within a poll interval).
     */
    public void refresh() {
        if (transport != null) {
            transport.consume(scopes());
            relays.wakeAll();
            registerDeadLetterMeters();
        }
    }

    private void registerDeadLetterMeters() {
        for (EventScope scope : scopes()) {
            Set<String> consumers = new LinkedHashSet<>();
            for (Subscription subscription : subscriptions) {
                if (subscription.pod() == (scope instanceof EventScope.Pod)) {
                    consumers.add(subscription.service());
                }
            }
            consumers.stream()
                    .filter(service -> deadLetterMeters.add(service + "|" + scope.token()))
                    .forEach(service -> meters.deadLetters(service, scope, () -> processor.openDeadLetters(service, scope)));
        }
    }

    /** Whether events go through NATS JetStream (rather than the in-process bus). */
    public boolean usesNats() {
        return config.natsUrl().isPresent();
    }

    /**
     * Checks that the transport can take events now.
     *
     * @throws IllegalStateException when NATS is not connected
     */
    public void ping() {
        Transport current = transport;
        if (current != null) {
            current.ping();
        }
    }

    /** One line for the start-up log. */
    public String description() {
        return config.natsUrl().map(url -> "NATS JetStream at " + url)
                .orElse("in-process bus (single process only; set AGORA_NATS_URL to use NATS JetStream)");
    }

    /**
     * Removes what is older than the retention horizon: sent outbox rows and processed ids, in every
     * scope, for every service of this process. Runs hourly on its own; callable for tests.
     *
     * @return the rows removed
     */
    public int housekeep() {
        Instant horizon = platform.clock().instant().minus(config.retention());
        int removed = 0;
        for (EventScope scope : scopes()) {
            for (String service : scope instanceof EventScope.Pod ? podServices : territoryServices) {
                removed += Scopes.inScope(platform.database(), scope, transaction -> (int) (
                        transaction.delete("DELETE FROM " + service + "_outbox WHERE sent_at < ?",
                                Database.timestamp(horizon))
                        + transaction.delete("DELETE FROM " + service + "_processed_events WHERE processed_at < ?",
                                Database.timestamp(horizon))));
            }
        }
        return removed;
    }

    /**
     * A service's dead letters in a scope, newest first.
     *
     * @param service the consuming service
     * @param scope   the scope
     * @param limit   at most this many
     * @return the dead letters
     */
    public List<DeadLetter> deadLetters(String service, EventScope scope, int limit) {
        return processor.deadLetters(service, scope, limit);
    }

    /**
     * Applies a dead letter's event again through its consumer and marks it replayed.
     *
     * @param service the consuming service
     * @param scope   the scope
     * @param id      the dead letter
     * @return the dead letter, replayed
     * @throws ProblemException 404 when there is no such dead letter, 409 when the replay failed again
     */
    public DeadLetter replay(String service, EventScope scope, UUID id) {
        String consumer = processor.consumerOf(service, scope, id).orElseThrow(() -> new ProblemException(
                NO_SUCH_DEAD_LETTER, MESSAGES.text("dead-letter.unknown", id)));
        Subscription subscription = subscriptions.stream()
                .filter(candidate -> candidate.consumerId().equals(consumer))
                .findFirst()
                .orElseThrow(() -> new ProblemException(REPLAY_FAILED, MESSAGES.text("dead-letter.no-consumer", consumer)));
        try {
            return processor.replay(subscription, scope, id).orElseThrow();
        } catch (ProblemException e) {
            throw e;
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "Replay of dead letter " + id + " failed", e);
            throw new ProblemException(REPLAY_FAILED, MESSAGES.text("dead-letter.replay-failed", id,
                    e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    /** The OpenAPI paths of {@link #operatorRoutes}. */
    public static String openApi() {
        return agora.platform.web.OpenApi.resource(Events.class, "/agora-openapi/events.yaml");
    }

    /**
     * The operator's routes: {@code GET /operator/events/dead-letters?service=…&scope=dk|pod} and
     * {@code POST /operator/events/dead-letters/{id}/replay?service=…&scope=…}.
     *
     * @param operator the operator listener's routes
     */
    public void operatorRoutes(Routes operator) {
        operator.get("/operator/events/dead-letters", this::listDeadLetters)
                .post("/operator/events/dead-letters/{id}/replay", this::replayDeadLetter);
    }

    private void listDeadLetters(ServerRequest request, ServerResponse response) {
        String service = service(request);
        platform.json().write(response, Status.OK_200, Map.of("items",
                deadLetters(service, scope(request), 100)));
    }

    private void replayDeadLetter(ServerRequest request, ServerResponse response) {
        UUID id;
        try {
            id = UUID.fromString(request.path().pathParameters().get("id"));
        } catch (IllegalArgumentException e) {
            throw new ProblemException(NO_SUCH_DEAD_LETTER, MESSAGES.text("dead-letter.unknown",
                    request.path().pathParameters().get("id")));
        }
        platform.json().write(response, Status.OK_200, replay(service(request), scope(request), id));
    }

    private String service(ServerRequest request) {
        String service = request.query().first("service").orElse("");
        Set<String> services = new LinkedHashSet<>(territoryServices);
        services.addAll(podServices);
        if (!services.contains(service)) {
            throw new ProblemException(ProblemKind.INVALID_PARAMETER, MESSAGES.text("service.unknown", service, services));
        }
        return service;
    }

    private static EventScope scope(ServerRequest request) {
        String token = request.query().first("scope").orElse("");
        return EventScope.parse(token).orElseThrow(() -> new ProblemException(ProblemKind.INVALID_PARAMETER,
                MESSAGES.text("scope.unknown", token)));
    }

    /** Every scope whose tables this process has: the pod, and the territories it is ready in. */
    List<EventScope> scopes() {
        List<EventScope> scopes = new ArrayList<>();
        scopes.add(EventScope.pod());
        scopes.addAll(territoryScopes());
        return scopes;
    }

    /*
     * The territories this process is ready in (its tables exist there), whatever their status: a
     * territory being created is readied while still "provisioning", and its consumers must run from
     * then on (nothing would start them once it turns active).
     */
    List<EventScope> territoryScopes() {
        List<EventScope> scopes = new ArrayList<>();
        for (Territory territory : platform.territories().all()) {
            if (platform.readiness().isReady(territory.code())) {
                scopes.add(EventScope.territory(territory.code()));
            }
        }
        return scopes;
    }

    /** Stops relays and consumers; events not yet published wait in the outbox. */
    @Override
    public synchronized void close() {
        ownWork.forEach(loops::remove);
        if (relays != null) {
            relays.close();
        }
        if (transport != null) {
            transport.close();
        } else if (connecting != null) {
            // Connected ahead of a start that never came (the process failed to start): close it too.
            connecting.thenAccept(Transport::close);
        }
        if (ownLoops) {
            loops.close();
        }
    }
}
