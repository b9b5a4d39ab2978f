package agora.platform.data;

import agora.platform.contract.ProblemKind;
import agora.platform.core.problem.ProblemException;

/**
 * The database cannot be reached: a 503 for the client (with {@code Retry-After}), not a 500,
 * because nothing is wrong with the request and retrying later will work.
 */
public final class DatabaseUnavailableException extends ProblemException {

    DatabaseUnavailableException(Throwable cause) {
        super(ProblemKind.UNAVAILABLE, DataMessages.MESSAGES.text("database.unavailable"), cause);
        header("Retry-After", "5");
    }

}
