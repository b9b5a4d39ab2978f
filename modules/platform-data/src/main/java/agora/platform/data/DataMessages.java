package agora.platform.data;

import java.util.ResourceBundle;

import agora.platform.core.problem.Messages;

/** This module's texts: {@code agora/platform/data/messages*.properties}. */
public final class DataMessages {
    /** The bundle. */
    public static final Messages MESSAGES =
            Messages.of(locale -> ResourceBundle.getBundle("agora.platform.data.messages", locale));

    private DataMessages() {
    }
}
