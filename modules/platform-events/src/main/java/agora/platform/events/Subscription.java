package agora.platform.events;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import agora.platform.contract.EventType;

/**
 * One durable consumer: a consuming service's named reader of another service's events in every
 * territory (or the pod), with a handler per event type. Events of types without a handler are
 * acknowledged and skipped.
 */
public final class Subscription {
    private final String service;
    private final String name;
    private final String producer;
    private final boolean pod;
    private final Map<String, Registered<?>> handlers = new LinkedHashMap<>();

    private Subscription(String service, String name, String producer, boolean pod) {
        this.service = Objects.requireNonNull(service);
        this.name = Objects.requireNonNull(name);
        this.producer = Objects.requireNonNull(producer);
        this.pod = pod;
        if (!(service + name + producer).matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("service, consumer and producer names must be lower-case identifiers");
        }
    }

    /**
     * A consumer of a producer's events in every territory.
     *
     * @param service  the consuming service (its tables keep processed ids and dead letters)
     * @param name     the consumer's name, unique within the service
     * @param producer the producing service
     * @return the subscription, to add handlers to
     */
    public static Subscription territories(String service, String name, String producer) {
        return new Subscription(service, name, producer, false);
    }

    /**
     * A consumer of a producer's pod-wide events ({@code <prefix>.pod.<producer>.…}).
     *
     * @param service  the consuming service
     * @param name     the consumer's name
     * @param producer the producing service
     * @return the subscription
     */
    public static Subscription pod(String service, String name, String producer) {
        return new Subscription(service, name, producer, true);
    }

    /**
     * Handles one event type.
     *
     * @param type    the type; its service must be the producer
     * @param handler the handler
     * @param <T>     payload type
     * @return this subscription
     */
    public <T> Subscription on(EventType<T> type, EventHandler<T> handler) {
        if (!type.service().equals(producer)) {
            throw new IllegalArgumentException(type.type() + " is not an event of " + producer);
        }
        handlers.put(type.type(), new Registered<>(type, handler));
        return this;
    }

    /** The consuming service. */
    public String service() {
        return service;
    }

    /** The consumer's name. */
    public String name() {
        return name;
    }

    /** The producing service. */
    public String producer() {
        return producer;
    }

    /** Whether it reads pod-wide events rather than territories'. */
    public boolean pod() {
        return pod;
    }

    /** The durable consumer's name on the stream: {@code <service>__<name>}. */
    public String durableName() {
        return service + "__" + name;
    }

    /** The name recorded with processed ids and dead letters. */
    String consumerId() {
        return durableName();
    }

    Map<String, Registered<?>> handlers() {
        return handlers;
    }

    /** A handler with its type, so the payload is read as the right record. */
    record Registered<T>(EventType<T> type, EventHandler<T> handler) {
    }
}
