package agora.platform.core.problem;

import java.util.Arrays;
import java.util.Locale;

/**
 * A translatable sentence: a key in one module's {@link Messages} with its arguments, rendered
 * when the response's language is known.
 */
public final class Text {
    private final Messages messages;
    private final String key;
    private final Object[] args;

    Text(Messages messages, String key, Object[] args) {
        this.messages = messages;
        this.key = key;
        this.args = args;
    }

    /**
     * This text in the given language (English when it has no translation).
     *
     * @param language the reader's language
     * @return the sentence
     */
    public String in(Locale language) {
        return messages.format(key, language, args);
    }

    /** The bundle key, for logs and tests. */
    public String key() {
        return key;
    }

    @Override
    public String toString() {
        return key + Arrays.toString(args);
    }
}
