package agora.platform.security.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import agora.platform.core.problem.ProblemException;
import agora.platform.security.SecurityMessages;
import agora.platform.security.SecurityProblems;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Cross-origin requests from browsers, allowed for an exact list of origins and nothing else
 * (never {@code *}, because credentials are allowed: the refresh-token cookie).
 *
 * <ul>
 *   <li>A preflight ({@code OPTIONS} with {@code Origin} and {@code Access-Control-Request-Method})
 *   from an allowed origin is answered here with 204, before any route or guard, naming the allowed
 *   methods and request headers. From any other origin it is refused with 403
 *   {@code origin-not-allowed}, so a misconfigured front end shows why in the browser's network
 *   tab instead of an opaque CORS error.</li>
 *   <li>An actual request from an allowed origin gets {@code Access-Control-Allow-Origin} (that
 *   origin), {@code Access-Control-Allow-Credentials} and the headers a client may read; also on
 *   error responses, so a browser can read a 401's problem. From another origin it gets no CORS
 *   header and the browser keeps the response from the page.</li>
 *   <li>Every response to a request with {@code Origin} says {@code Vary: Origin}, so a shared cache
 *   never serves one origin's answer to another.</li>
 * </ul>
 */
public final class Cors implements Filter {
    /** Methods a cross-origin request may use. */
    public static final List<String> ALLOWED_METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");
    /** Request headers a cross-origin request may send. */
    public static final List<String> ALLOWED_HEADERS =
            List.of("Authorization", "Content-Type", "Idempotency-Key", "X-Territory", "Accept-Language");
    /** Response headers a cross-origin page may read, beyond the CORS-safelisted ones. */
    public static final List<String> EXPOSED_HEADERS =
            List.of("Location", "Retry-After", "WWW-Authenticate", "Content-Language");
    /** How long a browser may reuse a preflight answer. */
    public static final Duration PREFLIGHT_MAX_AGE = Duration.ofMinutes(10);

    private final Set<String> origins;

    /**
     * CORS for the given origins.
     *
     * @param origins exact origins, {@code scheme://host[:port]} as a browser sends them (lower case,
     *                no default port, no path)
     * @throws IllegalArgumentException for {@code *}, {@code null} or anything that is not such an origin
     */
    public Cors(List<String> origins) {
        Set<String> checked = new LinkedHashSet<>();
        origins.forEach(origin -> checked.add(requireOrigin(origin)));
        this.origins = Set.copyOf(checked);
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        Optional<String> origin = request.headers().first(HeaderNames.ORIGIN);
        if (origin.isEmpty()) {
            chain.proceed();
            return;
        }
        response.headers().add(HeaderNames.VARY, "Origin");
        boolean allowed = origins.contains(origin.get());
        if (request.prologue().method() == Method.OPTIONS
                && request.headers().contains(HeaderNames.ACCESS_CONTROL_REQUEST_METHOD)) {
            if (!allowed) {
                throw new ProblemException(SecurityProblems.ORIGIN_NOT_ALLOWED,
                        SecurityMessages.MESSAGES.text("origin.not-allowed"));
            }
            response.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin.get());
            response.header(HeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
            response.header(HeaderNames.ACCESS_CONTROL_ALLOW_METHODS, String.join(", ", ALLOWED_METHODS));
            response.header(HeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, String.join(", ", ALLOWED_HEADERS));
            response.header(HeaderNames.ACCESS_CONTROL_MAX_AGE, Long.toString(PREFLIGHT_MAX_AGE.toSeconds()));
            response.status(Status.NO_CONTENT_204).send();
            return;
        }
        if (allowed) {
            response.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin.get());
            response.header(HeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
            response.header(HeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, String.join(", ", EXPOSED_HEADERS));
        }
        chain.proceed();
    }

    private static String requireOrigin(String origin) {
        URI uri;
        try {
            uri = new URI(origin);
        } catch (URISyntaxException e) {
            throw notAnOrigin(origin);
        }
        String scheme = uri.getScheme();
        if (scheme == null || !scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null
                || uri.getRawUserInfo() != null || !uri.getRawPath().isEmpty() || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw notAnOrigin(origin);
        }
        int defaultPort = scheme.equals("https") ? 443 : 80;
        String canonical = scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT)
                + (uri.getPort() < 0 || uri.getPort() == defaultPort ? "" : ":" + uri.getPort());
        if (!canonical.equals(origin)) {
            // Browsers send the canonical form; anything else would silently never match.
            throw new IllegalArgumentException("CORS origin " + origin + " is written as a browser never sends it; "
                    + "use " + canonical);
        }
        return origin;
    }

    private static IllegalArgumentException notAnOrigin(String origin) {
        return new IllegalArgumentException("not a CORS origin (scheme://host[:port], no wildcard): " + origin);
    }
}
