package agora.platform.security;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/** A real HTTP server publishing a key set, as the auth service does; the test rotates it, breaks it and counts fetches. */
final class JwksServer implements AutoCloseable {
    private static final String PATH = "/.well-known/jwks.json";

    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile String body;
    private final java.util.Map<String, String> byTerritory = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Set<String> askedFor = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile int status = 200;
    private volatile String location = "http://127.0.0.1:1/elsewhere.json";

    private JwksServer(String body) {
        this.body = body;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext(PATH, exchange -> {
            requests.incrementAndGet();
            String territory = exchange.getRequestHeaders().getFirst("X-Territory");
            if (territory != null) {
                askedFor.add(territory);
            }
            byte[] bytes = (territory == null ? this.body : byTerritory.getOrDefault(territory, this.body))
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/jwk-set+json");
            if (status == 302) {
                exchange.getResponseHeaders().set("Location", location);
            }
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    static JwksServer start(String body) {
        return new JwksServer(body);
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
    }

    void serve(String jwks) {
        body = jwks;
        byTerritory.clear();
        status = 200;
    }

    /** Serves a territory its own key set, as auth does per {@code X-Territory}. */
    void serve(String territory, String jwks) {
        byTerritory.put(territory, jwks);
    }

    /** The territories whose key sets were asked for. */
    java.util.Set<String> askedFor() {
        return java.util.Set.copyOf(askedFor);
    }

    /** Answers every fetch with 302 to another URL. */
    void redirectTo(URI target) {
        location = target.toString();
        status = 302;
    }

    void fail(int httpStatus) {
        status = httpStatus;
    }

    int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
