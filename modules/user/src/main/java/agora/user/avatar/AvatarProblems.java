package agora.user.avatar;

import java.util.List;
import java.util.ResourceBundle;

import agora.platform.contract.ProblemKind;
import agora.platform.core.problem.Messages;
import agora.platform.core.problem.ProblemException;

/** The problems the avatar routes answer with; texts in {@code agora/user/avatar/messages*.properties}. */
final class AvatarProblems {
    static final Messages MESSAGES =
            Messages.of(locale -> ResourceBundle.getBundle("agora.user.avatar.messages", locale));

    static final ProblemKind EMPTY = new ProblemKind("avatar-empty", 400, "No image sent");
    static final ProblemKind MALFORMED_UPLOAD = new ProblemKind("avatar-malformed-upload", 400, "Malformed upload");
    static final ProblemKind TOO_LARGE = new ProblemKind("avatar-too-large", 413, "Image file too large");
    static final ProblemKind UNSUPPORTED_TYPE = new ProblemKind("avatar-unsupported-type", 415, "Unsupported image type");
    static final ProblemKind TYPE_MISMATCH =
            new ProblemKind("avatar-type-mismatch", 415, "Declared type differs from the image");
    static final ProblemKind TOO_MANY_PIXELS =
            new ProblemKind("avatar-too-many-pixels", 422, "Image dimensions too large");
    static final ProblemKind TRUNCATED = new ProblemKind("avatar-truncated", 422, "Image truncated");
    static final ProblemKind TRAILING_DATA = new ProblemKind("avatar-trailing-data", 422, "Data after the image");
    static final ProblemKind UNDECODABLE = new ProblemKind("avatar-undecodable", 422, "Image cannot be decoded");
    static final ProblemKind NOT_FOUND = new ProblemKind("avatar-not-found", 404, "No such avatar");
    static final ProblemKind THROTTLED = new ProblemKind("avatar-uploads-throttled", 429, "Too many avatar uploads");

    /** Every problem the avatar routes answer with: declared to the host, listed in the API document. */
    static final List<ProblemKind> ALL = List.of(EMPTY, MALFORMED_UPLOAD, TOO_LARGE, UNSUPPORTED_TYPE, TYPE_MISMATCH,
            TOO_MANY_PIXELS, TRUNCATED, TRAILING_DATA, UNDECODABLE, NOT_FOUND, THROTTLED);

    private AvatarProblems() {
    }

    static ProblemException problem(ProblemKind kind, String key, Object... args) {
        return new ProblemException(kind, MESSAGES.text(key, args));
    }
}
