package agora.platform.events;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import agora.platform.core.loop.Loop;
import agora.platform.core.loop.Loops;

import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.IterableConsumer;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.nats.client.impl.Headers;

/**
 * NATS JetStream: one stream per scope ({@code <PREFIX>_DK}, {@code <PREFIX>_POD}) created
 * idempotently with the retention horizon; publishes carry {@code Nats-Msg-Id} = event id (the
 * stream drops a republished duplicate) and the {@code traceparent}; each subscription is a
 * durable pull consumer per scope with explicit acks.
 *
 * <p>The connection reconnects forever on its own; while NATS is away publishes fail (the relay
 * retries, events wait in the outbox) and consumers wait.
 */
final class JetStreamTransport implements Transport {
    private static final System.Logger LOG = System.getLogger(JetStreamTransport.class.getName());
    private static final Duration DUPLICATE_WINDOW = Duration.ofMinutes(2);
    private static final Duration ACK_WAIT = Duration.ofSeconds(60);
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(5);
    /** A consumer's pauses after failures (NATS away): 0.5 s doubling to 5 s. */
    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    private static final Duration LAST_RETRY = Duration.ofSeconds(5);

    private final String url;
    private final EventsConfig config;
    private final Codec codec;
    private final Processor processor;
    private final List<Subscription> subscriptions;
    private final Connection connection;
    private final Set<String> streams = ConcurrentHashMap.newKeySet();
    private final Map<String, Loop> consumers = new ConcurrentHashMap<>();
    private final Loops loops;
    /** Bumped on every reconnect: pull consumers are recreated, since a pull pending on a restarted server is lost. */
    private final java.util.concurrent.atomic.AtomicLong connectionGeneration = new java.util.concurrent.atomic.AtomicLong();

    private final EventMeters meters;

    JetStreamTransport(String url, EventsConfig config, Codec codec, Processor processor, List<Subscription> subscriptions,
                       EventMeters meters, Loops loops) {
        this.meters = meters;
        this.loops = loops;
        this.url = url;
        this.config = config;
        this.codec = codec;
        this.processor = processor;
        this.subscriptions = subscriptions;
        Options options = Options.builder()
                .server(url)
                .connectionName("agora")
                .maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(250))
                .connectionTimeout(Duration.ofSeconds(2))
                .errorListener(new io.nats.client.ErrorListener() {
                })
                .connectionListener((conn, event) -> {
                    if (event == io.nats.client.ConnectionListener.Events.RECONNECTED
                            || event == io.nats.client.ConnectionListener.Events.RESUBSCRIBED) {
                        connectionGeneration.incrementAndGet();
                    }
                })
                .build();
        try {
            this.connection = Nats.connectReconnectOnConnect(options);
        } catch (IOException e) {
            throw new IllegalStateException("cannot connect to NATS at " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to NATS", e);
        }
    }

    @Override
    public void publish(EventScope scope, String subject, Event event) {
        Published published = publishAll(scope, List.of(new Outgoing(subject, event)));
        if (published.failure().isPresent()) {
            throw published.failure().get();
        }
    }

    /**
     * Pipelines the batch (asynchronous publishes on one connection keep their order in the stream)
     * and counts the acknowledged prefix.
     */
    @Override
    public Published publishAll(EventScope scope, List<Outgoing> outgoing) {
        List<java.util.concurrent.CompletableFuture<io.nats.client.api.PublishAck>> acks = new java.util.ArrayList<>();
        try {
            ensureStream(scope);
            JetStream jetStream = jetStream();
            for (Outgoing next : outgoing) {
                Event event = next.event();
                Headers headers = new Headers().add("Nats-Msg-Id", event.id().toString())
                        .add("Agora-Event-Type", event.type());
                event.traceparent().ifPresent(traceparent -> headers.add("traceparent", traceparent));
                acks.add(jetStream.publishAsync(next.subject(), headers, codec.encode(event), PublishOptions.builder()
                        .messageId(event.id().toString())
                        .expectedStream(config.stream(scope))
                        .build()));
            }
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            return counted(acks, new TransportException("NATS did not take events: " + e.getMessage(), e));
        }
        return counted(acks, null);
    }

    private static Published counted(List<java.util.concurrent.CompletableFuture<io.nats.client.api.PublishAck>> acks,
                                     TransportException failure) {
        int count = 0;
        for (var ack : acks) {
            try {
                ack.get(ACK_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                count++;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Published(count, java.util.Optional.of(new TransportException("interrupted", e)));
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                return new Published(count, java.util.Optional.of(new TransportException(
                        "NATS did not acknowledge an event: " + e.getMessage(), e)));
            }
        }
        return new Published(count, java.util.Optional.ofNullable(failure));
    }

    @Override
    public void consume(List<EventScope> scopes) {
        for (Subscription subscription : subscriptions) {
            for (EventScope scope : scopes) {
                if (subscription.pod() != (scope instanceof EventScope.Pod)) {
                    continue;
                }
                consumers.computeIfAbsent(subscription.durableName() + "@" + scope.token(), ignored -> {
                    meters.consumerLag(subscription.consumerId(), scope, () -> pending(subscription, scope));
                    Consumer consumer = new Consumer(subscription, scope);
                    return loops.repeat("events-consumer-" + subscription.durableName() + "-" + scope.token(),
                            FIRST_RETRY, LAST_RETRY, consumer::step);
                });
            }
        }
    }

    /**
     * One durable pull consumer, a step per message (or per second without one). The subscription is
     * made on the first step and again after a failure or a reconnect (a pull pending on a restarted
     * server is lost); while NATS is away a step fails and the loop retries with backoff.
     */
    private final class Consumer {
        private final Subscription subscription;
        private final EventScope scope;
        private IterableConsumer messages;
        private long generation;

        Consumer(Subscription subscription, EventScope scope) {
            this.subscription = subscription;
            this.scope = scope;
        }

        void step() throws Exception {
            try {
                if (messages == null || generation != connectionGeneration.get()) {
                    subscribe();
                }
                Message message = messages.nextMessage(Duration.ofSeconds(1));
                if (message != null) {
                    handle(subscription, scope, message);
                }
            } catch (InterruptedException e) {
                closeMessages();
                throw e;
            } catch (Exception e) {
                closeMessages();
                throw new IllegalStateException("consumer " + subscription.durableName() + " on "
                        + config.stream(scope) + " is interrupted: " + e.getMessage(), e);
            }
        }

        private void subscribe() throws IOException, JetStreamApiException {
            closeMessages();
            String stream = config.stream(scope);
            ensureStream(scope);
            connection.jetStreamManagement().addOrUpdateConsumer(stream, ConsumerConfiguration.builder()
                    .durable(subscription.durableName())
                    .filterSubject(config.prefix() + "." + scope.token() + "." + subscription.producer() + ".>")
                    .ackPolicy(AckPolicy.Explicit)
                    .ackWait(ACK_WAIT)
                    .deliverPolicy(DeliverPolicy.All)
                    .maxDeliver(-1)
                    .build());
            ConsumerContext context = jetStream().getConsumerContext(stream, subscription.durableName());
            generation = connectionGeneration.get();
            messages = context.iterate();
        }

        private void closeMessages() {
            if (messages != null) {
                try {
                    messages.close();
                } catch (Exception ignored) {
                    // The connection is gone or going: nothing to release on the server.
                }
                messages = null;
            }
        }
    }

    /**
     * Messages waiting for a consumer (JetStream's num_pending), read by the meters' loop; fails
     * (the value is unknown) while NATS is away, and is 0 before the consumer exists.
     */
    private long pending(Subscription subscription, EventScope scope) {
        if (connection.getStatus() != Connection.Status.CONNECTED) {
            throw new TransportException("NATS connection is " + connection.getStatus(), null);
        }
        try {
            return connection.jetStreamManagement()
                    .getConsumerInfo(config.stream(scope), subscription.durableName()).getNumPending();
        } catch (JetStreamApiException e) {
            if (e.getErrorCode() == 404) {
                return 0;
            }
            throw new TransportException("NATS did not say how many messages wait: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new TransportException("NATS did not say how many messages wait: " + e.getMessage(), e);
        }
    }

    private void handle(Subscription subscription, EventScope scope, Message message) {
        Event event;
        try {
            event = codec.decode(message.getData());
        } catch (IllegalArgumentException e) {
            processor.undecodable(subscription, scope, message.getData(), e);
            message.term();
            return;
        }
        switch (processor.deliver(subscription, scope, event)) {
            case Processor.Outcome.Done ignored -> message.ack();
            case Processor.Outcome.Retry retry -> message.nakWithDelay(retry.delay());
            case Processor.Outcome.Unavailable unavailable -> message.nakWithDelay(unavailable.delay());
            case Processor.Outcome.Dead ignored -> message.term();
        }
    }

    private void ensureStream(EventScope scope) throws IOException, JetStreamApiException {
        String name = config.stream(scope);
        if (streams.contains(name)) {
            return;
        }
        JetStreamManagement management = connection.jetStreamManagement();
        StreamConfiguration wanted = StreamConfiguration.builder()
                .name(name)
                .subjects(config.prefix() + "." + scope.token() + ".>")
                .storageType(StorageType.File)
                .maxAge(config.retention())
                .duplicateWindow(DUPLICATE_WINDOW)
                .build();
        try {
            StreamInfo existing = management.getStreamInfo(name);
            if (!existing.getConfiguration().getMaxAge().equals(config.retention())) {
                management.updateStream(wanted);
            }
        } catch (JetStreamApiException notFound) {
            if (notFound.getErrorCode() != 404) {
                throw notFound;
            }
            try {
                management.addStream(wanted);
            } catch (JetStreamApiException raced) {
                // Another instance created it first with the same configuration: fine.
                if (raced.getApiErrorCode() != 10058) {
                    throw raced;
                }
            }
        }
        streams.add(name);
    }

    private JetStream jetStream() throws IOException {
        return connection.jetStream();
    }

    @Override
    public void ping() {
        if (connection.getStatus() != Connection.Status.CONNECTED) {
            throw new IllegalStateException("NATS connection is " + connection.getStatus());
        }
    }


    @Override
    public void close() {
        consumers.values().forEach(loops::remove);
        for (Loop consumer : consumers.values()) {
            try {
                consumer.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
