package agora.auth;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;

/**
 * Auth's answers are for their caller alone: tokens, secrets, recovery codes, addresses, sessions,
 * the audit trail. Every answer under {@code /api/auth/} and {@code /operator/auth/} therefore says
 * {@code Cache-Control: no-store}, so neither a shared cache nor the browser's disk keeps one; errors
 * too, which costs nothing. Set before the handler runs, so a route whose answer is public (none
 * today; the key set lives at {@code /.well-known/jwks.json}) can still say otherwise.
 */
final class PrivateAnswers {
    static final String NO_STORE = "no-store";

    private PrivateAnswers() {
    }

    /** The filter for a listener's routes. */
    static Filter filter() {
        return (chain, request, response) -> {
            String path = request.path().path();
            if (path.startsWith("/api/auth/") || path.startsWith("/operator/auth/")) {
                response.header(HeaderNames.CACHE_CONTROL, NO_STORE);
            }
            chain.proceed();
        };
    }
}
