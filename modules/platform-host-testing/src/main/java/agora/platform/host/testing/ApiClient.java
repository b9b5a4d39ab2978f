package agora.platform.host.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import agora.platform.testing.Body;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A client of one listener, as API clients use it: JSON bodies from {@link Body}, a territory
 * ({@code X-Territory}) and a bearer token when given. Immutable: {@link #as}, {@link #header} and
 * {@link #territory} return a changed copy.
 */
public final class ApiClient {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI base;
    private final List<String> headers;

    ApiClient(URI base, List<String> headers) {
        this.base = base;
        this.headers = List.copyOf(headers);
    }

    /**
     * A client of a listener on this machine.
     *
     * @param port the listener's port
     * @return the client
     */
    public static ApiClient of(int port) {
        return new ApiClient(URI.create("http://127.0.0.1:" + port), List.of());
    }

    /**
     * The same client with a header on every request (replacing one of the same name).
     *
     * @param name  the header
     * @param value its value
     * @return the changed client
     */
    public ApiClient header(String name, String value) {
        List<String> changed = new ArrayList<>();
        for (int i = 0; i < headers.size(); i += 2) {
            if (!headers.get(i).equalsIgnoreCase(name)) {
                changed.add(headers.get(i));
                changed.add(headers.get(i + 1));
            }
        }
        changed.add(name);
        changed.add(value);
        return new ApiClient(base, changed);
    }

    /**
     * The same client signed in with an access token.
     *
     * @param accessToken the token
     * @return the changed client
     */
    public ApiClient as(String accessToken) {
        return header("Authorization", "Bearer " + accessToken);
    }

    /**
     * The same client asking about another territory.
     *
     * @param code the territory
     * @return the changed client
     */
    public ApiClient territory(String code) {
        return header("X-Territory", code);
    }

    /** The listener's address. */
    public URI base() {
        return base;
    }

    /**
     * {@code GET path}.
     *
     * @param path the path with its query
     * @return the answer
     */
    public ApiResponse get(String path) {
        return send("GET", path, null);
    }

    /**
     * {@code POST path} with a JSON body ({@code null} for none).
     *
     * @param path the path
     * @param body the body
     * @return the answer
     */
    public ApiResponse post(String path, JsonNode body) {
        return send("POST", path, body);
    }

    /**
     * {@code PUT path} with a JSON body ({@code null} for none).
     *
     * @param path the path
     * @param body the body
     * @return the answer
     */
    public ApiResponse put(String path, JsonNode body) {
        return send("PUT", path, body);
    }

    /**
     * {@code PATCH path} with a JSON body.
     *
     * @param path the path
     * @param body the body
     * @return the answer
     */
    public ApiResponse patch(String path, JsonNode body) {
        return send("PATCH", path, body);
    }

    /**
     * {@code DELETE path}.
     *
     * @param path the path
     * @return the answer
     */
    public ApiResponse delete(String path) {
        return send("DELETE", path, null);
    }

    /**
     * A request with a JSON body ({@code null} for none).
     *
     * @param method the method
     * @param path   the path
     * @param body   the body
     * @return the answer
     */
    public ApiResponse send(String method, String path, JsonNode body) {
        return sendRaw(method, path, body == null ? null : body.toString(), "application/json");
    }

    /**
     * A request whose body is sent exactly as given: malformed JSON, other media types.
     *
     * @param method      the method
     * @param path        the path
     * @param body        the body, {@code null} for none
     * @param contentType its type
     * @return the answer
     */
    public ApiResponse sendRaw(String method, String path, String body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
        for (int i = 0; i < headers.size(); i += 2) {
            request.header(headers.get(i), headers.get(i + 1));
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        try {
            HttpRequest built = request.build();
            HttpResponse<String> response = HTTP.send(built, HttpResponse.BodyHandlers.ofString());
            ProblemCoverage.record(method, built.uri(), response);
            return new ApiResponse(response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
