package agora.platform.state;

import agora.platform.contract.ProblemKind;
import agora.platform.core.problem.Messages;
import agora.platform.core.problem.ProblemException;

/** The shared-state backend cannot be reached: a 503 the client may retry. */
public final class StateUnavailableException extends ProblemException {
    private static final Messages MESSAGES =
            Messages.of(locale -> java.util.ResourceBundle.getBundle("agora.platform.state.messages", locale));

    /**
     * The backend failed.
     *
     * @param cause what the client library reported
     */
    public StateUnavailableException(Throwable cause) {
        super(ProblemKind.UNAVAILABLE, MESSAGES.text("state.unavailable"), cause);
        header("Retry-After", "2");
    }
}
