package agora.platform.security;

import java.util.ResourceBundle;

import agora.platform.core.problem.Messages;

/** This module's texts: {@code agora/platform/security/messages*.properties}. */
public final class SecurityMessages {
    /** The bundle. */
    public static final Messages MESSAGES =
            Messages.of(locale -> ResourceBundle.getBundle("agora.platform.security.messages", locale));

    private SecurityMessages() {
    }
}
