package agora.platform.events;

import java.time.Duration;
import java.util.List;

/**
 * The bus of a single-process pod without NATS: the relay's publish delivers the event to every
 * subscription of this process right away, through the same {@link Processor} contract (processed
 * ids, bounded retries, dead letters) as JetStream consumers. The relay marks the row sent only
 * after that, so an event survives a crash in the outbox, never in memory.
 */
final class InProcessTransport implements Transport {
    /** Retries here hold up the relay; keep their waits short. */
    private static final Duration LONGEST_WAIT = Duration.ofMillis(500);

    private final Processor processor;
    private final List<Subscription> subscriptions;
    private final int maxDeliveries;
    private final EventMeters meters;

    InProcessTransport(Processor processor, List<Subscription> subscriptions, int maxDeliveries, EventMeters meters) {
        this.processor = processor;
        this.subscriptions = subscriptions;
        this.maxDeliveries = maxDeliveries;
        this.meters = meters;
    }

    @Override
    public void publish(EventScope scope, String subject, Event event) {
        String producer = event.type().substring(0, event.type().indexOf('.'));
        for (Subscription subscription : subscriptions) {
            if (!subscription.producer().equals(producer) || subscription.pod() != (scope instanceof EventScope.Pod)) {
                continue;
            }
            for (int attempt = 1; attempt <= maxDeliveries; attempt++) {
                Processor.Outcome outcome = processor.deliver(subscription, scope, event, attempt);
                if (!(outcome instanceof Processor.Outcome.Retry retry)) {
                    break;
                }
                try {
                    Thread.sleep(retry.delay().compareTo(LONGEST_WAIT) < 0 ? retry.delay() : LONGEST_WAIT);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new TransportException("interrupted while retrying " + event.id(), e);
                }
            }
        }
    }

    @Override
    public void consume(List<EventScope> scopes) {
        // Deliveries happen in publish(): nothing ever waits for a consumer here.
        for (Subscription subscription : subscriptions) {
            for (EventScope scope : scopes) {
                if (subscription.pod() == (scope instanceof EventScope.Pod)) {
                    meters.consumerLag(subscription.consumerId(), scope, () -> 0L);
                }
            }
        }
    }


    @Override
    public void close() {
        // Nothing to release.
    }
}
