package agora.user;

import java.util.List;
import java.util.ResourceBundle;

import agora.platform.contract.ProblemKind;
import agora.platform.core.problem.FieldError;
import agora.platform.core.problem.Messages;
import agora.platform.core.problem.ProblemException;
import agora.platform.core.problem.Text;

/** The problems the user service answers with, each a stable {@code code}; texts in {@code agora/user/messages*.properties}. */
public final class UserProblems {
    /** The service's message bundles (en, da, nb, nn, sv). */
    public static final Messages MESSAGES = Messages.of(locale -> ResourceBundle.getBundle("agora.user.messages", locale));

    /** A profile that does not exist, or that privacy or a block hides from the caller: the same answer. */
    public static final ProblemKind PROFILE_NOT_FOUND = new ProblemKind("profile-not-found", 404, "No such member");
    /** The handle belongs to someone else (or did until recently). */
    public static final ProblemKind HANDLE_TAKEN = new ProblemKind("handle-taken", 409, "Handle taken");
    /** Following oneself. */
    public static final ProblemKind CANNOT_FOLLOW_SELF = new ProblemKind("cannot-follow-self", 409, "Cannot follow oneself");
    /** Blocking oneself. */
    public static final ProblemKind CANNOT_BLOCK_SELF = new ProblemKind("cannot-block-self", 409, "Cannot block oneself");
    /** Approving or rejecting a follow request that is not (or no longer) there. */
    public static final ProblemKind FOLLOW_REQUEST_NOT_FOUND =
            new ProblemKind("follow-request-not-found", 404, "No such follow request");

    /** Every problem the service's own code answers with: declared to the host, listed in the API document. */
    public static final List<ProblemKind> ALL = List.of(PROFILE_NOT_FOUND, HANDLE_TAKEN, CANNOT_FOLLOW_SELF,
            CANNOT_BLOCK_SELF, FOLLOW_REQUEST_NOT_FOUND);

    private UserProblems() {
    }

    /**
     * A problem with a localised detail.
     *
     * @param kind the kind
     * @param key  the message key
     * @param args the message's arguments
     * @return the exception to throw
     */
    public static ProblemException problem(ProblemKind kind, String key, Object... args) {
        return new ProblemException(kind, MESSAGES.text(key, args));
    }

    /** The answer for a missing or hidden profile (they must not be told apart). */
    public static ProblemException notFound() {
        return problem(PROFILE_NOT_FOUND, "profile.not-found");
    }

    /**
     * A localised text.
     *
     * @param key  the message key
     * @param args its arguments
     * @return the text
     */
    public static Text text(String key, Object... args) {
        return MESSAGES.text(key, args);
    }

    /**
     * A field error of a request body.
     *
     * @param pointer the JSON pointer
     * @param code    the machine code
     * @param key     the message key
     * @param args    its arguments
     * @return the error
     */
    public static FieldError field(String pointer, String code, String key, Object... args) {
        return FieldError.body(pointer, code, MESSAGES.text(key, args));
    }
}
