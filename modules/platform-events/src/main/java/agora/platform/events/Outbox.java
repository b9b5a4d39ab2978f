package agora.platform.events;

import java.time.Clock;
import java.util.UUID;

import agora.platform.contract.EventType;
import agora.platform.core.Ids;
import agora.platform.core.Traceparent;
import agora.platform.data.Database;
import agora.platform.data.Notifications;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.dbclient.DbExecute;

/**
 * One service's outbox: events are written in the same transaction as the change they describe
 * (so an event exists exactly when its change does) and a {@code pg_notify} from that transaction
 * wakes the relay when it commits.
 */
public final class Outbox {
    /** The notification channel of every outbox; the payload names service and scope. */
    public static final String CHANNEL = "agora_outbox";

    private final String service;
    private final EventsConfig config;
    private final Codec codec;
    private final Ids ids;
    private final Clock clock;
    private final java.util.function.Consumer<EventType<?>> declaredCheck;

    Outbox(String service, EventsConfig config, Codec codec, Ids ids, Clock clock,
           java.util.function.Consumer<EventType<?>> declaredCheck) {
        this.service = service;
        this.config = config;
        this.codec = codec;
        this.ids = ids;
        this.clock = clock;
        this.declaredCheck = declaredCheck;
    }

    /**
     * Appends an event inside the caller's transaction.
     *
     * @param transaction the transaction of the change, opened for the same scope
     *                    ({@code Database.inTerritory} for a territory, {@code inGlobal} for the pod)
     * @param scope       the event's scope
     * @param type        the event type; its service must be this outbox's
     * @param aggregate   the id of the aggregate that changed
     * @param version     the aggregate's version after the change
     * @param payload     the data
     * @param <T>         the payload type
     * @return the envelope as it will be published
     */
    public <T> Event append(DbExecute transaction, EventScope scope, EventType<T> type, String aggregate, long version,
                            T payload) {
        if (!type.service().equals(service)) {
            throw new IllegalArgumentException(service + " cannot publish " + type.type());
        }
        declaredCheck.accept(type);
        UUID id = ids.next();
        JsonNode data = codec.writer().valueToTree(payload);
        Event event = new Event(id, type.type(), "agora/" + service, aggregate, clock.instant(),
                scope.label(),
                version, data, Traceparent.current());
        transaction.insert("INSERT INTO " + service + "_outbox (id, type, subject, aggregate, version, occurred_at, data,"
                        + " traceparent) VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?)",
                id, event.type(), config.subject(scope, type), aggregate, version, Database.timestamp(event.time()),
                data.toString(), event.traceparent().orElse(null));
        Notifications.notify(transaction, CHANNEL, service + "|" + scope.token());
        return event;
    }

    /** The service whose outbox this is. */
    public String service() {
        return service;
    }
}
