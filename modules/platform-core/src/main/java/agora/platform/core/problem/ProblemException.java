package agora.platform.core.problem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import agora.platform.contract.ProblemKind;

/**
 * A request that cannot be served, for a reason the client can act on. Thrown anywhere below a
 * handler; the server turns it into one {@code application/problem+json} response.
 *
 * <p>Services throw it directly or subclass it for their own kinds; a bare
 * {@link RuntimeException} would become an opaque 500.
 */
public class ProblemException extends RuntimeException {
    private final ProblemKind kind;
    private final Text detail;
    private final List<FieldError> errors;
    private final Map<String, String> headers = new LinkedHashMap<>();

    /**
     * A problem of the given kind.
     *
     * @param kind   what went wrong
     * @param detail this occurrence, in the reader's language
     */
    public ProblemException(ProblemKind kind, Text detail) {
        this(kind, detail, List.of());
    }

    /**
     * A problem with per-field errors (validation).
     *
     * @param kind   what went wrong
     * @param detail this occurrence
     * @param errors the places in the request that caused it
     */
    public ProblemException(ProblemKind kind, Text detail, List<FieldError> errors) {
        this(kind, detail, errors, null);
    }

    /**
     * A problem caused by a failure the client need not see (kept for the log).
     *
     * @param kind   what went wrong
     * @param detail this occurrence
     * @param cause  the underlying failure
     */
    protected ProblemException(ProblemKind kind, Text detail, Throwable cause) {
        this(kind, detail, List.of(), cause);
    }

    private ProblemException(ProblemKind kind, Text detail, List<FieldError> errors, Throwable cause) {
        // No stack trace: these are expected outcomes, raised often, and never logged as faults.
        super(kind.code() + ": " + detail, cause, false, false);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.detail = Objects.requireNonNull(detail, "detail");
        this.errors = List.copyOf(errors);
    }

    /**
     * Adds a response header (e.g. {@code Retry-After} or {@code Allow}).
     *
     * @param name  header name
     * @param value header value
     * @return this exception
     */
    public ProblemException header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** What went wrong. */
    public ProblemKind kind() {
        return kind;
    }

    /** This occurrence, translatable. */
    public Text detail() {
        return detail;
    }

    /** The per-field errors; empty unless validation failed. */
    public List<FieldError> errors() {
        return errors;
    }

    /** Extra response headers. */
    public Map<String, String> headers() {
        return Map.copyOf(headers);
    }

    /**
     * Whether a failure comes from a backend that cannot be reached now (the database, Redis,
     * another service): a 503 problem anywhere among its causes. Such work is retried until the
     * backend is back; it is not a fault of the work itself.
     *
     * @param failure what was thrown
     * @return whether it is an outage
     */
    public static boolean isUnavailable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ProblemException problem && problem.kind().status() == 503) {
                return true;
            }
        }
        return false;
    }
}
