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
     * Starts (or keeps) the consumers for the given scopes; called again when territories appear.
     *
     * @param scopes every scope the process serves
     */
    void consume(List<EventScope> scopes);

    /** One line for the start-up log. */
    String description();

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
