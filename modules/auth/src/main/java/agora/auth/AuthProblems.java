package agora.auth;

import java.util.List;
import java.util.ResourceBundle;

import agora.platform.contract.ProblemKind;
import agora.platform.core.problem.Messages;
import agora.platform.core.problem.ProblemException;

/** The problems auth answers with, each a stable {@code code}; texts in {@code agora/auth/messages*.properties}. */
final class AuthProblems {
    static final Messages MESSAGES = Messages.of(locale -> ResourceBundle.getBundle("agora.auth.messages", locale));

    static final ProblemKind INVALID_CREDENTIALS = new ProblemKind("invalid-credentials", 401, "Invalid credentials");
    static final ProblemKind WRONG_PASSWORD = new ProblemKind("wrong-password", 403, "Wrong password");
    static final ProblemKind EMAIL_TAKEN = new ProblemKind("email-taken", 409, "Email address already registered");
    static final ProblemKind EMAIL_UNVERIFIED = new ProblemKind("email-unverified", 403, "Email address not verified");
    static final ProblemKind ALREADY_VERIFIED = new ProblemKind("already-verified", 409, "Email address already verified");
    static final ProblemKind VERIFICATION_INVALID =
            new ProblemKind("verification-invalid", 400, "Verification link invalid or expired");
    static final ProblemKind INVITATION_NOT_FOUND = new ProblemKind("invitation-not-found", 404, "No such invitation");
    static final ProblemKind INVITATION_EXPIRED = new ProblemKind("invitation-expired", 410, "Invitation expired");
    static final ProblemKind INVITATION_REVOKED = new ProblemKind("invitation-revoked", 410, "Invitation revoked");
    static final ProblemKind INVITATION_EXHAUSTED = new ProblemKind("invitation-exhausted", 409, "Invitation used up");
    static final ProblemKind INVITATION_QUOTA =
            new ProblemKind("invitation-quota-exceeded", 403, "Invitation quota exceeded");
    static final ProblemKind ROLE_NOT_ALLOWED = new ProblemKind("role-not-allowed", 403, "Role not grantable");
    static final ProblemKind INVALID_REFRESH_TOKEN =
            new ProblemKind("invalid-refresh-token", 401, "Invalid refresh token");
    static final ProblemKind REFRESH_TOKEN_REUSED =
            new ProblemKind("refresh-token-reused", 401, "Refresh token reused");
    static final ProblemKind SESSION_EXPIRED = new ProblemKind("session-expired", 401, "Session expired");
    static final ProblemKind CSRF_FAILED = new ProblemKind("csrf-check-failed", 403, "CSRF check failed");
    static final ProblemKind ACCOUNT_NOT_FOUND = new ProblemKind("account-not-found", 404, "No such account");
    static final ProblemKind SESSION_NOT_FOUND = new ProblemKind("session-not-found", 404, "No such session");
    static final ProblemKind OWN_STATUS = new ProblemKind("own-status", 409, "Cannot change own status");
    static final ProblemKind RESET_TOKEN_INVALID =
            new ProblemKind("reset-token-invalid", 400, "Password reset link invalid or expired");
    static final ProblemKind EMAIL_CHANGE_INVALID =
            new ProblemKind("email-change-invalid", 400, "Email change link invalid or expired");
    static final ProblemKind LOGIN_CHALLENGE_INVALID =
            new ProblemKind("login-challenge-invalid", 401, "Sign-in challenge invalid or expired");
    static final ProblemKind TWO_FACTOR_CODE_INVALID =
            new ProblemKind("two-factor-code-invalid", 401, "Two-factor code invalid");
    static final ProblemKind WRONG_TWO_FACTOR_CODE =
            new ProblemKind("wrong-two-factor-code", 403, "Wrong two-factor code");
    static final ProblemKind TWO_FACTOR_ALREADY_ENABLED =
            new ProblemKind("two-factor-already-enabled", 409, "Two-factor sign-in already on");
    static final ProblemKind TWO_FACTOR_NOT_ENABLED =
            new ProblemKind("two-factor-not-enabled", 409, "Two-factor sign-in not on");
    static final ProblemKind TWO_FACTOR_NOT_PENDING =
            new ProblemKind("two-factor-not-pending", 409, "No two-factor set-up in progress");
    static final ProblemKind ROLE_NOT_FOUND = new ProblemKind("role-not-found", 404, "No such role");
    static final ProblemKind ROLE_NEEDS_TWO_FACTOR =
            new ProblemKind("role-needs-two-factor", 409, "Role needs two-factor sign-in");
    static final ProblemKind LAST_TERRITORY_ADMIN =
            new ProblemKind("last-territory-admin", 409, "Last territory admin");

    /** Every problem auth answers with: declared to the host, listed in the API document. */
    static final List<ProblemKind> ALL = List.of(
            INVALID_CREDENTIALS, WRONG_PASSWORD, EMAIL_TAKEN, EMAIL_UNVERIFIED, ALREADY_VERIFIED,
            VERIFICATION_INVALID, INVITATION_NOT_FOUND, INVITATION_EXPIRED, INVITATION_REVOKED, INVITATION_EXHAUSTED,
            INVITATION_QUOTA, ROLE_NOT_ALLOWED, INVALID_REFRESH_TOKEN, REFRESH_TOKEN_REUSED, SESSION_EXPIRED,
            CSRF_FAILED, ACCOUNT_NOT_FOUND, SESSION_NOT_FOUND, OWN_STATUS, RESET_TOKEN_INVALID, EMAIL_CHANGE_INVALID,
            LOGIN_CHALLENGE_INVALID, TWO_FACTOR_CODE_INVALID, WRONG_TWO_FACTOR_CODE, TWO_FACTOR_ALREADY_ENABLED,
            TWO_FACTOR_NOT_ENABLED, TWO_FACTOR_NOT_PENDING, ROLE_NOT_FOUND, ROLE_NEEDS_TWO_FACTOR,
            LAST_TERRITORY_ADMIN);

    private AuthProblems() {
    }

    static ProblemException problem(ProblemKind kind, String key, Object... args) {
        return new ProblemException(kind, MESSAGES.text(key, args));
    }

    /** A 401 that tells the client to sign in again, with the RFC 6750-style challenge. */
    static ProblemException signInAgain(ProblemKind kind, String key) {
        return problem(kind, key).header("WWW-Authenticate", "Bearer");
    }
}
