package agora.web;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Answers the browser app on the public listener, before the routes: a {@code GET} (or {@code HEAD})
 * of one of its files gets the file, and a {@code GET} of any other path outside the server's own
 * prefixes that accepts {@code text/html} (a browser opening an app route: history-API routing)
 * gets {@code index.html}. Everything else goes on to the routes untouched: API paths, other methods,
 * requests that do not ask for a page, and files the build does not have (the routes' fallback
 * answers those 404 {@code no-such-route}).
 *
 * <p>It is a filter rather than a route because the app's paths are every path no service claims,
 * which a route registered among the others cannot express without answering for theirs; the
 * prefixes below are the server's, so a browser's page request there still reaches its route.
 */
final class AppFilter implements Filter {
    /** Paths the app never answers: the API, the server's features, the key set, the avatars. */
    static final List<String> SERVER_PREFIXES = List.of("/api", "/observe", "/openapi", "/.well-known", "/avatars",
            "/operator");
    /** Hashed by Vite, so a file's content never changes under its name. */
    static final String IMMUTABLE = "public, max-age=31536000, immutable";
    /** Our own origin and nothing else; no inline script, no framing, no plugins. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; "
            + "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    private static final HeaderName CSP = HeaderNames.create("Content-Security-Policy");
    private static final HeaderName REFERRER_POLICY = HeaderNames.create("Referrer-Policy");
    private static final HeaderName CONTENT_TYPE_OPTIONS = HeaderNames.create("X-Content-Type-Options");
    private static final HeaderName FRAME_OPTIONS = HeaderNames.create("X-Frame-Options");
    /** What a pod without the built app answers a browser, so the operator knows what to do. */
    private static final byte[] NOT_BUILT = ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            + "<title>Agora</title></head><body><h1>The web UI is not built into this pod</h1>"
            + "<p>Install Node 20 with npm, then run <code>./agora run</code> again: it builds the UI "
            + "(<code>modules/web</code>). The API answers meanwhile.</p></body></html>\n")
            .getBytes(StandardCharsets.UTF_8);

    private final Assets assets;

    AppFilter(Assets assets) {
        this.assets = assets;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        Method method = request.prologue().method();
        String path = request.path().path();
        if ((method != Method.GET && method != Method.HEAD) || serverPath(path)) {
            chain.proceed();
            return;
        }
        if (isFile(path)) {
            Optional<Assets.Asset> asset = assets.find(path.substring(1));
            if (asset.isEmpty()) {
                chain.proceed();
                return;
            }
            send(response, asset.get(), path.startsWith("/assets/") ? IMMUTABLE : "no-cache");
            return;
        }
        if (method != Method.GET || !acceptsHtml(request)) {
            chain.proceed();
            return;
        }
        Optional<Assets.Asset> index = assets.find("index.html");
        if (index.isEmpty()) {
            response.status(Status.SERVICE_UNAVAILABLE_503);
            response.header(HeaderNames.CACHE_CONTROL, "no-store");
            response.header(HeaderNames.CONTENT_TYPE, "text/html; charset=UTF-8");
            response.header(CSP, "default-src 'none'");
            response.send(NOT_BUILT);
            return;
        }
        send(response, index.get(), "no-cache");
    }

    static boolean serverPath(String path) {
        return SERVER_PREFIXES.stream().anyMatch(prefix -> path.equals(prefix) || path.startsWith(prefix + "/"));
    }

    /** A file is named with an extension; the app's own routes never have one in their last segment. */
    private static boolean isFile(String path) {
        return path.substring(path.lastIndexOf('/') + 1).contains(".");
    }

    /** Only a request that names {@code text/html}: a browser's navigation, never {@code curl} or an API client. */
    private static boolean acceptsHtml(RoutingRequest request) {
        return request.headers().acceptedTypes().stream()
                .anyMatch(type -> type.qualityFactor() > 0 && "text".equals(type.mediaType().type())
                        && "html".equals(type.mediaType().subtype()));
    }

    private static void send(RoutingResponse response, Assets.Asset asset, String cacheControl) {
        response.status(Status.OK_200);
        response.header(HeaderNames.CONTENT_TYPE, asset.contentType());
        response.header(HeaderNames.CACHE_CONTROL, cacheControl);
        response.header(CSP, CONTENT_SECURITY_POLICY);
        response.header(REFERRER_POLICY, "no-referrer");
        response.header(CONTENT_TYPE_OPTIONS, "nosniff");
        response.header(FRAME_OPTIONS, "DENY");
        response.send(asset.bytes());
    }
}
