package agora.platform.events;

import java.util.List;


/**
 * Where the relay hands events and where consumers read them from: NATS JetStream, or the
 * in-process bus of a single-process pod.
 */
interface Transport extends AutoCloseable {

    /**
     * Publishes one event and returns once the transport has it durably (JetStream's ack).
     *
     * @param scope   the event's scope
     * @param subject the NATS subject
     * @param event   the envelope
     * @throws TransportException when it could not be handed over
     */
    void publish(EventScope scope, String subject, Event event);

    /**
     * Publishes events in order; returns how many of them, from the first, the transport has durably.
     * The default publishes one by one; a transport may pipeline them.
     *
     * @param scope    the events' scope
     * @param outgoing subjects and envelopes, in publish order
     * @return the published prefix and, when it is shorter than the batch, why
     */
    default Published publishAll(EventScope scope, java.util.List<Outgoing> outgoing) {
        int published = 0;
        for (Outgoing next : outgoing) {
            try {
                publish(scope, next.subject(), next.event());
            } catch (TransportException e) {
                return new Published(published, java.util.Optional.of(e));
            }
            published++;
        }
        return new Published(published, java.util.Optional.empty());
    }

    /**
     * One event to publish.
     *
     * @param subject the NATS subject
     * @param event   the envelope
     */
    record Outgoing(String subject, Event event) {
    }

    /**
     * How much of a batch went out.
     *
     * @param count   the published prefix's length
     * @param failure why the rest did not
     */
    record Published(int count, java.util.Optional<TransportException> failure) {
    }

    /**
     * Starts (or keeps) the consumers for the given scopes; called again when territories appear.
     *
     * @param scopes every scope the process serves
     */
    void consume(List<EventScope> scopes);

    /**
     * Checks the transport is connected.
     *
     * @throws IllegalStateException when it is not
     */
    default void ping() {
    }


    @Override
    void close();

    /** The transport failed to take an event; the relay retries later. */
    final class TransportException extends RuntimeException {
        /**
         * A failure.
         *
         * @param message what failed
         * @param cause   why
         */
        public TransportException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
