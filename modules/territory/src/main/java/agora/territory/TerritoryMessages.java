package agora.territory;

import java.util.ResourceBundle;

import agora.platform.core.problem.Messages;

/** This service's texts. */
final class TerritoryMessages {
    static final Messages MESSAGES =
            Messages.of(locale -> ResourceBundle.getBundle("agora.territory.messages", locale));

    private TerritoryMessages() {
    }
}
