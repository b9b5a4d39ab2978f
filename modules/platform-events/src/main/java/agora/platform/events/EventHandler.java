package agora.platform.events;

import io.helidon.dbclient.DbExecute;

/**
 * What a consumer does with one event: its effect, written through the given transaction, in which
 * the event's id is also recorded as processed — so a redelivered event has no second effect.
 * Throwing rolls both back; the event is retried, and after the last attempt dead-lettered.
 *
 * @param <T> the payload type
 */
@FunctionalInterface
public interface EventHandler<T> {

    /**
     * Applies an event.
     *
     * @param transaction the transaction in the event's scope (its territory's schema, or global)
     * @param event       the envelope
     * @param payload     the data, read tolerantly into the payload record
     */
    void handle(DbExecute transaction, Event event, T payload);
}
