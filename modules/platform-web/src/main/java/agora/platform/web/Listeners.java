package agora.platform.web;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.Metrics;
import io.helidon.webserver.WebServer;

/**
 * A process's listeners, kept listening. Helidon ends a listener for good when {@code accept}
 * fails, as it does when the process has run out of file descriptors ("Too many open files"):
 * the process lives on with a dead socket. The connection caps keep the listeners' own clients from
 * getting there ({@link FileBudget}); this watch covers the rest. Every few seconds it connects to
 * each listener; one that refuses the connection has died, and the server is started again on the
 * same ports (stopping it lets the other listeners' requests in flight finish) as soon as there are
 * descriptors to spare. Until then {@link #trouble()} says what is wrong, for the health check; the
 * log says so once when a listener stops and once when all accept again.
 *
 * <p>Meter: {@code agora_http_listener_restarts_total} (docs/metrics.md).
 */
public final class Listeners implements AutoCloseable {
    /** How often the listeners are looked at unless a process says otherwise. */
    public static final Duration DEFAULT_WATCH = Duration.ofSeconds(5);
    private static final System.Logger LOG = System.getLogger(Listeners.class.getName());
    private static final int PROBE_TIMEOUT_MILLIS = 1000;
    private static final Duration STOP_WAIT = Duration.ofSeconds(15);
    /** Free descriptors needed to look at the listeners without harming one. */
    private static final long PROBE_HEADROOM = 4;
    /** Free descriptors needed to start the listeners again (sockets, selectors, a first connection). */
    private static final long START_HEADROOM = 32;

    private final Function<Map<String, Integer>, WebServer> factory;
    private final Map<String, String> hosts;
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final Duration every;
    private final Counter restarts;
    private volatile WebServer server;
    private volatile Optional<String> trouble = Optional.empty();
    private final AtomicLong restarted = new AtomicLong();
    private volatile Instant outageSince;
    private volatile boolean closed;
    private Thread watch;

    private Listeners(Function<Map<String, Integer>, WebServer> factory, Map<String, String> hosts, Duration every) {
        this.factory = factory;
        this.hosts = Map.copyOf(hosts);
        this.every = every;
        this.restarts = Metrics.globalRegistry().getOrCreate(Counter.builder("agora.http.listener.restarts")
                .scope(Meter.Scope.APPLICATION));
    }

    /**
     * Builds and starts the server, then watches its listeners.
     *
     * @param factory builds the server (not started) with each named socket on the given port, or on
     *                its configured port when the map does not name it
     * @param hosts   the address each socket binds, by socket name ({@link WebServer#DEFAULT_SOCKET_NAME}
     *                for the public one)
     * @param every   how often the listeners are looked at
     * @return the running listeners
     * @throws IllegalStateException when a listener could not bind its address
     */
    public static Listeners start(Function<Map<String, Integer>, WebServer> factory, Map<String, String> hosts,
                                  Duration every) {
        Listeners listeners = new Listeners(factory, hosts, every);
        WebServer first = factory.apply(Map.of()).start();
        if (!first.isRunning()) {
            // Helidon logs which address failed and stops the others; without this the process
            // would carry on, announce itself up, and listen nowhere.
            throw new IllegalStateException("The server's listeners did not start: a port is in use or an address "
                    + "cannot be bound (the log above names it)");
        }
        listeners.server = first;
        listeners.hosts.keySet().forEach(name -> {
            int port = first.port(name);
            if (port > 0) {
                listeners.ports.put(name, port);
            }
        });
        listeners.watch = Thread.ofVirtual().name("agora-listeners").start(listeners::watch);
        return listeners;
    }

    /** The server running now (another one after a restart). */
    public WebServer server() {
        return server;
    }

    /**
     * The port a socket listens on.
     *
     * @param socket the socket's name
     * @return its port, or -1 when it has none
     */
    public int port(String socket) {
        return ports.getOrDefault(socket, -1);
    }

    /** How often the listeners were started again since the process started. */
    public long restarts() {
        return restarted.get();
    }

    /** What keeps a listener from accepting connections right now; empty when all accept. */
    public Optional<String> trouble() {
        return trouble;
    }

    /** Stops watching, then the server (letting requests in flight finish). */
    @Override
    public void close() {
        closed = true;
        if (watch != null) {
            watch.interrupt();
        }
        server.stop();
    }

    private void watch() {
        while (!closed) {
            try {
                Thread.sleep(every);
            } catch (InterruptedException e) {
                return;
            }
            try {
                look();
            } catch (RuntimeException | Error e) {
                LOG.log(System.Logger.Level.WARNING, "Looking at the listeners failed; looking again in "
                        + every.toSeconds() + " s", e);
            }
        }
    }

    /*
     * A look needs a descriptor or two: with fewer free, connecting to a listener that lives could
     * take the one its accept needs and end it. Starting the listeners again needs a few more.
     */
    private void look() {
        long headroom = FileBudget.headroom();
        if (headroom < PROBE_HEADROOM) {
            return;
        }
        Optional<String> dead = deadListener();
        if (dead.isEmpty()) {
            if (outageSince != null) {
                LOG.log(System.Logger.Level.INFO, "Every listener accepts connections again, "
                        + Duration.between(outageSince, Instant.now()).toSeconds() + " s after one stopped ("
                        + restarts() + " restart(s) since the process started)");
                outageSince = null;
                trouble = Optional.empty();
            }
            return;
        }
        String name = WebServer.DEFAULT_SOCKET_NAME.equals(dead.get()) ? "public" : dead.get();
        if (outageSince == null) {
            outageSince = Instant.now();
            LOG.log(System.Logger.Level.ERROR, "The " + name + " listener stopped accepting connections (most likely "
                    + "the process ran out of file descriptors: see the error before this); starting the listeners "
                    + "again on the same ports as soon as descriptors are free");
        }
        if (headroom < START_HEADROOM) {
            trouble = Optional.of("the " + name + " listener stopped accepting connections at " + outageSince
                    + "; waiting for free file descriptors (" + headroom + " free) to start it again");
            return;
        }
        trouble = Optional.of("the " + name + " listener stopped accepting connections at " + outageSince
                + "; starting the listeners again");
        stopQuietly(server);
        try {
            server = factory.apply(Map.copyOf(ports)).start();
        } catch (RuntimeException | Error e) {
            trouble = Optional.of("the " + name + " listener stopped accepting connections at " + outageSince
                    + "; starting the listeners again failed (" + e.getMessage() + "), trying every "
                    + every.toSeconds() + " s");
            return;
        }
        restarted.incrementAndGet();
        restarts.increment();
        LOG.log(System.Logger.Level.INFO, "Started the listeners again after the " + name + " listener stopped");
    }

    private Optional<String> deadListener() {
        for (Map.Entry<String, Integer> socket : ports.entrySet()) {
            if (refuses(hosts.get(socket.getKey()), socket.getValue())) {
                return Optional.of(socket.getKey());
            }
        }
        return Optional.empty();
    }

    /*
     * Only a refused connection means the listener is gone. Failing to open a socket here (the
     * process is out of descriptors itself) or a slow answer proves nothing: look again later.
     */
    private static boolean refuses(String host, int port) {
        try (SocketChannel probe = SocketChannel.open()) {
            InetAddress address = InetAddress.getByName(host);
            if (address.isAnyLocalAddress()) {
                address = InetAddress.getLoopbackAddress();
            }
            probe.socket().connect(new InetSocketAddress(address, port), PROBE_TIMEOUT_MILLIS);
            return false;
        } catch (ConnectException refused) {
            return true;
        } catch (IOException unknown) {
            return false;
        }
    }

    /* A listener that died may never report itself stopped: wait a bounded time, then go on. */
    private static void stopQuietly(WebServer stopping) {
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(stopping::stop,
                command -> Thread.ofVirtual().name("agora-listeners-stop").start(command));
        try {
            stopped.get(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.log(System.Logger.Level.WARNING, "The old listeners did not stop within " + STOP_WAIT.toSeconds()
                    + " s; going on");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.log(System.Logger.Level.WARNING, "Stopping the old listeners failed", e.getCause());
        }
    }
}
