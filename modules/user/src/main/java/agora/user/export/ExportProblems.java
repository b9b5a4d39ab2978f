package agora.user.export;

import java.util.List;
import java.util.ResourceBundle;

import agora.platform.contract.ProblemKind;
import agora.platform.core.problem.Messages;

/** The problems the export answers with; texts in {@code agora/user/messages*.properties}. */
final class ExportProblems {
    static final Messages MESSAGES = Messages.of(locale -> ResourceBundle.getBundle("agora.user.messages", locale));

    static final ProblemKind EXPORT_IN_PROGRESS = new ProblemKind("export-in-progress", 409, "Export in progress");

    /** Every kind of the export's own, for {@code mount.problems}. */
    static final List<ProblemKind> ALL = List.of(EXPORT_IN_PROGRESS);

    private ExportProblems() {
    }
}
