package agora.platform.data;

import agora.platform.contract.ProblemKind;
import agora.platform.core.problem.ProblemException;

/**
 * The database cannot be reached: a 503 for the client (with {@code Retry-After}), not a 500,
 * because nothing is wrong with the request and retrying later will work.
 */
public final class DatabaseUnavailableException extends ProblemException {
    private final boolean beforeWork;

    DatabaseUnavailableException(Throwable cause) {
        this(cause, false);
    }

    private DatabaseUnavailableException(Throwable cause, boolean beforeWork) {
        super(ProblemKind.UNAVAILABLE, DataMessages.MESSAGES.text("database.unavailable"), cause);
        this.beforeWork = beforeWork;
        header("Retry-After", "5");
    }

    /** No connection could be had: the unit of work never started, so there is nothing to roll back. */
    static DatabaseUnavailableException noConnection(Throwable cause) {
        return new DatabaseUnavailableException(cause, true);
    }

    /** Refused without trying, because the database is known to be down. */
    static DatabaseUnavailableException knownDown() {
        return new DatabaseUnavailableException(null, true);
    }

    /** Whether this happened before the unit of work had a connection. */
    boolean beforeWork() {
        return beforeWork;
    }
}
