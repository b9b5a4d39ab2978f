package agora.platform.web;

import java.util.Optional;

import io.helidon.webserver.http.ServerRequest;

/**
 * What a request's metrics are labelled with besides method and status, recorded in its context
 * as it is handled: the route template that took it ({@link Routes} records it) and its territory
 * (the territory resolver records it). Bounded values only, so label sets stay small.
 */
public final class RequestLabels {
    /** The route label of requests no route took. */
    public static final String UNMATCHED = "unmatched";
    /** The territory label of requests that resolved none. */
    public static final String NO_TERRITORY = "none";

    private static final String ROUTE = RequestLabels.class.getName() + ".route";
    private static final String TERRITORY = RequestLabels.class.getName() + ".territory";

    private RequestLabels() {
    }

    /**
     * Records the territory a request was resolved to.
     *
     * @param request the request
     * @param code    the territory code
     */
    public static void territory(ServerRequest request, String code) {
        request.context().register(TERRITORY, code);
    }

    static void route(ServerRequest request, String template) {
        request.context().register(ROUTE, template);
    }

    static String route(ServerRequest request) {
        return request.context().get(ROUTE, String.class).orElse(UNMATCHED);
    }

    /**
     * The territory a request was resolved to so far.
     *
     * @param request the request
     * @return its code, or {@link #NO_TERRITORY} when none was resolved
     */
    public static String territory(ServerRequest request) {
        return request.context().get(TERRITORY, String.class).orElse(NO_TERRITORY);
    }

    /**
     * The route template that took a request, once routing has run.
     *
     * @param request the request
     * @return the template, empty when no route took it
     */
    public static Optional<String> routeIfMatched(ServerRequest request) {
        return request.context().get(ROUTE, String.class);
    }
}
