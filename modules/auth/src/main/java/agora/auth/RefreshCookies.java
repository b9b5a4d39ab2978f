package agora.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.helidon.http.HeaderNames;
import io.helidon.http.SetCookie;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Browser mode: the refresh token in a {@code __Host-} cookie that scripts cannot read
 * (HttpOnly) and other sites cannot send (SameSite=Strict), and a CSRF token that scripts of our
 * own origin can read ({@code __Host-agora-csrf}, not HttpOnly) and must echo in
 * {@code X-CSRF-Token} on refresh and logout. The CSRF token is also bound to the session (its hash
 * is stored), so a cookie planted by a sibling host cannot stand in for it.
 */
final class RefreshCookies {
    static final String REFRESH = "__Host-agora-refresh";
    static final String CSRF = "__Host-agora-csrf";
    static final String CSRF_HEADER = "X-CSRF-Token";

    private RefreshCookies() {
    }

    static Optional<String> refresh(ServerRequest request) {
        return cookie(request, REFRESH);
    }

    static Optional<Logins.CsrfPair> csrf(ServerRequest request) {
        Optional<String> header = request.headers().first(HeaderNames.create(CSRF_HEADER));
        Optional<String> cookie = cookie(request, CSRF);
        return header.isPresent() && cookie.isPresent()
                ? Optional.of(new Logins.CsrfPair(header.get(), cookie.get())) : Optional.empty();
    }

    /** Sets the refresh cookie (and, at login, the CSRF cookie) to live as long as the session may. */
    static void set(ServerResponse response, String refresh, Optional<String> csrf, Duration lifetime) {
        response.headers().addCookie(cookie(REFRESH, refresh, lifetime, true));
        csrf.ifPresent(token -> response.headers().addCookie(cookie(CSRF, token, lifetime, false)));
    }

    /** Tells the browser to forget both cookies. */
    static void clear(ServerResponse response) {
        response.headers().addCookie(cookie(REFRESH, "", Duration.ZERO, true));
        response.headers().addCookie(cookie(CSRF, "", Duration.ZERO, false));
    }

    private static SetCookie cookie(String name, String value, Duration maxAge, boolean httpOnly) {
        SetCookie.Builder cookie = SetCookie.builder(name, value)
                .path("/")
                .secure(true)
                .httpOnly(httpOnly)
                .sameSite(SetCookie.SameSite.STRICT)
                .maxAge(maxAge);
        if (maxAge.isZero()) {
            // Helidon leaves out Max-Age=0; an expiry in the past makes browsers drop the cookie.
            cookie.expires(Instant.EPOCH);
        }
        return cookie.build();
    }

    private static Optional<String> cookie(ServerRequest request, String name) {
        return request.headers().cookies().first(name).asOptional().filter(value -> !value.isEmpty());
    }
}
