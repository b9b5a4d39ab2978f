package agora.platform.web;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.logging.LogManager;

import agora.platform.core.Limits;
import agora.platform.core.Traceparent;

import io.helidon.common.context.Contexts;
import io.helidon.config.Config;
import io.helidon.http.DirectHandler;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.HttpRouting;

/**
 * The server set-up every service's {@code Main} and the pod share: the public listener and the
 * operator listener, both with the same limits and the same problem+json errors, and each with a
 * cap on its connections and deadlines for slow clients ({@link ConnectionLimits}).
 *
 * <p>The operator listener is a second socket that only binds to the loopback address: it carries
 * operations that span territories (creating one, say), reached through {@code ./agora} or
 * {@code kubectl exec}, never through the public network.
 */
public final class AgoraServer {
    /** Name of the operator socket. */
    public static final String OPERATOR_SOCKET = "operator";
    private static final System.Logger LOG = System.getLogger(AgoraServer.class.getName());

    private AgoraServer() {
    }

    /**
     * Where and how a process listens.
     *
     * @param host          public listener address
     * @param port          public listener port (0 picks a free one)
     * @param operatorPort  operator listener port on 127.0.0.1 (0 picks a free one)
     * @param limits        request limits of both listeners
     * @param shutdownGrace how long stopping waits for requests in flight
     * @param connections   timeouts and connection caps of every listener
     */
    public record Settings(String host, int port, int operatorPort, Limits limits, Duration shutdownGrace,
                           ConnectionLimits connections) {

        /** How long a stopping server lets requests in flight finish, unless configured. */
        public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(10);

        /**
         * Settings with the default shutdown grace and connection limits.
         *
         * @param host         public listener address
         * @param port         public listener port
         * @param operatorPort operator listener port
         * @param limits       request limits
         */
        public Settings(String host, int port, int operatorPort, Limits limits) {
            this(host, port, operatorPort, limits, DEFAULT_SHUTDOWN_GRACE);
        }

        /**
         * Settings with the default connection limits.
         *
         * @param host          public listener address
         * @param port          public listener port
         * @param operatorPort  operator listener port
         * @param limits        request limits
         * @param shutdownGrace how long stopping waits for requests in flight
         */
        public Settings(String host, int port, int operatorPort, Limits limits, Duration shutdownGrace) {
            this(host, port, operatorPort, limits, shutdownGrace, ConnectionLimits.DEFAULT);
        }

        /**
         * Settings from the root config: {@code server.host} (default 127.0.0.1, so a laptop pod is
         * not on the network by accident), {@code server.port} (8080), {@code agora.operator.port}
         * (8081), {@code agora.web.limits}, {@code agora.web.shutdown.grace} and
         * {@code agora.web.connections}.
         *
         * @param config root config
         * @return the settings
         */
        public static Settings from(Config config) {
            return new Settings(
                    config.get("server.host").asString().orElse("127.0.0.1"),
                    config.get("server.port").asInt().orElse(8080),
                    config.get("agora.operator.port").asInt().orElse(8081),
                    Limits.from(config.get("agora.web.limits")),
                    config.get("agora.web.shutdown.grace").as(Duration.class).orElse(DEFAULT_SHUTDOWN_GRACE),
                    ConnectionLimits.from(config.get("agora.web.connections")));
        }

        /**
         * The same settings on other ports (a server started again keeps the ports it had).
         *
         * @param publicPort   the public listener's port
         * @param operatorPort the operator listener's port
         * @return the settings
         */
        public Settings onPorts(int publicPort, int operatorPort) {
            return new Settings(host, publicPort, operatorPort, limits, shutdownGrace, connections);
        }

        /**
         * The public listener's connection cap: the configured one, or one derived from the file
         * limit and the heap; never more than the file limit allows (Helidon's listener would stop
         * for good on running out of descriptors).
         *
         * @return connections the public listener holds at most
         */
        public int maxPublicConnections() {
            FileBudget budget = FileBudget.ofProcess();
            return connections.maxPublic().map(max -> Math.min(max, budget.publicCeiling()))
                    .orElseGet(budget::publicDefault);
        }
    }

    /**
     * Sets up java.util.logging for a process from {@code logging.properties}: the file named by
     * {@code java.util.logging.config.file} if set, else the one the application ships.
     */
    public static void configureLogging() {
        if (System.getProperty("java.util.logging.config.file") != null) {
            return;
        }
        try (InputStream properties = ClassLoader.getSystemResourceAsStream("logging.properties")) {
            if (properties != null) {
                LogManager.getLogManager().readConfiguration(properties);
            }
        } catch (IOException e) {
            System.err.println("logging.properties unreadable, using the JDK defaults: " + e.getMessage());
        }
    }

    /**
     * Configures a server builder (also used by tests through Helidon's {@code @SetUpServer}).
     *
     * @param server   the builder
     * @param settings addresses and limits
     * @param json     the JSON writer for problems
     * @param api      registers the public routes
     * @param operator registers the operator routes
     * @return the recorded routes of both listeners
     */
    public static Routed configure(WebServerConfig.Builder server,
                                   Settings settings,
                                   Json json,
                                   Consumer<Routes> api,
                                   Consumer<Routes> operator) {
        ProblemResponder problems = new ProblemResponder(json);
        DirectHandlers direct = directHandlers(problems);
        FileBudget budget = FileBudget.ofProcess();
        int maxPublic = settings.maxPublicConnections();
        settings.connections().maxPublic().filter(configured -> configured > maxPublic).ifPresent(configured ->
                LOG.log(System.Logger.Level.WARNING, "agora.web.connections.max " + configured + " is more than the "
                        + "file limit of " + budget.fileLimit() + " allows; the public listener holds at most "
                        + maxPublic + " (raise the limit: ulimit -n)"));
        ConnectionGuard apiGuard = new ConnectionGuard("public", maxPublic, settings.connections(), json);
        ConnectionGuard operatorGuard = new ConnectionGuard(OPERATOR_SOCKET, budget.operator(), settings.connections(),
                json);
        LOG.log(System.Logger.Level.INFO, "Connections: public listener at most " + apiGuard.max() + ", operator "
                + operatorGuard.max() + " (file limit " + (budget.fileLimit() == Long.MAX_VALUE ? "unknown"
                : budget.fileLimit()) + ", heap " + budget.maxHeap() / (1024 * 1024) + " MiB); headers within "
                + settings.connections().headerTimeout().toSeconds() + " s, bodies within "
                + settings.connections().bodyTimeout().toSeconds() + " s, idle "
                + settings.connections().idleTimeout().toSeconds() + " s");
        HttpRouting.Builder apiRouting = routing(problems, apiGuard);
        HttpRouting.Builder operatorRouting = routing(problems, operatorGuard);
        Routes apiRoutes = new Routes(apiRouting, settings.limits());
        Routes operatorRoutes = new Routes(operatorRouting, settings.limits());
        api.accept(apiRoutes);
        operator.accept(operatorRoutes);
        apiRoutes.addFallback();
        operatorRoutes.addFallback();
        server.host(settings.host())
                .port(settings.port())
                .maxPayloadSize(settings.limits().maxListenerBytes())
                .shutdownGracePeriod(settings.shutdownGrace())
                .connectionOptions(apiGuard)
                .maxTcpConnections(apiGuard.max() + ConnectionGuard.BACKSTOP_SLACK)
                .idleConnectionTimeout(settings.connections().idleTimeout())
                .directHandlers(direct)
                .routing(apiRouting)
                .putSocket(OPERATOR_SOCKET, socket -> socket
                        .host("127.0.0.1")
                        .port(settings.operatorPort())
                        .maxPayloadSize(settings.limits().maxListenerBytes())
                        .shutdownGracePeriod(settings.shutdownGrace())
                        .connectionOptions(operatorGuard)
                        .maxTcpConnections(operatorGuard.max() + ConnectionGuard.BACKSTOP_SLACK)
                        .idleConnectionTimeout(settings.connections().idleTimeout())
                        .directHandlers(direct)
                        .routing(operatorRouting));
        return new Routed(apiRoutes, operatorRoutes);
    }

    /**
     * Adds a further listener with the same limits, filters and problem answers as the two
     * standard ones (the host's internal listener for calls between services).
     *
     * @param server   the builder, already {@link #configure configured}
     * @param name     the socket's name
     * @param host     the address it binds
     * @param port     its port (0 picks a free one)
     * @param settings limits and shutdown grace
     * @param json     the JSON writer for problems
     * @param routes   registers its routes
     * @return its recorded routes
     */
    public static Routes addListener(WebServerConfig.Builder server, String name, String host, int port,
                                     Settings settings, Json json, Consumer<Routes> routes) {
        ProblemResponder problems = new ProblemResponder(json);
        ConnectionGuard guard = new ConnectionGuard(name, FileBudget.ofProcess().internal(), settings.connections(), json);
        HttpRouting.Builder routing = routing(problems, guard);
        Routes recorded = new Routes(routing, settings.limits());
        routes.accept(recorded);
        recorded.addFallback();
        server.putSocket(name, socket -> socket
                .host(host)
                .port(port)
                .maxPayloadSize(settings.limits().maxListenerBytes())
                .shutdownGracePeriod(settings.shutdownGrace())
                .connectionOptions(guard)
                .maxTcpConnections(guard.max() + ConnectionGuard.BACKSTOP_SLACK)
                .idleConnectionTimeout(settings.connections().idleTimeout())
                .directHandlers(directHandlers(problems))
                .routing(routing));
        return recorded;
    }

    /**
     * Builds and starts a server.
     *
     * @param settings addresses and limits
     * @param json     the JSON writer
     * @param api      registers the public routes
     * @param operator registers the operator routes
     * @return the running server
     */
    public static WebServer start(Settings settings, Json json, Consumer<Routes> api, Consumer<Routes> operator) {
        return start(settings, json, api, operator, builder -> { });
    }

    /**
     * Builds and starts a server with extra set-up (server features such as the observe endpoints).
     *
     * @param settings addresses and limits
     * @param json     the JSON writer
     * @param api      registers the public routes
     * @param operator registers the operator routes
     * @param extra    further configuration of the builder
     * @return the running server
     */
    public static WebServer start(Settings settings, Json json, Consumer<Routes> api, Consumer<Routes> operator,
                                  Consumer<WebServerConfig.Builder> extra) {
        WebServerConfig.Builder builder = WebServer.builder();
        configure(builder, settings, json, api, operator);
        extra.accept(builder);
        return builder.build().start();
    }

    /**
     * The routes of a configured server.
     *
     * @param api      public routes
     * @param operator operator routes
     */
    public record Routed(Routes api, Routes operator) {
    }

    private static HttpRouting.Builder routing(ProblemResponder problems, ConnectionGuard guard) {
        return HttpRouting.builder()
                // First: the connection's deadline follows the request from the moment it has arrived.
                .addFilter(guard)
                .addFilter((chain, request, response) -> {
                    // JSON and problem bodies must never be sniffed into something executable.
                    response.header("X-Content-Type-Options", "nosniff");
                    request.headers().first(io.helidon.http.HeaderNames.create(Traceparent.HEADER))
                            .ifPresent(value -> Traceparent.register(request.context(), value));
                    // The request's context is the current one for everything below (trace context).
                    Contexts.runInContext(request.context(), chain::proceed);
                })
                .addFilter(new HttpMetrics())
                .addFilter((chain, request, response) -> {
                    UnstorableText.refuseInAddress(request);
                    chain.proceed();
                })
                .error(Throwable.class, problems);
    }

    private static DirectHandlers directHandlers(ProblemResponder problems) {
        DirectHandlers.Builder builder = DirectHandlers.builder();
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
            builder.addHandler(type, problems);
        }
        return builder.build();
    }
}
