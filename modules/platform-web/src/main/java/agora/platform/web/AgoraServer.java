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
 * operator listener, both with the same limits and the same problem+json errors.
 *
 * <p>The operator listener is a second socket that only binds to the loopback address: it carries
 * operations that span territories (creating one, say), reached through {@code ./agora} or
 * {@code kubectl exec}, never through the public network.
 */
public final class AgoraServer {
    /** Name of the operator socket. */
    public static final String OPERATOR_SOCKET = "operator";

    private AgoraServer() {
    }

    /**
     * Where and how a process listens.
     *
     * @param host         public listener address
     * @param port         public listener port (0 picks a free one)
     * @param operatorPort operator listener port on 127.0.0.1 (0 picks a free one)
     * @param limits       request limits of both listeners
     * @param shutdownGrace how long stopping waits for requests in flight
     */
    public record Settings(String host, int port, int operatorPort, Limits limits, Duration shutdownGrace) {

        /** How long a stopping server lets requests in flight finish, unless configured. */
        public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(10);

        /**
         * Settings with the default shutdown grace.
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
         * Settings from the root config: {@code server.host} (default 127.0.0.1, so a laptop pod is
         * not on the network by accident), {@code server.port} (8080), {@code agora.operator.port}
         * (8081) and {@code agora.web.limits}.
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
                    config.get("agora.web.shutdown.grace").as(Duration.class).orElse(DEFAULT_SHUTDOWN_GRACE));
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
        HttpRouting.Builder apiRouting = routing(problems);
        HttpRouting.Builder operatorRouting = routing(problems);
        Routes apiRoutes = new Routes(apiRouting);
        Routes operatorRoutes = new Routes(operatorRouting);
        api.accept(apiRoutes);
        operator.accept(operatorRoutes);
        apiRoutes.addFallback();
        operatorRoutes.addFallback();
        server.host(settings.host())
                .port(settings.port())
                .maxPayloadSize(settings.limits().maxBodyBytes())
                .shutdownGracePeriod(settings.shutdownGrace())
                .directHandlers(direct)
                .routing(apiRouting)
                .putSocket(OPERATOR_SOCKET, socket -> socket
                        .host("127.0.0.1")
                        .port(settings.operatorPort())
                        .maxPayloadSize(settings.limits().maxBodyBytes())
                        .shutdownGracePeriod(settings.shutdownGrace())
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
        HttpRouting.Builder routing = routing(problems);
        Routes recorded = new Routes(routing);
        routes.accept(recorded);
        recorded.addFallback();
        server.putSocket(name, socket -> socket
                .host(host)
                .port(port)
                .maxPayloadSize(settings.limits().maxBodyBytes())
                .shutdownGracePeriod(settings.shutdownGrace())
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

    private static HttpRouting.Builder routing(ProblemResponder problems) {
        return HttpRouting.builder()
                .addFilter((chain, request, response) -> {
                    // JSON and problem bodies must never be sniffed into something executable.
                    response.header("X-Content-Type-Options", "nosniff");
                    request.headers().first(io.helidon.http.HeaderNames.create(Traceparent.HEADER))
                            .ifPresent(value -> Traceparent.register(request.context(), value));
                    // The request's context is the current one for everything below (trace context).
                    Contexts.runInContext(request.context(), chain::proceed);
                })
                .addFilter(new HttpMetrics())
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
