package agora.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import agora.platform.contract.TerritoryCode;
import agora.platform.core.Languages;
import agora.platform.core.problem.FieldError;
import agora.platform.core.problem.Validation;
import agora.platform.data.territory.TerritoryResolver;
import agora.platform.security.Guards;
import agora.platform.security.Principal;
import agora.platform.security.SecurityProblems;
import agora.platform.security.web.ClientAddress;
import agora.platform.web.Json;
import agora.platform.web.Routes;
import agora.platform.web.paging.Cursors;
import agora.platform.web.paging.Page;
import agora.platform.web.paging.PageRequest;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** The session routes: login (and its two-factor step), refresh, logout (this session or all), and the sessions list. */
final class SessionApi {
    static final String SESSIONS = "auth-sessions";
    private static final int MAX_USER_AGENT = 300;

    private final Logins logins;
    private final Guards guards;
    private final TerritoryResolver territories;
    private final ClientAddress clientAddress;
    private final Json json;
    private final Cursors cursors;
    private final AuthConfig config;

    SessionApi(Logins logins, Guards guards, TerritoryResolver territories, ClientAddress clientAddress, Json json,
               Cursors cursors, AuthConfig config) {
        this.logins = logins;
        this.guards = guards;
        this.territories = territories;
        this.clientAddress = clientAddress;
        this.json = json;
        this.cursors = cursors;
        this.config = config;
    }

    void routes(Routes api) {
        api.post("/api/auth/login", this::login)
                .post("/api/auth/login/two-factor", this::secondStep)
                .post("/api/auth/refresh", this::refresh)
                .post("/api/auth/logout", guards.endingSession(this::logout))
                .post("/api/auth/logout-all", guards.authenticated(this::logoutAll))
                .get("/api/auth/sessions", guards.authenticated(this::sessions))
                .delete("/api/auth/sessions/{id}", guards.authenticated(this::revoke));
    }

    private void login(ServerRequest request, ServerResponse response) {
        LoginRequest body = json.read(request, LoginRequest.class);
        Validation validation = new Validation();
        Optional<String> email = Fields.email(validation, "/email", body.email());
        Optional<String> password = Fields.password(validation, "/password", body.password());
        boolean cookie = delivery(validation, body.refreshTokenDelivery());
        validation.throwIfInvalid();
        Logins.SignIn signIn = logins.login(territories.code(request), new Logins.Credentials(email.orElseThrow(),
                password.orElseThrow(), cookie, userAgent(request), Optional.of(clientAddress.of(request).getHostAddress()),
                Languages.negotiate(request.headers().first(HeaderNames.ACCEPT_LANGUAGE))));
        switch (signIn) {
            case Logins.Grant grant -> answer(response, grant);
            case LoginChallenges.Challenge challenge -> {
                json.write(response, Status.OK_200, new ChallengeView(true, challenge.token(), LoginChallenges.METHODS,
                        challenge.expiresAt()));
            }
        }
    }

    /** The second step of a login with two-factor sign-in: the challenge and a code or a recovery code. */
    private void secondStep(ServerRequest request, ServerResponse response) {
        SecondStepRequest body = json.read(request, SecondStepRequest.class);
        Validation validation = new Validation();
        Optional<String> challenge = Fields.token(validation, "/challenge", body.challenge());
        Optional<TwoFactor.Proof> proof = TwoFactorApi.proof(validation, body.code(), body.recoveryCode());
        validation.throwIfInvalid();
        if (!Secrets.plausible(challenge.orElseThrow(), Secrets.TOKEN_BYTES)) {
            throw LoginChallenges.invalid();
        }
        answer(response, logins.secondStep(territories.code(request), new Logins.SecondStep(challenge.get(),
                proof.orElseThrow(), userAgent(request), Optional.of(clientAddress.of(request).getHostAddress()))));
    }

    private static Optional<String> userAgent(ServerRequest request) {
        return request.headers().first(HeaderNames.USER_AGENT)
                .map(agent -> agent.length() > MAX_USER_AGENT ? agent.substring(0, MAX_USER_AGENT) : agent);
    }

    private void refresh(ServerRequest request, ServerResponse response) {
        Logins.PresentedToken presented = presented(request);
        answer(response, logins.refresh(territories.code(request), presented));
    }

    /**
     * Logout of this session: by the refresh cookie (with its CSRF header), by a refresh token in
     * the body, or by the access token. A session that has already ended answers 204 as well, by
     * any of the three (decision 86).
     */
    private void logout(ServerRequest request, ServerResponse response) {
        TerritoryCode territory = territories.code(request);
        boolean cookie = RefreshCookies.refresh(request).isPresent();
        if (cookie || request.content().hasEntity()) {
            logins.logout(territory, presented(request));
        } else {
            Principal principal = Guards.principal(request).orElseThrow(SecurityProblems::unauthenticated);
            logins.end(territory, principal.userId(), principal.sessionId(), "logout");
        }
        if (cookie) {
            RefreshCookies.clear(response);
        }
        response.status(Status.NO_CONTENT_204).send();
    }

    private void logoutAll(ServerRequest request, ServerResponse response) {
        Principal principal = Guards.principal(request).orElseThrow();
        logins.endAll(principal.territory(), principal.userId(), "logout-all");
        if (RefreshCookies.refresh(request).isPresent()) {
            RefreshCookies.clear(response);
        }
        response.status(Status.NO_CONTENT_204).send();
    }

    private void sessions(ServerRequest request, ServerResponse response) {
        Principal principal = Guards.principal(request).orElseThrow();
        PageRequest page = cursors.request(request, SESSIONS);
        Optional<UUID> after = page.after().map(position -> UUID.fromString(position.getFirst()));
        List<Session> rows = logins.sessions(principal.territory(), principal.userId(), after, page.fetchSize());
        json.write(response, Status.OK_200, Page.of(rows, page, cursors, session -> List.of(session.id().toString()))
                .map(session -> SessionView.of(session, principal.sessionId())));
    }

    private void revoke(ServerRequest request, ServerResponse response) {
        Principal principal = Guards.principal(request).orElseThrow();
        UUID session = Paths.uuid(request, "id")
                .orElseThrow(() -> AuthProblems.problem(AuthProblems.SESSION_NOT_FOUND, "session.not-found"));
        logins.end(principal.territory(), principal.userId(), session, "revoked");
        response.status(Status.NO_CONTENT_204).send();
    }

    private Logins.PresentedToken presented(ServerRequest request) {
        Optional<String> cookie = RefreshCookies.refresh(request);
        if (cookie.isPresent()) {
            if (!Secrets.plausible(cookie.get(), Secrets.REFRESH_BYTES)) {
                throw AuthProblems.signInAgain(AuthProblems.INVALID_REFRESH_TOKEN, "refresh.invalid");
            }
            return new Logins.PresentedToken(cookie.get(), true, RefreshCookies.csrf(request));
        }
        RefreshRequest body = json.read(request, RefreshRequest.class);
        Validation validation = new Validation();
        Optional<String> token = Fields.token(validation, "/refreshToken", body.refreshToken());
        validation.throwIfInvalid();
        if (!Secrets.plausible(token.orElseThrow(), Secrets.REFRESH_BYTES)) {
            throw AuthProblems.signInAgain(AuthProblems.INVALID_REFRESH_TOKEN, "refresh.invalid");
        }
        return new Logins.PresentedToken(token.get(), false, Optional.empty());
    }

    private void answer(ServerResponse response, Logins.Grant grant) {
        boolean cookie = grant.session().cookieMode();
        if (cookie) {
            RefreshCookies.set(response, grant.refresh(), grant.csrf(),
                    Duration.between(grant.access().issuedAt(), grant.session().expiresAt()));
        }
        json.write(response, Status.OK_200, new TokenView(grant.access().token(), "Bearer",
                config.accessTokenLifetime().toSeconds(), grant.access().expiresAt(),
                cookie ? Optional.empty() : Optional.of(grant.refresh()), grant.csrf(), grant.session().id(),
                grant.session().scope(), grant.suspension().map(term -> new SuspensionView(term.until(), term.reason()))));
    }

    private static boolean delivery(Validation validation, String delivery) {
        if (delivery == null || delivery.equals("body")) {
            return false;
        }
        validation.check(delivery.equals("cookie"), FieldError.body("/refreshTokenDelivery", "invalid-delivery",
                AuthProblems.MESSAGES.text("field.delivery")));
        return delivery.equals("cookie");
    }

    /**
     * {@code POST /api/auth/login}.
     *
     * @param email                the address
     * @param password             the password
     * @param refreshTokenDelivery {@code body} (default) or {@code cookie} (browsers)
     */
    record LoginRequest(String email, String password, String refreshTokenDelivery) {
    }

    /**
     * {@code POST /api/auth/login/two-factor}: the challenge and exactly one of the two factors.
     *
     * @param challenge    the challenge from the login answer
     * @param code         the authenticator app's current code
     * @param recoveryCode a recovery code
     */
    record SecondStepRequest(String challenge, String code, String recoveryCode) {
    }

    /**
     * What login answers for an account with two-factor sign-in: no tokens yet. Never cached.
     *
     * @param twoFactorRequired always true (tells this answer from {@link TokenView})
     * @param challenge         the challenge for {@code POST /api/auth/login/two-factor}
     * @param methods           the second factors it takes
     * @param expiresAt         when it stops working
     */
    record ChallengeView(boolean twoFactorRequired, String challenge, List<String> methods, Instant expiresAt) {
    }

    /**
     * {@code POST /api/auth/refresh} and {@code /logout} without the cookie.
     *
     * @param refreshToken the refresh token
     */
    record RefreshRequest(String refreshToken) {
    }

    /**
     * What login and refresh answer. Never cached ({@code Cache-Control: no-store}).
     *
     * @param accessToken  the access token
     * @param tokenType    {@code Bearer}
     * @param expiresIn    its lifetime in seconds
     * @param expiresAt    its expiry
     * @param refreshToken the next refresh token (body mode; in cookie mode it is in the cookie)
     * @param csrfToken    the CSRF token (cookie-mode login; also in its cookie)
     * @param sessionId    the session
     * @param scope        {@code appeal} for a restricted session (opened while the account was
     *                     suspended: it reaches only the routes that admit restricted sessions, until
     *                     it ends); absent for full access
     * @param suspension   while the account of a restricted session is suspended: until when and why
     */
    record TokenView(String accessToken, String tokenType, long expiresIn, Instant expiresAt,
                     Optional<String> refreshToken, Optional<String> csrfToken, UUID sessionId, Optional<String> scope,
                     Optional<SuspensionView> suspension) {
    }

    /**
     * A suspension as its member is told it.
     *
     * @param until  when the account is active again by itself; absent: until lifted
     * @param reason why (the reason of the suspension that ends last)
     */
    record SuspensionView(Optional<Instant> until, Optional<String> reason) {
    }

    /**
     * A session in the list.
     *
     * @param id            the session
     * @param createdAt     login time
     * @param lastUsedAt    last login or refresh
     * @param expiresAt     absolute end
     * @param userAgent     the program that logged in
     * @param clientAddress where from
     * @param current       whether it is the session of the calling token
     * @param amr           how it signed in (RFC 8176): {@code [pwd]} or {@code [pwd, otp]}
     * @param secondFactor  {@code totp} or {@code recovery-code}; absent for a password-only session
     */
    record SessionView(UUID id, Instant createdAt, Instant lastUsedAt, Instant expiresAt, Optional<String> userAgent,
                       Optional<String> clientAddress, boolean current, List<String> amr,
                       Optional<String> secondFactor) {
        static SessionView of(Session session, UUID current) {
            return new SessionView(session.id(), session.createdAt(), session.lastUsedAt(), session.expiresAt(),
                    session.userAgent(), session.clientAddress(), session.id().equals(current), session.amr(),
                    session.secondFactor());
        }
    }
}
