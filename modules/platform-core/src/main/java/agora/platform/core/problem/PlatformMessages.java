package agora.platform.core.problem;

import java.util.ResourceBundle;

/** The platform's own texts: details of the common problem kinds and field errors. */
public final class PlatformMessages {
    /** The platform's message bundle, {@code agora/platform/web/problem/messages*.properties}. */
    public static final Messages MESSAGES =
            Messages.of(locale -> ResourceBundle.getBundle("agora.platform.core.problem.messages", locale));

    private PlatformMessages() {
    }

    /**
     * A platform text.
     *
     * @param key  bundle key
     * @param args arguments
     * @return the text
     */
    public static Text text(String key, Object... args) {
        return MESSAGES.text(key, args);
    }
}
