package agora.platform.events;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import agora.platform.core.Ids;
import agora.platform.core.Spans;
import agora.platform.core.Traceparent;
import agora.platform.core.problem.ProblemException;
import agora.platform.data.Database;
import agora.platform.data.Rows;

import io.helidon.dbclient.DbRow;

/**
 * The consumer contract, shared by both transports: apply an event and record its id in one
 * transaction (a duplicate is skipped), retry failures with backoff, and after the last attempt keep
 * a dead letter instead of blocking the stream; wait out a backend outage, however long, without
 * ever counting it as an attempt.
 */
final class Processor {
    private static final System.Logger LOG = System.getLogger(Processor.class.getName());
    /** The longest wait between two tries of an event whose backend is away. */
    static final Duration LONGEST_OUTAGE_RETRY = Duration.ofSeconds(5);
    private static final int TRACKED_DELIVERIES = 10_000;

    private final Database database;
    private final Codec codec;
    private final EventsConfig config;
    private final Ids ids;
    private final Clock clock;
    private final EventMeters meters;
    /** Failed applications per delivery (consumer, scope, event), towards the dead letter. */
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    /** Outages met per delivery, for the retry delay only. */
    private final Map<String, Integer> outages = new ConcurrentHashMap<>();

    Processor(Database database, Codec codec, EventsConfig config, Ids ids, Clock clock, EventMeters meters) {
        this.database = database;
        this.codec = codec;
        this.config = config;
        this.ids = ids;
        this.clock = clock;
        this.meters = meters;
    }

    /** What the transport does with the message next. */
    sealed interface Outcome {
        /** Applied, or a duplicate, or of no interest: acknowledge. */
        record Done() implements Outcome {
        }

        /** The handler failed: deliver again after the delay (it counts towards the dead letter). */
        record Retry(Duration delay) implements Outcome {
        }

        /**
         * A backend the handler needs is away (a 503 problem: the database, Redis, another service):
         * deliver again after the delay, for as long as it takes. An outage never makes a dead letter.
         */
        record Unavailable(Duration delay, Exception failure) implements Outcome {
        }

        /** Given up and dead-lettered: acknowledge as terminated. */
        record Dead() implements Outcome {
        }
    }

    /**
     * Applies an event once (a duplicate is skipped) and says what to do next. Failures are counted
     * here per consumer, scope and event: a handler that fails {@code maxDeliveries} times has its event
     * dead-lettered; a backend outage is not the event's fault and is retried every few seconds at
     * most ({@link #LONGEST_OUTAGE_RETRY}) until the backend is back.
     */
    Outcome deliver(Subscription subscription, EventScope scope, Event event) {
        Subscription.Registered<?> registered = subscription.handlers().get(event.type());
        if (registered == null) {
            return new Outcome.Done();
        }
        String delivery = subscription.consumerId() + "@" + scope.token() + "/" + event.id();
        try {
            boolean applied = apply(subscription, scope, registered, event);
            meters.processed(subscription.consumerId(), scope, applied ? "applied" : "duplicate");
            forget(delivery);
            return new Outcome.Done();
        } catch (Exception failure) {
            if (ProblemException.isUnavailable(failure)) {
                int outages = count(this.outages, delivery);
                meters.processed(subscription.consumerId(), scope, "unavailable");
                LOG.log(outages == 1 ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG,
                        "Consumer {0} waits for a backend to apply event {1} (try {2}): {3}",
                        subscription.consumerId(), event.id(), outages, failure.toString());
                Duration delay = config.backoff(outages);
                return new Outcome.Unavailable(delay.compareTo(LONGEST_OUTAGE_RETRY) < 0 ? delay : LONGEST_OUTAGE_RETRY,
                        failure);
            }
            int attempt = count(failures, delivery);
            if (attempt >= config.maxDeliveries()) {
                forget(delivery);
                meters.processed(subscription.consumerId(), scope, "dead");
                LOG.log(System.Logger.Level.ERROR, "Consumer " + subscription.consumerId() + " gave up on event "
                        + event.id() + " (" + event.type() + ") after " + attempt + " attempts", failure);
                deadLetter(subscription, scope, event.id(), event.type(), codec.encode(event), failure, attempt);
                return new Outcome.Dead();
            }
            meters.processed(subscription.consumerId(), scope, "retried");
            LOG.log(System.Logger.Level.WARNING, "Consumer {0} failed on event {1} (attempt {2}): {3}",
                    subscription.consumerId(), event.id(), attempt, failure.toString());
            return new Outcome.Retry(config.backoff(attempt));
        }
    }

    /* Counts of deliveries in retry; an event another instance finished is forgotten when the map fills. */
    private static int count(Map<String, Integer> counts, String delivery) {
        if (counts.size() > TRACKED_DELIVERIES) {
            counts.clear();
        }
        return counts.merge(delivery, 1, Integer::sum);
    }

    private void forget(String delivery) {
        failures.remove(delivery);
        outages.remove(delivery);
    }

    /** A message that is not an envelope at all: nothing can apply it, so it is dead at once. */
    void undecodable(Subscription subscription, EventScope scope, byte[] body, Exception failure) {
        LOG.log(System.Logger.Level.ERROR, "Consumer " + subscription.consumerId() + " received a message that is not "
                + "an event", failure);
        deadLetter(subscription, scope, new UUID(0, 0), "undecodable", body, failure, 1);
    }

    private <T> boolean apply(Subscription subscription, EventScope scope, Subscription.Registered<T> registered,
                              Event event) throws Exception {
        return Traceparent.runWith(event.traceparent(), () -> database.spans().inSpan("consume " + event.type(),
                Spans.Kind.CONSUMER, () -> Scopes.inScope(database, scope, transaction -> {
            long recorded = transaction.insert("INSERT INTO " + subscription.service() + "_processed_events"
                            + " (consumer, event_id, processed_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                    subscription.consumerId(), event.id(), Database.timestamp(clock.instant()));
            if (recorded == 0) {
                return false;
            }
            T payload;
            try {
                payload = codec.reader().treeToValue(event.data(), registered.type().payload());
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("payload of " + event.type() + " unreadable: " + e.getMessage(), e);
            }
            registered.handler().handle(transaction, event, payload);
            return true;
        })));
    }

    /** Dead letters of a service in a scope not yet replayed, for the meters. */
    long openDeadLetters(String service, EventScope scope) {
        return Scopes.inScope(database, scope, transaction -> transaction.get("SELECT count(*) AS n FROM " + service
                + "_dead_letters WHERE replayed_at IS NULL").orElseThrow().column("n").get(Long.class));
    }

    private void deadLetter(Subscription subscription, EventScope scope, UUID eventId, String type, byte[] envelope,
                            Exception failure, int attempts) {
        String error = failure.getClass().getName() + ": " + failure.getMessage();
        Scopes.inScope(database, scope, transaction -> transaction.insert("INSERT INTO " + subscription.service()
                        + "_dead_letters (id, consumer, event_id, event_type, envelope, error, attempts, failed_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                ids.next(), subscription.consumerId(), eventId, type,
                new String(envelope, java.nio.charset.StandardCharsets.UTF_8),
                error.length() > 2000 ? error.substring(0, 2000) : error, attempts, Database.timestamp(clock.instant())));
    }

    List<DeadLetter> deadLetters(String service, EventScope scope, int limit) {
        return Scopes.inScope(database, scope, transaction -> transaction.query("SELECT id, consumer, event_id, event_type,"
                        + " error, attempts, failed_at, replayed_at FROM " + service + "_dead_letters"
                        + " ORDER BY failed_at DESC, id LIMIT ?", limit)
                .map(Processor::deadLetter)
                .toList());
    }

    /**
     * Applies a dead letter's event once more, now, and marks it replayed when that works.
     *
     * @return the dead letter after the replay, empty when there is none with that id
     */
    Optional<DeadLetter> replay(Subscription subscription, EventScope scope, UUID id) throws Exception {
        Optional<DbRow> row = Scopes.inScope(database, scope, transaction -> transaction.get("SELECT envelope FROM "
                + subscription.service() + "_dead_letters WHERE id = ? AND consumer = ?", id, subscription.consumerId()));
        if (row.isEmpty()) {
            return Optional.empty();
        }
        Event event = codec.decode(row.get().column("envelope").get(String.class)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Subscription.Registered<?> registered = subscription.handlers().get(event.type());
        if (registered != null) {
            apply(subscription, scope, registered, event);
        }
        return Scopes.inScope(database, scope, transaction -> {
            transaction.update("UPDATE " + subscription.service() + "_dead_letters SET replayed_at = ? WHERE id = ?",
                    Database.timestamp(clock.instant()), id);
            return transaction.get("SELECT id, consumer, event_id, event_type, error, attempts, failed_at, replayed_at"
                    + " FROM " + subscription.service() + "_dead_letters WHERE id = ?", id).map(Processor::deadLetter);
        });
    }

    /** The consumer id a dead letter belongs to, to find its subscription. */
    Optional<String> consumerOf(String service, EventScope scope, UUID id) {
        return Scopes.inScope(database, scope, transaction -> transaction.get("SELECT consumer FROM " + service
                + "_dead_letters WHERE id = ?", id).map(row -> row.column("consumer").get(String.class)));
    }

    private static DeadLetter deadLetter(DbRow row) {
        return new DeadLetter(row.column("id").get(UUID.class), row.column("consumer").get(String.class),
                row.column("event_id").get(UUID.class), row.column("event_type").get(String.class),
                row.column("error").get(String.class), row.column("attempts").get(Integer.class),
                Rows.instant(row, "failed_at"), Rows.optionalInstant(row, "replayed_at"));
    }
}
