package agora.platform.contract;

import java.net.URI;
import java.util.Objects;

/**
 * A kind of problem: the stable machine {@code code}, its HTTP status and English title.
 *
 * <p>The {@code type} URI is derived from the code, so clients may switch on either. Services
 * declare their own kinds next to their handlers; the platform's common kinds are the constants
 * here.
 *
 * @param code   stable, kebab-case machine code, also the last segment of {@link #type()}
 * @param status HTTP status sent with this kind
 * @param title  short English summary that never changes between occurrences
 */
public record ProblemKind(String code, int status, String title) {

    /** Prefix of every problem {@code type}: a URN, because it names a kind, not a page. */
    public static final String TYPE_PREFIX = "urn:agora:problem:";

    public static final ProblemKind MALFORMED_JSON = new ProblemKind("malformed-json", 400, "Malformed JSON");
    public static final ProblemKind JSON_LIMIT_EXCEEDED = new ProblemKind("json-limit-exceeded", 400, "JSON too deep or too long");
    public static final ProblemKind BAD_REQUEST = new ProblemKind("bad-request", 400, "Bad request");
    public static final ProblemKind INVALID_PARAMETER = new ProblemKind("invalid-parameter", 400, "Invalid parameter");
    public static final ProblemKind INVALID_CURSOR = new ProblemKind("invalid-cursor", 400, "Invalid cursor");
    public static final ProblemKind INVALID_IDEMPOTENCY_KEY = new ProblemKind("invalid-idempotency-key", 400, "Invalid Idempotency-Key");
    public static final ProblemKind UNAUTHENTICATED = new ProblemKind("unauthenticated", 401, "Authentication required");
    public static final ProblemKind FORBIDDEN = new ProblemKind("forbidden", 403, "Forbidden");
    public static final ProblemKind NOT_FOUND = new ProblemKind("not-found", 404, "Not found");
    public static final ProblemKind NO_SUCH_ROUTE = new ProblemKind("no-such-route", 404, "No such route");
    public static final ProblemKind METHOD_NOT_ALLOWED = new ProblemKind("method-not-allowed", 405, "Method not allowed");
    public static final ProblemKind NOT_ACCEPTABLE = new ProblemKind("not-acceptable", 406, "Not acceptable");
    public static final ProblemKind CONFLICT = new ProblemKind("conflict", 409, "Conflict");
    public static final ProblemKind IDEMPOTENCY_IN_PROGRESS = new ProblemKind("idempotency-key-in-progress", 409, "Request with this Idempotency-Key still in progress");
    public static final ProblemKind PAYLOAD_TOO_LARGE = new ProblemKind("payload-too-large", 413, "Payload too large");
    public static final ProblemKind UNSUPPORTED_MEDIA_TYPE = new ProblemKind("unsupported-media-type", 415, "Unsupported media type");
    public static final ProblemKind VALIDATION_FAILED = new ProblemKind("validation-failed", 422, "Validation failed");
    public static final ProblemKind IDEMPOTENCY_KEY_REUSED = new ProblemKind("idempotency-key-reused", 422, "Idempotency-Key reused for another request");
    public static final ProblemKind TOO_MANY_REQUESTS = new ProblemKind("too-many-requests", 429, "Too many requests");
    public static final ProblemKind INTERNAL_ERROR = new ProblemKind("internal-error", 500, "Internal error");
    public static final ProblemKind UNAVAILABLE = new ProblemKind("unavailable", 503, "Service unavailable");

    /** Checks the code's shape, so a typo cannot produce an unstable type URI. */
    public ProblemKind {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(title, "title");
        if (!code.matches("[a-z][a-z0-9]*(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException("problem code must be kebab-case: " + code);
        }
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("problem status must be 4xx or 5xx: " + status);
        }
    }

    /** The stable {@code type} URI of this kind. */
    public URI type() {
        return URI.create(TYPE_PREFIX + code);
    }
}
