package agora.auth;

import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import agora.auth.api.AuthRoles;
import agora.platform.contract.TerritoryCode;
import agora.platform.core.Languages;
import agora.platform.core.problem.FieldError;
import agora.platform.core.problem.Validation;
import agora.platform.data.territory.TerritoryResolver;
import agora.platform.security.Guards;
import agora.platform.security.Principal;
import agora.platform.security.web.ClientAddress;
import agora.platform.web.Json;
import agora.platform.web.Routes;
import agora.platform.web.idempotency.Idempotency;
import agora.platform.web.idempotency.Reply;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** The account routes: registration, the caller's account, email verification, deletion, and the admins' status changes. */
final class AccountApi {
    static final int MAX_REASON = 500;

    private final Registrations registrations;
    private final AccountLifecycle lifecycle;
    private final Guards guards;
    private final TerritoryResolver territories;
    private final Json json;
    private final Idempotency idempotency;
    private final Throttle throttle;
    private final ClientAddress clientAddress;
    private final Passwords passwords;
    /** The longest email or name the personal rule compares (an address has at most 254 characters). */
    private static final int PERSONAL_WORD_LIMIT = 254;

    AccountApi(Registrations registrations, AccountLifecycle lifecycle, Guards guards, TerritoryResolver territories,
               Json json, Idempotency idempotency, Throttle throttle, ClientAddress clientAddress, Passwords passwords) {
        this.passwords = passwords;
        this.throttle = throttle;
        this.clientAddress = clientAddress;
        this.registrations = registrations;
        this.lifecycle = lifecycle;
        this.guards = guards;
        this.territories = territories;
        this.json = json;
        this.idempotency = idempotency;
    }

    void routes(Routes api) {
        api.post("/api/auth/register", this::register)
                .post("/api/auth/password/check", this::checkPassword)
                // A suspended member's restricted session still reads their own account (and its term).
                .get("/api/auth/me", guards.allowingRestricted(this::me))
                .post("/api/auth/email/verify", this::verify)
                .post("/api/auth/email/verification", guards.authenticated(this::resend))
                .delete("/api/auth/account", guards.authenticated(this::delete))
                .get("/api/auth/accounts/{id}", guards.role(AuthRoles.TERRITORY_ADMIN, this::account))
                .post("/api/auth/accounts/{id}/suspend", guards.role(AuthRoles.TERRITORY_ADMIN, this::suspend))
                .post("/api/auth/accounts/{id}/reactivate", guards.role(AuthRoles.TERRITORY_ADMIN, this::reactivate))
                .delete("/api/auth/accounts/{id}/sessions", guards.role(AuthRoles.TERRITORY_ADMIN, this::endSessions));
    }

    private void register(ServerRequest request, ServerResponse response) {
        TerritoryCode territory = territories.code(request);
        idempotency.respond(request, response, territory.value() + " register", () -> {
            RegisterRequest body = json.read(request, RegisterRequest.class);
            Validation validation = new Validation();
            Optional<String> invitation = Fields.token(validation, "/invitation", body.invitation());
            Optional<String> email = Fields.email(validation, "/email", body.email());
            Optional<String> name = Fields.displayName(validation, "/displayName", body.displayName());
            Optional<String> password = Fields.newPassword(validation, "/password", body.password());
            password.ifPresent(chosen -> passwords.check(validation, "/password", chosen,
                    java.util.stream.Stream.concat(email.stream(), name.stream()).toList()));
            validation.throwIfInvalid();
            // Counted once valid: a newcomer trying passwords the rules refuse is not throttled for it.
            throttle.perAddress("register", territory, clientAddress.of(request).getHostAddress(),
                    throttle.config().registrations());
            Account account = registrations.register(territory, new Registrations.NewAccount(invitation.orElseThrow(),
                    email.orElseThrow(), name.orElseThrow(), password.orElseThrow(), language(request)));
            return Reply.created(URI.create("/api/auth/me"), AccountView.of(account));
        });
    }

    /**
     * The password rules applied to a password the member is typing, so a form can explain them with
     * the pod's own answers (and its language) instead of a copy: 204, or the 422 registration would
     * give for it. Nothing is stored, hashed or counted; the email and name only feed the personal rule.
     */
    private void checkPassword(ServerRequest request, ServerResponse response) {
        PasswordCheckRequest body = json.read(request, PasswordCheckRequest.class);
        Validation validation = new Validation();
        Optional<String> password = Fields.newPassword(validation, "/password", body.password());
        List<String> personal = java.util.stream.Stream.of(body.email(), body.displayName())
                .filter(Objects::nonNull).map(String::strip).filter(word -> !word.isEmpty())
                .map(word -> word.length() > PERSONAL_WORD_LIMIT ? word.substring(0, PERSONAL_WORD_LIMIT) : word)
                .toList();
        password.ifPresent(chosen -> passwords.check(validation, "/password", chosen, personal));
        validation.throwIfInvalid();
        response.status(Status.NO_CONTENT_204).send();
    }

    private void me(ServerRequest request, ServerResponse response) {
        Principal principal = Guards.principal(request).orElseThrow();
        json.write(response, Status.OK_200, lifecycle.view(principal.territory(), principal.userId()));
    }

    private void verify(ServerRequest request, ServerResponse response) {
        TokenRequest body = json.read(request, TokenRequest.class);
        Validation validation = new Validation();
        Optional<String> token = Fields.token(validation, "/token", body.token());
        validation.throwIfInvalid();
        json.write(response, Status.OK_200,
                AccountView.of(registrations.verify(territories.code(request), token.orElseThrow())));
    }

    private void resend(ServerRequest request, ServerResponse response) {
        Principal principal = Guards.principal(request).orElseThrow();
        registrations.resend(principal.territory(), principal.userId(), language(request));
        response.status(Status.ACCEPTED_202).send();
    }

    private void delete(ServerRequest request, ServerResponse response) {
        Principal principal = Guards.principal(request).orElseThrow();
        PasswordRequest body = json.read(request, PasswordRequest.class);
        Validation validation = new Validation();
        Optional<String> password = Fields.password(validation, "/password", body.password());
        validation.throwIfInvalid();
        lifecycle.delete(principal.territory(), principal.userId(), password.orElseThrow());
        if (RefreshCookies.refresh(request).isPresent()) {
            RefreshCookies.clear(response);
        }
        response.status(Status.NO_CONTENT_204).send();
    }

    private void account(ServerRequest request, ServerResponse response) {
        Principal principal = Guards.principal(request).orElseThrow();
        json.write(response, Status.OK_200, lifecycle.view(principal.territory(), id(request)));
    }

    private void suspend(ServerRequest request, ServerResponse response) {
        Principal principal = Guards.principal(request).orElseThrow();
        UUID id = id(request);
        Optional<String> reason = Optional.empty();
        Optional<Instant> until = Optional.empty();
        if (request.content().hasEntity()) {
            SuspendRequest body = json.read(request, SuspendRequest.class);
            Validation validation = new Validation();
            // The limit is the member's to read: spaces around the reason are not part of it.
            Optional<String> stripped = Optional.ofNullable(body.reason()).map(String::strip);
            validation.check(stripped.map(String::length).orElse(0) <= MAX_REASON,
                    FieldError.body("/reason", "too-long", AuthProblems.MESSAGES.text("field.reason", MAX_REASON)));
            until = until(validation, body.until());
            validation.throwIfInvalid();
            reason = stripped.filter(text -> !text.isEmpty());
        }
        json.write(response, Status.OK_200, lifecycle.suspend(principal.territory(), principal.userId(), id, until, reason));
    }

    /** An optional RFC 3339 time (with an offset or {@code Z}). */
    private static Optional<Instant> until(Validation validation, String until) {
        if (until == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(until.strip()).toInstant());
        } catch (DateTimeParseException e) {
            validation.add(FieldError.body("/until", "invalid-time", AuthProblems.MESSAGES.text("field.until-format")));
            return Optional.empty();
        }
    }

    private void reactivate(ServerRequest request, ServerResponse response) {
        Principal principal = Guards.principal(request).orElseThrow();
        json.write(response, Status.OK_200, lifecycle.reactivate(principal.territory(), principal.userId(), id(request)));
    }

    private void endSessions(ServerRequest request, ServerResponse response) {
        Principal principal = Guards.principal(request).orElseThrow();
        lifecycle.endSessions(principal.territory(), principal.userId(), id(request));
        response.status(Status.NO_CONTENT_204).send();
    }

    private static UUID id(ServerRequest request) {
        return Paths.uuid(request, "id")
                .orElseThrow(() -> AuthProblems.problem(AuthProblems.ACCOUNT_NOT_FOUND, "account.not-found"));
    }

    private static Locale language(ServerRequest request) {
        return Languages.negotiate(request.headers().first(HeaderNames.ACCEPT_LANGUAGE));
    }

    /**
     * {@code POST /api/auth/register}.
     *
     * @param invitation  the invitation token
     * @param email       the sign-in address
     * @param displayName the name others see
     * @param password    the password
     */
    record RegisterRequest(String invitation, String email, String displayName, String password) {
    }

    /**
     * {@code POST /api/auth/password/check}.
     *
     * @param password    the password being chosen
     * @param email       the address it is for, if known (the personal rule)
     * @param displayName the name it is for, if known (the personal rule)
     */
    record PasswordCheckRequest(String password, String email, String displayName) {
    }

    /**
     * A one-time token (email verification).
     *
     * @param token the token
     */
    record TokenRequest(String token) {
    }

    /**
     * A password confirming a grave action.
     *
     * @param password the password
     */
    record PasswordRequest(String password) {
    }

    /**
     * {@code POST /api/auth/accounts/{id}/suspend}; without a body, suspended until reactivated.
     *
     * @param reason why (optional), shown to the member
     * @param until  when the suspension ends by itself (RFC 3339, in the future); absent: until reactivated
     */
    record SuspendRequest(String reason, String until) {
    }
}
