package agora.platform.host;

import java.util.ResourceBundle;

import agora.platform.core.problem.Messages;

/** The host's texts: details of problems about calls between services. */
final class HostMessages {
    static final Messages MESSAGES =
            Messages.of(locale -> ResourceBundle.getBundle("agora.platform.host.messages", locale));

    private HostMessages() {
    }
}
