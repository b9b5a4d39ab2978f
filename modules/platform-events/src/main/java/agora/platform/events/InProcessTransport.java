package agora.platform.events;

import java.time.Duration;
import java.util.List;

/**
 * The bus of a single-process pod without NATS: the relay's publish delivers the event to every
 * subscription of this process right away, through the same {@link Processor} contract (processed
 * ids, bounded retries, dead letters, outages waited out) as JetStream consumers. The relay marks
 * the row sent only after that, so an event survives a crash in the outbox, never in memory.
 */
final class InProcessTransport implements Transport {
    /** Retries here hold up the relay; keep their waits short. */
    private static final Duration LONGEST_WAIT = Duration.ofMillis(500);

    private final Processor processor;
    private final List<Subscription> subscriptions;
    private final EventMeters meters;

    InProcessTransport(Processor processor, List<Subscription> subscriptions, EventMeters meters) {
        this.processor = processor;
        this.subscriptions = subscriptions;
        this.meters = meters;
    }

    @Override
    public void publish(EventScope scope, String subject, Event event) {
        String producer = event.type().substring(0, event.type().indexOf('.'));
        for (Subscription subscription : subscriptions) {
            if (!subscription.producer().equals(producer) || subscription.pod() != (scope instanceof EventScope.Pod)) {
                continue;
            }
            deliver(subscription, scope, event);
        }
    }

    /*
     * Until applied or dead. A backend outage fails the publish instead: the row stays in the outbox
     * and the relay tries again with its backoff, for as long as the outage lasts (subscriptions that
     * already applied the event skip it then as a duplicate).
     */
    private void deliver(Subscription subscription, EventScope scope, Event event) {
        while (true) {
            switch (processor.deliver(subscription, scope, event)) {
                case Processor.Outcome.Done ignored -> {
                    return;
                }
                case Processor.Outcome.Dead ignored -> {
                    return;
                }
                case Processor.Outcome.Unavailable unavailable -> throw new TransportException("consumer "
                        + subscription.consumerId() + " waits for a backend: " + unavailable.failure().getMessage(),
                        unavailable.failure());
                case Processor.Outcome.Retry retry -> {
                    try {
                        Thread.sleep(retry.delay().compareTo(LONGEST_WAIT) < 0 ? retry.delay() : LONGEST_WAIT);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new TransportException("interrupted while retrying " + event.id(), e);
                    }
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
                    meters.noConsumerLag(subscription.consumerId(), scope);
                }
            }
        }
    }


    @Override
    public void close() {
        // Nothing to release.
    }
}
