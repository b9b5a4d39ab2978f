package agora.platform.events;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

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

    private final String url;
    private final EventsConfig config;
    private final Codec codec;
    private final Processor processor;
    private final List<Subscription> subscriptions;
    private final Connection connection;
    private final Set<String> streams = ConcurrentHashMap.newKeySet();
    private final Map<String, Thread> consumers = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    /** Bumped on every reconnect: pull consumers are recreated, since a pull pending on a restarted server is lost. */
    private final java.util.concurrent.atomic.AtomicLong connectionGeneration = new java.util.concurrent.atomic.AtomicLong();

    private final EventMeters meters;

    JetStreamTransport(String url, EventsConfig config, Codec codec, Processor processor, List<Subscription> subscriptions,
                       EventMeters meters) {
        this.meters = meters;
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
                    return Thread.ofVirtual()
                            .name("agora-consumer-" + subscription.durableName() + "-" + scope.token())
                            .start(() -> consumeLoop(subscription, scope));
                });
            }
        }
    }

    private void consumeLoop(Subscription subscription, EventScope scope) {
        String stream = config.stream(scope);
        while (running.get()) {
            try {
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
                long generation = connectionGeneration.get();
                try (IterableConsumer messages = context.iterate()) {
                    while (running.get() && generation == connectionGeneration.get()) {
                        Message message = messages.nextMessage(Duration.ofSeconds(1));
                        if (message != null) {
                            handle(subscription, scope, message);
                        }
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (!running.get()) {
                    return;
                }
                LOG.log(System.Logger.Level.WARNING, "Consumer {0} on {1} interrupted ({2}); resuming",
                        subscription.durableName(), stream, e.getMessage());
                try {
                    Thread.sleep(500);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /** Messages waiting for a consumer (JetStream's num_pending), or 0 before it exists. */
    private long pending(Subscription subscription, EventScope scope) {
        try {
            return connection.jetStreamManagement()
                    .getConsumerInfo(config.stream(scope), subscription.durableName()).getNumPending();
        } catch (IOException | JetStreamApiException e) {
            return 0;
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
        int attempt = (int) message.metaData().deliveredCount();
        switch (processor.deliver(subscription, scope, event, attempt)) {
            case Processor.Outcome.Done ignored -> message.ack();
            case Processor.Outcome.Retry retry -> message.nakWithDelay(retry.delay());
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
        running.set(false);
        consumers.values().forEach(Thread::interrupt);
        for (Thread consumer : consumers.values()) {
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
