package agora.platform.web;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import agora.platform.core.problem.PlatformMessages;
import agora.platform.core.problem.ProblemException;

import io.helidon.common.socket.SocketOptions;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Keeps one listener's connections few and brief: at most {@code max} at once, each refused beyond
 * that at once with a 503 {@code too-many-connections} problem; and none left waiting on a slow or
 * vanished client past its deadline (see {@link ConnectionLimits} and {@link TrackedConnection}).
 *
 * <p>It sits where Helidon hands each accepted socket over for configuration (the listener's
 * connection options), because that is the one place every connection passes before a byte is
 * read; and it is a routing filter, which sees when a request has arrived and when it is answered.
 * Helidon's own cap ({@code maxTcpConnections}) stays as a backstop above this one: it does not
 * refuse, it stops accepting, which leaves clients hanging in the kernel's queue.
 *
 * <p>Meters (docs/metrics.md), labelled by {@code listener}: {@code agora_http_connections},
 * {@code agora_http_connections_max}, {@code agora_http_connections_refused_total} and
 * {@code agora_http_connections_timed_out_total} (with the {@code phase} that timed out).
 */
final class ConnectionGuard implements SocketOptions, Filter {
    /** How far Helidon's own cap lies above this one: room for connections being refused. */
    static final int BACKSTOP_SLACK = 64;
    private static final System.Logger LOG = System.getLogger(ConnectionGuard.class.getName());
    private static final long SWEEP_MILLIS = 250;
    private static final long CLOSE_GRACE = Duration.ofSeconds(5).toNanos();
    private static final long WARN_EVERY = Duration.ofMinutes(1).toNanos();
    /**
     * The guard now serving each listener. A gauge is registered once per listener and outlives the
     * guard it was made with when the listeners are started again ({@link Listeners}); it reads the
     * current one from here, not the connections of a server long stopped.
     */
    private static final Map<String, ConnectionGuard> CURRENT = new ConcurrentHashMap<>();

    private final SocketOptions options = SocketOptions.create();
    private final String listener;
    private final int max;
    private final long headerTimeout;
    private final long bodyTimeout;
    private final long idleTimeout;
    private final byte[] refusal;
    private final Map<SocketAddress, TrackedConnection> open = new ConcurrentHashMap<>();
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY);
    private final Counter refused;
    private final Map<TrackedConnection.Phase, Counter> timedOut = new EnumMap<>(TrackedConnection.Phase.class);

    /**
     * A guard for one listener.
     *
     * @param listener the listener's name in meters and logs ({@code public}, {@code operator} …)
     * @param max      connections it holds at once
     * @param limits   its timeouts
     * @param json     writes the refusal
     */
    ConnectionGuard(String listener, int max, ConnectionLimits limits, Json json) {
        this.listener = listener;
        this.max = max;
        this.headerTimeout = limits.headerTimeout().toNanos();
        this.bodyTimeout = limits.bodyTimeout().toNanos();
        this.idleTimeout = limits.idleTimeout().toNanos();
        this.refusal = refusal(json);
        MeterRegistry registry = Metrics.globalRegistry();
        List<Tag> tags = List.of(Tag.create("listener", listener));
        CURRENT.put(listener, this);
        registry.getOrCreate(Gauge.builder("agora.http.connections", CURRENT, current -> current.get(listener).open.size())
                .scope(Meter.Scope.APPLICATION).tags(tags));
        registry.getOrCreate(Gauge.builder("agora.http.connections.max", CURRENT, current -> current.get(listener).max)
                .scope(Meter.Scope.APPLICATION).tags(tags));
        this.refused = registry.getOrCreate(Counter.builder("agora.http.connections.refused")
                .scope(Meter.Scope.APPLICATION).tags(tags));
        for (TrackedConnection.Phase phase : TrackedConnection.Phase.values()) {
            if (phase == TrackedConnection.Phase.ANSWERING) {
                continue; // no deadline: the wait is ours
            }
            timedOut.put(phase, registry.getOrCreate(Counter.builder("agora.http.connections.timed.out")
                    .scope(Meter.Scope.APPLICATION)
                    .tags(List.of(Tag.create("listener", listener), Tag.create("phase", phase.label())))));
        }
    }

    /** Connections this listener holds at most. */
    int max() {
        return max;
    }

    @Override
    public void configureSocket(SocketChannel channel) {
        options.configureSocket(channel);
        if (open.size() >= max) {
            open.values().removeIf(connection -> !connection.isOpen());
        }
        if (open.size() >= max) {
            refuse(channel);
            // Helidon closes the socket and accepts the next one; it logs this at TRACE only.
            throw new Refused();
        }
        try {
            open.put(channel.getRemoteAddress(), new TrackedConnection(channel, System.nanoTime(), headerTimeout));
        } catch (IOException e) {
            throw new Refused();
        }
        if (sweeping.compareAndSet(false, true)) {
            Thread.ofVirtual().name("agora-connections-" + listener).start(this::sweep);
        }
    }

    @Override
    public void configureSocket(Socket socket) {
        options.configureSocket(socket);
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        TrackedConnection connection = open.get(request.remotePeer().address());
        if (connection == null) {
            chain.proceed();
            return;
        }
        connection.attachTo(request);
        connection.requestStarted(request.content().hasEntity(), System.nanoTime(), bodyTimeout);
        try {
            chain.proceed();
        } finally {
            connection.requestAnswered(System.nanoTime(), idleTimeout);
        }
    }

    /*
     * Whatever of the request has arrived is read first, so closing does not reset the connection
     * under the answer (unread input makes the kernel send RST instead of FIN).
     */
    private void refuse(SocketChannel channel) {
        refused.increment();
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= WARN_EVERY && lastWarning.compareAndSet(last, now)) {
            LOG.log(System.Logger.Level.WARNING, "The " + listener + " listener holds its maximum of " + max
                    + " connections; new ones are refused with 503 until some close (agora_http_connections_refused_total)");
        }
        try {
            channel.configureBlocking(false);
            ByteBuffer arrived = ByteBuffer.allocate(8192);
            for (int i = 0; i < 8 && channel.read(arrived) > 0; i++) {
                arrived.clear();
            }
            ByteBuffer answer = ByteBuffer.wrap(refusal);
            for (int i = 0; i < 8 && answer.hasRemaining() && channel.write(answer) >= 0; i++) {
                // A fresh socket's send buffer takes the whole answer at once.
            }
            channel.shutdownOutput();
        } catch (IOException e) {
            // The client is gone already; there is nobody to tell.
        }
    }

    private void sweep() {
        while (true) {
            try {
                Thread.sleep(SWEEP_MILLIS);
            } catch (InterruptedException e) {
                sweeping.set(false);
                return;
            }
            try {
                long now = System.nanoTime();
                open.values().removeIf(connection -> {
                    if (!connection.isOpen()) {
                        return true;
                    }
                    connection.expireIfDue(now, CLOSE_GRACE).map(timedOut::get).ifPresent(Counter::increment);
                    return false;
                });
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Sweeping the " + listener + " listener's connections failed", e);
            }
            if (open.isEmpty()) {
                sweeping.set(false);
                // A connection registered just now may have seen the flag still set: then sweep on.
                if (open.isEmpty() || !sweeping.compareAndSet(false, true)) {
                    return;
                }
            }
        }
    }

    private static byte[] refusal(Json json) {
        ProblemException problem = new ProblemException(WebProblems.TOO_MANY_CONNECTIONS,
                PlatformMessages.text("connections.too-many")).header("Retry-After", "5");
        byte[] body = json.bytes(ProblemResponder.Body.of(problem, Locale.ENGLISH, Optional.empty()));
        String head = "HTTP/1.1 503 Service Unavailable\r\n"
                + "Content-Type: " + Json.PROBLEM_JSON.text() + "\r\n"
                + "Content-Language: en\r\n"
                + "X-Content-Type-Options: nosniff\r\n"
                + "Retry-After: 5\r\n"
                + "Connection: close\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n";
        byte[] headBytes = head.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] all = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }

    @Override
    public Map<SocketOption<?>, Object> socketOptions() {
        return options.socketOptions();
    }

    @Override
    public Duration connectTimeout() {
        return options.connectTimeout();
    }

    @Override
    public Duration readTimeout() {
        return options.readTimeout();
    }

    @Override
    public Optional<Integer> socketReceiveBufferSize() {
        return options.socketReceiveBufferSize();
    }

    @Override
    public Optional<Integer> socketSendBufferSize() {
        return options.socketSendBufferSize();
    }

    @Override
    public boolean socketReuseAddress() {
        return options.socketReuseAddress();
    }

    @Override
    public boolean socketKeepAlive() {
        return options.socketKeepAlive();
    }

    @Override
    public boolean tcpNoDelay() {
        return options.tcpNoDelay();
    }

    /** A connection refused at accept; Helidon closes it. No stack trace: it is expected under load. */
    private static final class Refused extends RuntimeException {
        Refused() {
            super("connection refused: listener at its maximum", null, false, false);
        }
    }
}
