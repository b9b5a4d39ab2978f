/**
 * Events between services: the envelope, the transactional outbox, its relay (one per service and
 * territory, serialised across instances by an advisory lock, woken by {@code pg_notify}) to NATS
 * JetStream or, in a single-process pod without NATS, to an in-process bus; and consumers that
 * apply each event once, retry a bounded number of times and keep dead letters for operators.
 *
 * <p>jnats stays behind this module; services see {@link agora.platform.events.Events},
 * {@link agora.platform.events.Outbox} and their own payload records.
 */
module agora.platform.events {
    requires agora.platform.contract;
    // Events.create takes the data layer's Platform; handlers get Helidon's DbExecute.
    requires transitive agora.platform.data;
    requires agora.platform.core;
    requires agora.platform.web;
    requires io.nats.jnats;
    requires io.helidon.metrics.api;
    requires io.helidon.common.context;
    requires com.fasterxml.jackson.databind;

    exports agora.platform.events;

    opens agora.platform.events to com.fasterxml.jackson.databind;
}
