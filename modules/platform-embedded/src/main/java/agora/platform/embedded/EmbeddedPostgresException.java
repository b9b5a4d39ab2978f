package agora.platform.embedded;

import java.io.Serial;

/**
 * The embedded PostgreSQL server could not be started (or its setup is unsuitable on this
 * machine).
 *
 * <p>The message says what went wrong and always ends with the way out: set {@code AGORA_DB_URL}
 * to a PostgreSQL server you run yourself. It is unchecked because the caller's only sensible
 * reaction is to report it or to fall back to such a server.
 */
public final class EmbeddedPostgresException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Appended to every message, so the user always learns how to avoid the embedded server. */
    static final String ADVICE = "To use a PostgreSQL server of your own instead, set AGORA_DB_URL to its JDBC URL"
            + " (for example jdbc:postgresql://localhost:5432/agora).";

    EmbeddedPostgresException(String problem) {
        super(withAdvice(problem));
    }

    EmbeddedPostgresException(String problem, Throwable cause) {
        super(withAdvice(problem), cause);
    }

    private static String withAdvice(String problem) {
        // After a quoted log the advice gets a line of its own, or it would read as part of the log.
        return problem + (problem.contains("\n") ? System.lineSeparator() : " ") + ADVICE;
    }
}
