package agora.platform.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import agora.platform.contract.ProblemKind;
import agora.platform.core.Limits;
import agora.platform.core.problem.PlatformMessages;
import agora.platform.core.problem.ProblemException;

import io.helidon.http.Method;
import io.helidon.http.PathMatcher;
import io.helidon.http.PathMatchers;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;

/**
 * The routes of one listener, registered through this class so they are known: Helidon keeps no
 * public list of its routes, and Agora needs one to answer 405 with {@code Allow} for a known path
 * and to check the API document against what is really routed.
 *
 * <p>Services call {@link #get}, {@link #post} and friends with a path template
 * ({@code /api/territories/{code}}) and a handler; the server adds the fallback last.
 */
public final class Routes {
    /** Path prefixes served by server features rather than by routes registered here. */
    private static final List<String> FEATURE_PREFIXES = List.of("/observe");

    /** The request-context key under which a route leaves the most body bytes it reads. */
    static final String BODY_CAP_KEY = Routes.class.getName() + ".body-cap";

    private final HttpRouting.Builder routing;
    private final Limits limits;
    private final List<Route> routes = new ArrayList<>();

    /**
     * One routed operation.
     *
     * @param method the HTTP method
     * @param path   the path template
     */
    public record Route(Method method, String path) {
    }

    Routes(HttpRouting.Builder routing, Limits limits) {
        this.routing = routing;
        this.limits = limits;
    }

    /**
     * Routes {@code GET path}.
     *
     * @param path    path template
     * @param handler the handler
     * @return these routes
     */
    public Routes get(String path, Handler handler) {
        return add(Method.GET, path, handler);
    }

    /**
     * Routes {@code POST path}.
     *
     * @param path    path template
     * @param handler the handler
     * @return these routes
     */
    public Routes post(String path, Handler handler) {
        return add(Method.POST, path, handler);
    }

    /**
     * Routes {@code POST path} as an upload: the listener admits its body up to the upload limit
     * ({@link Limits#maxUploadBytes()}), and the handler bounds what it reads itself (a file's own
     * limit, checked while reading). Every other route keeps the smaller body limit.
     *
     * @param path    path template
     * @param handler the handler
     * @return these routes
     */
    public Routes upload(String path, Handler handler) {
        routes.add(new Route(Method.POST, path));
        routing.route(Method.POST, path, (request, response) -> {
            RequestLabels.route(request, path);
            handler.handle(request, response);
        });
        return this;
    }

    /**
     * Routes {@code PUT path}.
     *
     * @param path    path template
     * @param handler the handler
     * @return these routes
     */
    public Routes put(String path, Handler handler) {
        return add(Method.PUT, path, handler);
    }

    /**
     * Routes {@code PATCH path}.
     *
     * @param path    path template
     * @param handler the handler
     * @return these routes
     */
    public Routes patch(String path, Handler handler) {
        return add(Method.PATCH, path, handler);
    }

    /**
     * Routes {@code DELETE path}.
     *
     * @param path    path template
     * @param handler the handler
     * @return these routes
     */
    public Routes delete(String path, Handler handler) {
        return add(Method.DELETE, path, handler);
    }

    /**
     * Adds a filter that runs before every route of this listener (and before the fallback), such
     * as CORS, which must answer preflight requests for paths whose routes are guarded. Filters
     * run in the order they are added, after the server's own.
     *
     * @param filter the filter
     * @return these routes
     */
    public Routes filter(Filter filter) {
        routing.addFilter(filter);
        return this;
    }

    /** Every route registered so far, in registration order. */
    public List<Route> list() {
        return List.copyOf(routes);
    }

    private Routes add(Method method, String path, Handler handler) {
        routes.add(new Route(method, path));
        long cap = limits.maxBodyBytes();
        routing.route(method, path, (request, response) -> {
            RequestLabels.route(request, path);
            // The listener admits uploads' larger bodies; other routes keep the body limit.
            if (request.headers().contentLength().orElse(0) > cap) {
                throw new ProblemException(ProblemKind.PAYLOAD_TOO_LARGE, PlatformMessages.text("payload-too-large"));
            }
            request.context().register(BODY_CAP_KEY, cap);
            handler.handle(request, response);
        });
        return this;
    }

    /**
     * Routes every request no route took: {@code OPTIONS} on a known path answers with its methods,
     * another method on a known path is a 405 with {@code Allow}, an unknown path a 404.
     */
    void addFallback() {
        List<Matcher> matchers = routes.stream()
                .collect(Collectors.groupingBy(Route::path, java.util.LinkedHashMap::new,
                        Collectors.mapping(route -> route.method().text(), Collectors.toCollection(TreeSet::new))))
                .entrySet().stream()
                .map(entry -> new Matcher(PathMatchers.create(entry.getKey()), entry.getValue()))
                .toList();
        routing.any((request, response) -> {
            String requested = request.path().path();
            if (FEATURE_PREFIXES.stream().anyMatch(prefix -> requested.equals(prefix) || requested.startsWith(prefix + "/"))) {
                // Server features (the observe endpoints) register their routes after these.
                response.next();
                return;
            }
            Set<String> allowed = new TreeSet<>();
            for (Matcher matcher : matchers) {
                if (matcher.path().match(request.path()).accepted()) {
                    allowed.addAll(matcher.methods());
                }
            }
            if (allowed.isEmpty()) {
                throw new ProblemException(ProblemKind.NO_SUCH_ROUTE,
                        PlatformMessages.text("no-such-route.path", request.path().path()));
            }
            allowed.add("OPTIONS");
            String allow = String.join(", ", allowed);
            if (request.prologue().method() == Method.OPTIONS) {
                response.header("Allow", allow);
                response.status(Status.NO_CONTENT_204).send();
                return;
            }
            throw new ProblemException(ProblemKind.METHOD_NOT_ALLOWED, PlatformMessages.text(
                    "method-not-allowed.path", request.prologue().method().text(), allow))
                    .header("Allow", allow);
        });
    }

    private record Matcher(PathMatcher path, Set<String> methods) {
    }
}
