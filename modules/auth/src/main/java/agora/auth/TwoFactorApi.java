package agora.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import agora.platform.core.problem.FieldError;
import agora.platform.core.problem.Validation;
import agora.platform.security.Guards;
import agora.platform.security.Principal;
import agora.platform.web.Json;
import agora.platform.web.Routes;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The caller's second factor: its state, setting up an authenticator app, turning it off, and new
 * recovery codes. Answers that hold a secret or recovery codes are never cached; they are not
 * replayed for an {@code Idempotency-Key} either (a retry simply starts again), so no secret is kept
 * in the idempotency store. The login's second step is a session route ({@link SessionApi}).
 */
final class TwoFactorApi {
    private static final int MAX_CODE = 20;

    private final TwoFactor twoFactor;
    private final Guards guards;
    private final Json json;

    TwoFactorApi(TwoFactor twoFactor, Guards guards, Json json) {
        this.twoFactor = twoFactor;
        this.guards = guards;
        this.json = json;
    }

    void routes(Routes api) {
        api.get("/api/auth/two-factor", guards.authenticated(this::status))
                .post("/api/auth/two-factor/totp", guards.authenticated(this::enrol))
                .post("/api/auth/two-factor/totp/confirm", guards.authenticated(this::confirm))
                .delete("/api/auth/two-factor/totp", guards.authenticated(this::disable))
                .post("/api/auth/two-factor/recovery-codes", guards.authenticated(this::regenerate));
    }

    private void status(ServerRequest request, ServerResponse response) {
        Principal principal = Guards.principal(request).orElseThrow();
        TwoFactor.Status status = twoFactor.status(principal.territory(), principal.userId());
        json.write(response, Status.OK_200, new StatusView(status.enabled(), status.enabledAt(), status.pendingUntil(),
                status.recoveryCodesLeft(), status.requiredFor()));
    }

    private void enrol(ServerRequest request, ServerResponse response) {
        Principal principal = Guards.principal(request).orElseThrow();
        AccountApi.PasswordRequest body = json.read(request, AccountApi.PasswordRequest.class);
        Validation validation = new Validation();
        Optional<String> password = Fields.password(validation, "/password", body.password());
        validation.throwIfInvalid();
        TwoFactor.Enrolment enrolment = twoFactor.enrol(principal.territory(), principal.userId(), password.orElseThrow());
        json.write(response, Status.OK_200, new EnrolmentView(enrolment.secret(), enrolment.otpauthUri(),
                Totp.DIGITS, Totp.STEP_SECONDS, "SHA1", enrolment.expiresAt()));
    }

    private void confirm(ServerRequest request, ServerResponse response) {
        Principal principal = Guards.principal(request).orElseThrow();
        CodeRequest body = json.read(request, CodeRequest.class);
        Validation validation = new Validation();
        if (body.code() == null) {
            validation.add(Fields.required("/code"));
        }
        Optional<String> code = body.code() == null ? Optional.empty() : code(validation, "/code", body.code());
        validation.throwIfInvalid();
        List<String> codes = twoFactor.confirm(principal.territory(), principal.userId(), code.orElseThrow());
        json.write(response, Status.OK_200, new RecoveryCodesView(codes));
    }

    private void disable(ServerRequest request, ServerResponse response) {
        Principal principal = Guards.principal(request).orElseThrow();
        Confirmed confirmed = confirmed(json.read(request, ConfirmedRequest.class));
        twoFactor.disable(principal.territory(), principal.userId(), confirmed.password(), confirmed.proof());
        response.status(Status.NO_CONTENT_204).send();
    }

    private void regenerate(ServerRequest request, ServerResponse response) {
        Principal principal = Guards.principal(request).orElseThrow();
        Confirmed confirmed = confirmed(json.read(request, ConfirmedRequest.class));
        List<String> codes = twoFactor.regenerate(principal.territory(), principal.userId(), confirmed.password(),
                confirmed.proof());
        json.write(response, Status.OK_200, new RecoveryCodesView(codes));
    }

    private static Confirmed confirmed(ConfirmedRequest body) {
        Validation validation = new Validation();
        Optional<String> password = Fields.password(validation, "/password", body.password());
        Optional<TwoFactor.Proof> proof = proof(validation, body.code(), body.recoveryCode());
        validation.throwIfInvalid();
        return new Confirmed(password.orElseThrow(), proof.orElseThrow());
    }

    /**
     * Exactly one second factor from a request body: {@code code} (six digits, spaces ignored) or
     * {@code recoveryCode}.
     */
    static Optional<TwoFactor.Proof> proof(Validation validation, String code, String recoveryCode) {
        if (code != null && recoveryCode != null) {
            validation.add(FieldError.body("/recoveryCode", "one-of",
                    AuthProblems.MESSAGES.text("field.one-factor")));
            return Optional.empty();
        }
        if (recoveryCode != null) {
            Optional<String> normalised = RecoveryCodes.normalise(recoveryCode);
            validation.check(normalised.isPresent(), FieldError.body("/recoveryCode", "invalid-recovery-code",
                    AuthProblems.MESSAGES.text("field.recovery-code")));
            return normalised.map(TwoFactor.Proof.RecoveryCode::new);
        }
        if (code == null) {
            validation.add(Fields.required("/code"));
            return Optional.empty();
        }
        return code(validation, "/code", code).map(TwoFactor.Proof.Code::new);
    }

    /** A six-digit code as typed (spaces ignored); the callers have checked that one was given. */
    private static Optional<String> code(Validation validation, String pointer, String code) {
        String digits = code.length() > MAX_CODE ? code : code.replace(" ", "");
        boolean valid = digits.length() == Totp.DIGITS && digits.chars().allMatch(c -> c >= '0' && c <= '9');
        validation.check(valid, FieldError.body(pointer, "invalid-code",
                AuthProblems.MESSAGES.text("field.code", Totp.DIGITS)));
        return valid ? Optional.of(digits) : Optional.empty();
    }

    private record Confirmed(String password, TwoFactor.Proof proof) {
    }

    /**
     * {@code POST /api/auth/two-factor/totp/confirm}.
     *
     * @param code the authenticator app's current code
     */
    record CodeRequest(String code) {
    }

    /**
     * Turning two-factor off, or new recovery codes: the password and exactly one second factor.
     *
     * @param password     the account's password
     * @param code         the authenticator app's current code
     * @param recoveryCode a recovery code (used up by this)
     */
    record ConfirmedRequest(String password, String code, String recoveryCode) {
    }

    /**
     * The caller's two-factor state.
     *
     * @param enabled           whether sign-in asks for a second factor
     * @param enabledAt         since when
     * @param pendingUntil      a set-up waiting for its first code, until then
     * @param recoveryCodesLeft unused recovery codes
     * @param requiredFor       the caller's roles that work only after signing in with a second factor
     */
    record StatusView(boolean enabled, Optional<Instant> enabledAt, Optional<Instant> pendingUntil,
                      long recoveryCodesLeft, List<String> requiredFor) {
    }

    /**
     * A set-up waiting for its first code: shown once, never cached.
     *
     * @param secret     the secret in base32, for typing into an app
     * @param otpauthUri the key URI, for a QR code
     * @param digits     code length
     * @param period     seconds per code
     * @param algorithm  the HMAC
     * @param expiresAt  when the set-up expires unconfirmed
     */
    record EnrolmentView(String secret, String otpauthUri, int digits, long period, String algorithm,
                         Instant expiresAt) {
    }

    /**
     * New recovery codes: shown once, never cached, stored only as hashes.
     *
     * @param recoveryCodes the codes, each usable once
     */
    record RecoveryCodesView(List<String> recoveryCodes) {
    }
}
