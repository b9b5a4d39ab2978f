package agora.auth;

import java.util.Locale;
import java.util.Optional;

import agora.platform.contract.TerritoryCode;
import agora.platform.core.Languages;
import agora.platform.core.problem.FieldError;
import agora.platform.core.problem.Validation;
import agora.platform.data.territory.TerritoryResolver;
import agora.platform.mail.Mail;
import agora.platform.security.Guards;
import agora.platform.security.Principal;
import agora.platform.security.web.ClientAddress;
import agora.platform.web.Json;
import agora.platform.web.Routes;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** The recovery routes: password reset by mailed link, password change, and email change. */
final class RecoveryApi {
    private final PasswordResets resets;
    private final EmailChanges emailChanges;
    private final Guards guards;
    private final TerritoryResolver territories;
    private final Json json;
    private final Throttle throttle;
    private final ClientAddress clientAddress;

    RecoveryApi(PasswordResets resets, EmailChanges emailChanges, Guards guards, TerritoryResolver territories,
                Json json, Throttle throttle, ClientAddress clientAddress) {
        this.throttle = throttle;
        this.clientAddress = clientAddress;
        this.resets = resets;
        this.emailChanges = emailChanges;
        this.guards = guards;
        this.territories = territories;
        this.json = json;
    }

    void routes(Routes api) {
        api.post("/api/auth/password/reset-request", this::resetRequest)
                .post("/api/auth/password/reset", this::reset)
                .post("/api/auth/password/change", guards.authenticated(this::change))
                .post("/api/auth/email/change", guards.authenticated(this::changeEmail))
                .post("/api/auth/email/change/confirm", this::confirmEmail);
    }

    /** Always 202 and no body, at once: whether the address has an account is not this answer's to tell. */
    private void resetRequest(ServerRequest request, ServerResponse response) {
        TerritoryCode territory = territories.code(request);
        ResetRequest body = json.read(request, ResetRequest.class);
        Validation validation = new Validation();
        Optional<String> email = Fields.email(validation, "/email", body.email());
        validation.throwIfInvalid();
        // Each request may send a mail: limited per address, answered 429 alike for known and unknown emails.
        throttle.perAddress("reset-request", territory, clientAddress.of(request).getHostAddress(),
                throttle.config().recoveryRequests());
        resets.request(territory, email.orElseThrow(), language(request));
        response.status(Status.ACCEPTED_202).send();
    }

    private void reset(ServerRequest request, ServerResponse response) {
        TerritoryCode territory = territories.code(request);
        ResetPasswordRequest body = json.read(request, ResetPasswordRequest.class);
        Validation validation = new Validation();
        Optional<String> token = Fields.token(validation, "/token", body.token());
        Optional<String> password = Fields.newPassword(validation, "/password", body.password());
        validation.throwIfInvalid();
        if (!Secrets.plausible(token.orElseThrow(), Secrets.TOKEN_BYTES)) {
            throw AuthProblems.problem(AuthProblems.RESET_TOKEN_INVALID, "reset.invalid");
        }
        resets.reset(territory, token.get(), password.orElseThrow(), language(request));
        // Every session ended, this browser's too.
        if (RefreshCookies.refresh(request).isPresent()) {
            RefreshCookies.clear(response);
        }
        response.status(Status.NO_CONTENT_204).send();
    }

    private void change(ServerRequest request, ServerResponse response) {
        Principal principal = Guards.principal(request).orElseThrow();
        ChangePasswordRequest body = json.read(request, ChangePasswordRequest.class);
        Validation validation = new Validation();
        Optional<String> current = Fields.password(validation, "/currentPassword", body.currentPassword());
        Optional<String> password = Fields.newPassword(validation, "/newPassword", body.newPassword());
        validation.throwIfInvalid();
        resets.change(principal.territory(), principal.userId(), principal.sessionId(), current.orElseThrow(),
                password.orElseThrow(), language(request));
        response.status(Status.NO_CONTENT_204).send();
    }

    private void changeEmail(ServerRequest request, ServerResponse response) {
        Principal principal = Guards.principal(request).orElseThrow();
        EmailChangeRequest body = json.read(request, EmailChangeRequest.class);
        Validation validation = new Validation();
        Optional<String> email = Fields.email(validation, "/newEmail", body.newEmail());
        // The link must reach the address: refuse now what the mailer would refuse later (e.g. non-ASCII).
        email.ifPresent(address -> validation.check(Mail.isAddress(address), FieldError.body("/newEmail",
                "invalid-email", AuthProblems.MESSAGES.text("field.email"))));
        Optional<String> password = Fields.password(validation, "/password", body.password());
        validation.throwIfInvalid();
        throttle.perAddress("email-change", principal.territory(), clientAddress.of(request).getHostAddress(),
                throttle.config().recoveryRequests());
        emailChanges.request(principal.territory(), principal.userId(), email.orElseThrow(), password.orElseThrow(),
                language(request));
        response.status(Status.ACCEPTED_202).send();
    }

    private void confirmEmail(ServerRequest request, ServerResponse response) {
        TerritoryCode territory = territories.code(request);
        AccountApi.TokenRequest body = json.read(request, AccountApi.TokenRequest.class);
        Validation validation = new Validation();
        Optional<String> token = Fields.token(validation, "/token", body.token());
        validation.throwIfInvalid();
        if (!Secrets.plausible(token.orElseThrow(), Secrets.TOKEN_BYTES)) {
            throw AuthProblems.problem(AuthProblems.EMAIL_CHANGE_INVALID, "email-change.invalid");
        }
        json.write(response, Status.OK_200,
                AccountView.of(emailChanges.confirm(territory, token.get(), language(request))));
    }

    private static Locale language(ServerRequest request) {
        return Languages.negotiate(request.headers().first(HeaderNames.ACCEPT_LANGUAGE));
    }

    /**
     * {@code POST /api/auth/password/reset-request}.
     *
     * @param email the address to send a reset link to, if it is an account's confirmed one
     */
    record ResetRequest(String email) {
    }

    /**
     * {@code POST /api/auth/password/reset}.
     *
     * @param token    the token from the reset mail
     * @param password the new password
     */
    record ResetPasswordRequest(String token, String password) {
    }

    /**
     * {@code POST /api/auth/password/change}.
     *
     * @param currentPassword the password now
     * @param newPassword     the new password
     */
    record ChangePasswordRequest(String currentPassword, String newPassword) {
    }

    /**
     * {@code POST /api/auth/email/change}.
     *
     * @param newEmail the address to move to
     * @param password the account's password
     */
    record EmailChangeRequest(String newEmail, String password) {
    }
}
