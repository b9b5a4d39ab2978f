package agora.platform.host;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import agora.platform.contract.ProblemKind;
import agora.platform.core.problem.ProblemException;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Who may use the operator listener: the operator's own tools, never a browser. Binding to
 * 127.0.0.1 keeps the network out but not a web page open on the operator's machine, whose browser
 * can post to 127.0.0.1 blindly (a form) or, after DNS rebinding, read the answers as well. So every
 * request, before any route (and before the 404 of an unknown path), must pass three checks, in
 * this order:
 * <ol>
 *   <li>it carries none of the headers only browsers send ({@code Origin}, {@code Sec-Fetch-*}):
 *       else 403 {@code browser-request-refused};</li>
 *   <li>its {@code Host} names the loopback address ({@code 127.0.0.1}, {@code localhost},
 *       {@code [::1]}, any port), which a rebound name never does: else 403
 *       {@code host-not-loopback};</li>
 *   <li>it sends the {@link OperatorToken operator token} as {@code Authorization: Bearer}: else 401
 *       {@code operator-token-required} with {@code WWW-Authenticate}.</li>
 * </ol>
 * The token alone would already stop a page, which can neither read the token file nor make the
 * browser send it; the first two checks keep a page from even reaching the token check, and say
 * plainly what happened (decisions 89 and 90).
 */
final class OperatorAccess implements Filter {
    /** A request a browser sent: the operator listener serves the operator's tools only. */
    static final ProblemKind BROWSER_REQUEST_REFUSED =
            new ProblemKind("browser-request-refused", 403, "Browser request refused");
    /** A {@code Host} other than the loopback address: what a DNS-rebound page sends. */
    static final ProblemKind HOST_NOT_LOOPBACK = new ProblemKind("host-not-loopback", 403, "Host not loopback");
    /** No operator token, or not the current one. */
    static final ProblemKind OPERATOR_TOKEN_REQUIRED =
            new ProblemKind("operator-token-required", 401, "Operator token required");
    /** The challenge of a 401. */
    static final String CHALLENGE = "Bearer realm=\"agora-operator\"";

    private static final System.Logger LOG = System.getLogger(OperatorAccess.class.getName());
    /** Headers browsers add to requests themselves and scripts cannot remove (fetch metadata, CORS). */
    private static final List<HeaderName> BROWSER_HEADERS = List.of(HeaderNames.ORIGIN,
            HeaderNames.create("Sec-Fetch-Site"), HeaderNames.create("Sec-Fetch-Mode"),
            HeaderNames.create("Sec-Fetch-Dest"), HeaderNames.create("Sec-Fetch-User"));
    private static final Pattern LOOPBACK = Pattern.compile("(127\\.0\\.0\\.1|localhost|\\[::1\\])(:[0-9]{1,5})?");
    private static final String BEARER = "bearer ";

    private final OperatorToken token;
    private final AtomicBoolean unavailable = new AtomicBoolean();

    OperatorAccess(OperatorToken token) {
        this.token = token;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        Headers headers = request.headers();
        if (BROWSER_HEADERS.stream().anyMatch(headers::contains)) {
            throw new ProblemException(BROWSER_REQUEST_REFUSED, HostMessages.MESSAGES.text("operator.browser"));
        }
        if (!headers.first(HeaderNames.HOST).map(host -> LOOPBACK.matcher(host.toLowerCase(Locale.ROOT)).matches())
                .orElse(false)) {
            throw new ProblemException(HOST_NOT_LOOPBACK, HostMessages.MESSAGES.text("operator.host"));
        }
        Optional<String> presented = headers.first(HeaderNames.AUTHORIZATION)
                .filter(value -> value.regionMatches(true, 0, BEARER, 0, BEARER.length()))
                .map(value -> value.substring(BEARER.length()).strip())
                .filter(value -> !value.isEmpty());
        if (presented.isEmpty()) {
            throw new ProblemException(OPERATOR_TOKEN_REQUIRED, HostMessages.MESSAGES.text("operator.token-missing"))
                    .header("WWW-Authenticate", CHALLENGE);
        }
        if (!token.matches(presented.get())) {
            noticeUnavailable();
            throw new ProblemException(OPERATOR_TOKEN_REQUIRED, HostMessages.MESSAGES.text("operator.token-wrong"))
                    .header("WWW-Authenticate", CHALLENGE + ", error=\"invalid_token\"");
        }
        unavailable.set(false);
        chain.proceed();
    }

    /* A token file that went missing refuses every request: the log says why, once until it is back. */
    private void noticeUnavailable() {
        if (token.current().isEmpty() && unavailable.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, "The operator token file " + token.source() + " is missing, "
                    + "unreadable or holds fewer than " + OperatorToken.MIN_LENGTH + " characters: every operator "
                    + "request is refused until it holds a token again (a restart generates a new one)");
        }
    }
}
