package agora.platform.security;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import agora.auth.api.AccountRoles;
import agora.auth.api.AccountStatus;
import agora.platform.contract.Permission;
import agora.platform.contract.TerritoryCode;
import agora.platform.core.problem.ProblemException;
import agora.platform.data.territory.TerritoryResolver;
import agora.platform.security.authz.AuthorizationView;
import agora.platform.security.token.TokenVerifier;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;

/**
 * Per-route access rules, wrapped around a handler where the route is registered:
 *
 * <pre>{@code
 * routes.get("/api/me", guards.authenticated(this::me))
 *       .get("/api/posts", guards.optional(this::list))
 *       .post("/api/posts", guards.permission("forum.post", this::create))
 *       .post("/api/territory/settings", guards.role("territory-admin", this::settings));
 * }</pre>
 *
 * <p>Every guard that finds a token verifies it for the request's territory, then asks the
 * authorization view whether the account is active (403 {@code account-suspended}, 401
 * {@code account-deleted}) and whether the session still stands (401 {@code session-revoked}),
 * and which roles the account holds now (so a role granted or withdrawn counts from the next
 * request, whatever roles the token lists), then puts the {@link Principal} in the request's
 * context for {@link #principal}. A presented
 * token that fails is always refused, even by {@link #optional}: a client that believes it is
 * signed in must learn that it is not. Only {@link #endingSession} (logout) lets a genuine token of
 * a session that has already ended through.
 *
 * <p><b>Restricted sessions.</b> A suspended member may still sign in, to a restricted session whose
 * tokens carry {@code scope} {@value Principal#APPEAL_SCOPE} ({@link Principal#restricted}): enough
 * to read their own account and the moderation record and to appeal, nothing else. Every guard
 * refuses such a token with 403 {@code account-suspended}, except {@link #allowingRestricted}, the
 * one opt-in, which a route names where it is registered (the list of such routes is the routes
 * that use it, in each service, not a list kept anywhere else). A full token of a suspended
 * account is refused by every guard, that one included: suspension ends the account's full
 * sessions, and the member signs in again to a restricted one.
 */
public final class Guards {
    private static final String PRINCIPAL = Principal.class.getName();

    private final TokenVerifier verifier;
    private final AuthorizationView view;
    private final TerritoryResolver territories;

    /**
     * Guards over a verifier, the authorization view and the territory resolver.
     *
     * @param verifier    verifies access tokens
     * @param view        account status, sessions and permissions
     * @param territories the request's territory, which a token's audience must name
     */
    public Guards(TokenVerifier verifier, AuthorizationView view, TerritoryResolver territories) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.view = Objects.requireNonNull(view, "view");
        this.territories = Objects.requireNonNull(territories, "territories");
    }

    /**
     * The principal of a request that passed a guard.
     *
     * @param request the request
     * @return the principal; empty for an anonymous request under {@link #optional} or an unguarded route
     */
    public static Optional<Principal> principal(ServerRequest request) {
        return request.context().get(PRINCIPAL, Principal.class);
    }

    /**
     * Requires a valid access token (401 otherwise).
     *
     * @param handler the route's handler
     * @return the guarded handler
     */
    public Handler authenticated(Handler handler) {
        return (request, response) -> {
            authenticate(request);
            handler.handle(request, response);
        };
    }

    /**
     * Requires a valid access token, and admits restricted sessions too: the opt-in of the routes a
     * suspended member still reaches (their own account view, the moderation record, appeals).
     * A restricted session's account may be suspended or active again (its session stays
     * restricted until it ends); the handler tells them apart with {@link Principal#restricted}. A
     * full token of a suspended account is still refused (403 {@code account-suspended}), as are
     * deleted accounts and revoked sessions.
     *
     * <pre>{@code
     * routes.get("/api/moderation/record", guards.allowingRestricted(this::record))
     *       .post("/api/moderation/appeals", guards.allowingRestricted(this::appeal));
     * }</pre>
     *
     * @param handler the route's handler
     * @return the guarded handler
     */
    public Handler allowingRestricted(Handler handler) {
        return (request, response) -> {
            authenticate(request, true);
            handler.handle(request, response);
        };
    }

    /**
     * Lets anonymous requests through, and authenticates those that present a token.
     *
     * @param handler the route's handler, which sees {@link #principal} empty or not
     * @return the guarded handler
     */
    public Handler optional(Handler handler) {
        return (request, response) -> {
            if (bearer(request).isPresent()) {
                authenticate(request);
            }
            handler.handle(request, response);
        };
    }

    /**
     * For the route that ends the caller's own session (logout): anonymous requests pass, as under
     * {@link #optional}, and a presented token must be genuine and current for the request's
     * territory (signature, lifetime, audience), but its session and account need not stand any
     * more. Ending what has already ended is no error: a client that signs out twice, or after its
     * session was revoked elsewhere (logout-all, suspension, deletion), hears what the first
     * logout heard. The handler decides from the owner's own records.
     *
     * @param handler the route's handler, which sees {@link #principal} empty or not
     * @return the guarded handler
     */
    public Handler endingSession(Handler handler) {
        return (request, response) -> {
            Optional<String> token = bearer(request);
            if (token.isPresent() && principal(request).isEmpty()) {
                request.context().register(PRINCIPAL, verifier.verify(token.get(), territories.code(request)));
            }
            handler.handle(request, response);
        };
    }

    /**
     * Requires a valid access token of an account that holds a role now, as the authorization view
     * says (403 {@code forbidden} otherwise; 403 {@code two-factor-enrolment-required} when the
     * account holds the role but the session may not use it until it signs in with a second factor).
     *
     * @param role    the role, e.g. {@code territory-admin}
     * @param handler the route's handler
     * @return the guarded handler
     */
    public Handler role(String role, Handler handler) {
        if (role.isBlank()) {
            throw new IllegalArgumentException("a role guard needs a role");
        }
        return (request, response) -> {
            Principal principal = authenticate(request);
            if (!principal.hasRole(role)) {
                if (principal.withheldRoles().contains(role)) {
                    throw SecurityProblems.insufficient(SecurityProblems.TWO_FACTOR_ENROLMENT_REQUIRED,
                            SecurityMessages.MESSAGES.text("two-factor.role", role));
                }
                throw SecurityProblems.insufficient(SecurityProblems.FORBIDDEN,
                        SecurityMessages.MESSAGES.text("forbidden.role", role));
            }
            handler.handle(request, response);
        };
    }

    /**
     * Requires a valid access token whose user holds a permission in the request's territory,
     * as the authorization view says (403 {@code missing-permission} otherwise).
     *
     * @param permission the permission, a constant of its service's {@code -api}
     * @param handler    the route's handler
     * @return the guarded handler
     */
    public Handler permission(Permission permission, Handler handler) {
        return (request, response) -> {
            Principal principal = authenticate(request);
            if (!view.permitted(principal.territory(), principal.userId(), permission)) {
                throw SecurityProblems.insufficient(SecurityProblems.MISSING_PERMISSION,
                        SecurityMessages.MESSAGES.text("permission.missing", permission.name()));
            }
            handler.handle(request, response);
        };
    }

    private Principal authenticate(ServerRequest request) {
        return authenticate(request, false);
    }

    private Principal authenticate(ServerRequest request, boolean restrictedAllowed) {
        Optional<Principal> known = principal(request);
        if (known.isPresent()) {
            // An outer guard already checked this request; an outer opt-in does not open an inner guard.
            if (known.get().restricted() && !restrictedAllowed) {
                throw restrictedSession();
            }
            return known.get();
        }
        String token = bearer(request).orElseThrow(SecurityProblems::unauthenticated);
        TerritoryCode territory = territories.code(request);
        Principal principal = verifier.verify(token, territory);
        AuthorizationView.Standing standing = view.standing(territory, principal.userId(), principal.sessionId());
        AccountStatus status = standing.status();
        if (status == AccountStatus.DELETED) {
            throw SecurityProblems.refused(SecurityProblems.ACCOUNT_DELETED,
                    SecurityMessages.MESSAGES.text("account.deleted"));
        }
        if (principal.restricted()) {
            // Whatever the status now: a restricted session stays restricted until it ends.
            if (!restrictedAllowed) {
                throw restrictedSession();
            }
        } else if (status == AccountStatus.SUSPENDED) {
            throw new ProblemException(SecurityProblems.ACCOUNT_SUSPENDED,
                    SecurityMessages.MESSAGES.text("account.suspended"));
        }
        if (standing.sessionRevoked()) {
            throw SecurityProblems.refused(SecurityProblems.SESSION_REVOKED,
                    SecurityMessages.MESSAGES.text("session.revoked"));
        }
        // Roles as the account holds them now, not as the token was issued: a grant or withdrawal
        // counts from the next request, and a role needing a second factor stays withheld from a
        // session that signed in without one.
        AccountRoles roles = standing.roles();
        Principal current = new Principal(principal.userId(), principal.territory(),
                roles.usable(principal.secondFactor()), principal.sessionId(), principal.expiresAt(), principal.amr(),
                roles.withheld(principal.secondFactor()), principal.scopes());
        request.context().register(PRINCIPAL, current);
        return current;
    }

    private static ProblemException restrictedSession() {
        return new ProblemException(SecurityProblems.ACCOUNT_SUSPENDED,
                SecurityMessages.MESSAGES.text("account.restricted-session"));
    }

    /**
     * The bearer token of a request (RFC 6750 section 2.1). A request without an
     * {@code Authorization} header, or with another scheme, has none; a Bearer header without a
     * usable token, or several {@code Authorization} headers, is refused as an invalid token.
     */
    private static Optional<String> bearer(ServerRequest request) {
        List<String> values = request.headers().all(HeaderNames.AUTHORIZATION, List::of);
        if (values.isEmpty()) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            throw SecurityProblems.refused(SecurityProblems.INVALID_TOKEN,
                    SecurityMessages.MESSAGES.text("token.malformed"));
        }
        String value = values.getFirst().strip();
        int space = value.indexOf(' ');
        String scheme = space < 0 ? value : value.substring(0, space);
        if (!scheme.toLowerCase(Locale.ROOT).equals("bearer")) {
            return Optional.empty();
        }
        String token = space < 0 ? "" : value.substring(space + 1).strip();
        if (token.isEmpty()) {
            throw SecurityProblems.refused(SecurityProblems.INVALID_TOKEN,
                    SecurityMessages.MESSAGES.text("token.malformed"));
        }
        return Optional.of(token);
    }
}
