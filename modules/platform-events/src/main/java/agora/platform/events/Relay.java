package agora.platform.events;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import agora.platform.data.Database;
import agora.platform.data.Rows;

import io.helidon.dbclient.DbRow;

/**
 * Publishes one service's outbox in one scope, in position order. A batch runs in one transaction
 * that first takes a transaction-scoped advisory lock on (service, scope): of several instances
 * only one publishes at a time, the others skip (the holder takes their rows too), and the lock
 * ends with the transaction, so a crashed holder never blocks the rest. Rows are marked sent only
 * after the transport acknowledged them; a crash in between republishes them with the same message
 * id, which JetStream's duplicate window and the consumers' processed ids absorb.
 */
final class Relay {
    static final int BATCH = 100;

    private final String service;
    private final EventScope scope;
    private final Database database;
    private final Transport transport;
    private final Codec codec;
    private final Clock clock;
    private final EventMeters meters;
    private final String lockName;

    Relay(String service, EventScope scope, Database database, Transport transport, Codec codec, Clock clock,
          EventMeters meters) {
        this.service = service;
        this.scope = scope;
        this.database = database;
        this.transport = transport;
        this.codec = codec;
        this.clock = clock;
        this.meters = meters;
        this.lockName = "agora_outbox|" + service + "|" + scope.token();
    }

    /** Outcome of one batch. */
    record Batch(int published, boolean more, Optional<Transport.TransportException> failure) {
    }

    /**
     * Publishes until the outbox is empty or the transport fails.
     *
     * @return the events published
     * @throws Transport.TransportException when the transport failed (the rest waits for a retry)
     */
    int drain() {
        int total = 0;
        while (true) {
            Batch batch = batch();
            total += batch.published();
            if (batch.failure().isPresent()) {
                throw batch.failure().get();
            }
            if (!batch.more()) {
                return total;
            }
        }
    }

    private Batch batch() {
        return Scopes.inScope(database, scope, transaction -> {
            boolean locked = transaction.get("SELECT pg_try_advisory_xact_lock(hashtext(?)) AS locked", lockName)
                    .orElseThrow().column("locked").get(Boolean.class);
            if (!locked) {
                return new Batch(0, false, Optional.empty());
            }
            List<DbRow> rows = transaction.query("SELECT position, id, type, subject, aggregate, version, occurred_at,"
                    + " data::text AS data, traceparent FROM " + service + "_outbox WHERE sent_at IS NULL"
                    + " ORDER BY position LIMIT ?", BATCH).toList();
            List<Transport.Outgoing> outgoing = new ArrayList<>(rows.size());
            for (DbRow row : rows) {
                outgoing.add(new Transport.Outgoing(row.column("subject").get(String.class), event(row)));
            }
            Transport.Published published = transport.publishAll(scope, outgoing);
            List<Long> sent = new ArrayList<>(published.count());
            for (int i = 0; i < published.count(); i++) {
                sent.add(rows.get(i).column("position").get(Long.class));
            }
            Optional<Transport.TransportException> failure = published.failure();
            meters.published(service, scope, sent.size());
            if (!sent.isEmpty()) {
                transaction.update("UPDATE " + service + "_outbox SET sent_at = ? WHERE position = ANY (?::bigint[])",
                        Database.timestamp(clock.instant()),
                        sent.stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}")));
            }
            return new Batch(sent.size(), failure.isEmpty() && rows.size() == BATCH, failure);
        });
    }

    private Event event(DbRow row) {
        String data = row.column("data").get(String.class);
        try {
            return new Event(row.column("id").get(UUID.class), row.column("type").get(String.class),
                    "agora/" + service, row.column("aggregate").get(String.class), Rows.instant(row, "occurred_at"),
                    scope.label(),
                    row.column("version").get(Long.class),
                    codec.reader().readTree(data),
                    Rows.optionalString(row, "traceparent"));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("outbox row of " + service + " holds invalid JSON", e);
        }
    }

    /** The outbox's unpublished rows and the age of the oldest, for the meters. */
    EventMeters.Backlog backlog() {
        return Scopes.inScope(database, scope, transaction -> {
            DbRow row = transaction.get("SELECT count(*) AS n, coalesce(extract(epoch FROM now() - min(occurred_at)), 0)"
                    + "::float8 AS lag FROM " + service + "_outbox WHERE sent_at IS NULL").orElseThrow();
            return new EventMeters.Backlog(row.column("n").get(Long.class), row.column("lag").get(Double.class));
        });
    }

    String service() {
        return service;
    }

    EventScope scope() {
        return scope;
    }
}
