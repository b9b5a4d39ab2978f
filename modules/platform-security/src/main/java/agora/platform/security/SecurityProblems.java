package agora.platform.security;

import agora.platform.contract.ProblemKind;
import agora.platform.core.problem.ProblemException;
import agora.platform.core.problem.Text;

/**
 * The problems of a request refused for who sent it. Each 401 carries the RFC 6750 challenge in
 * {@code WWW-Authenticate}, so clients know to refresh or sign in; the codes are stable and the
 * details never describe key material.
 */
public final class SecurityProblems {
    /** No access token was sent. */
    public static final ProblemKind UNAUTHENTICATED = ProblemKind.UNAUTHENTICATED;
    /** The token is malformed, badly signed, of the wrong algorithm or type, or signed by an unknown key. */
    public static final ProblemKind INVALID_TOKEN = new ProblemKind("invalid-token", 401, "Invalid access token");
    /** The token's {@code exp} has passed (beyond the allowed clock skew). */
    public static final ProblemKind TOKEN_EXPIRED = new ProblemKind("token-expired", 401, "Access token expired");
    /** The token's {@code nbf} or {@code iat} lies in the future (beyond the allowed clock skew). */
    public static final ProblemKind TOKEN_NOT_YET_VALID =
            new ProblemKind("token-not-yet-valid", 401, "Access token not yet valid");
    /** The token's audience is another territory than the request's. */
    public static final ProblemKind WRONG_TERRITORY =
            new ProblemKind("wrong-territory", 401, "Access token for another territory");
    /** The token's session was signed out or revoked. */
    public static final ProblemKind SESSION_REVOKED = new ProblemKind("session-revoked", 401, "Session revoked");
    /** The token's account was deleted. */
    public static final ProblemKind ACCOUNT_DELETED = new ProblemKind("account-deleted", 401, "Account deleted");
    /** The token's account is suspended. */
    public static final ProblemKind ACCOUNT_SUSPENDED = new ProblemKind("account-suspended", 403, "Account suspended");
    /** The token lacks the role the route needs. */
    public static final ProblemKind FORBIDDEN = ProblemKind.FORBIDDEN;
    /**
     * The account holds the role the route needs, but the role needs two-factor sign-in: the token
     * withholds it until the account has turned two-factor on and signed in with it.
     */
    public static final ProblemKind TWO_FACTOR_ENROLMENT_REQUIRED =
            new ProblemKind("two-factor-enrolment-required", 403, "Two-factor sign-in required");
    /** The authorization view does not grant the permission the route needs. */
    public static final ProblemKind MISSING_PERMISSION =
            new ProblemKind("missing-permission", 403, "Missing permission");
    /** A CORS preflight from an origin that is not on the allowlist. */
    public static final ProblemKind ORIGIN_NOT_ALLOWED =
            new ProblemKind("origin-not-allowed", 403, "Origin not allowed");

    /** The challenge of a request that sent no credentials: no error code (RFC 6750 section 3.1). */
    static final String CHALLENGE = "Bearer";
    /** The challenge of a request whose token was refused. */
    static final String INVALID_TOKEN_CHALLENGE = "Bearer error=\"invalid_token\"";
    /** The challenge of a valid token that does not carry enough privileges. */
    static final String INSUFFICIENT_SCOPE_CHALLENGE = "Bearer error=\"insufficient_scope\"";

    private SecurityProblems() {
    }

    /**
     * The 401 of a request without an access token.
     *
     * @return the problem
     */
    public static ProblemException unauthenticated() {
        return new ProblemException(UNAUTHENTICATED, SecurityMessages.MESSAGES.text("unauthenticated"))
                .header("WWW-Authenticate", CHALLENGE);
    }

    /**
     * A 401 refusing the token a request presented.
     *
     * @param kind   one of the 401 kinds of this class
     * @param detail the reason, in the reader's language
     * @return the problem, with {@code WWW-Authenticate: Bearer error="invalid_token"}
     */
    public static ProblemException refused(ProblemKind kind, Text detail) {
        if (kind.status() != 401) {
            throw new IllegalArgumentException("a refused token is a 401: " + kind.code());
        }
        return new ProblemException(kind, detail).header("WWW-Authenticate", INVALID_TOKEN_CHALLENGE);
    }

    /**
     * A 403 for a valid token that lacks a role or permission.
     *
     * @param kind   {@link #FORBIDDEN}, {@link #MISSING_PERMISSION} or {@link #TWO_FACTOR_ENROLMENT_REQUIRED}
     * @param detail what is missing
     * @return the problem, with {@code WWW-Authenticate: Bearer error="insufficient_scope"}
     */
    public static ProblemException insufficient(ProblemKind kind, Text detail) {
        return new ProblemException(kind, detail).header("WWW-Authenticate", INSUFFICIENT_SCOPE_CHALLENGE);
    }
}
