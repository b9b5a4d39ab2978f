package agora.platform.core.problem;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.Objects;
import java.util.ResourceBundle;
import java.util.function.Function;

/**
 * One module's translated texts, read from its own resource bundle.
 *
 * <p>Each module creates one instance with a loader lambda written in that module, so the bundle
 * is looked up in the caller's module without opening its packages:
 * {@code Messages.of(locale -> ResourceBundle.getBundle("agora.territory.messages", locale))}.
 * The base bundle is English; {@code _da}, {@code _nb}, {@code _nn}, {@code _sv} files add
 * languages. A missing translation falls back to English, never to the JVM's default locale.
 */
public final class Messages {
    private final Function<Locale, ResourceBundle> loader;

    private Messages(Function<Locale, ResourceBundle> loader) {
        this.loader = loader;
    }

    /**
     * Messages read through the given loader.
     *
     * @param loader calls {@code ResourceBundle.getBundle(name, locale)} from inside the owning module
     * @return the module's messages
     */
    public static Messages of(Function<Locale, ResourceBundle> loader) {
        return new Messages(Objects.requireNonNull(loader));
    }

    /**
     * A text to be rendered later in the reader's language.
     *
     * @param key  bundle key
     * @param args {@link MessageFormat} arguments
     * @return the text
     */
    public Text text(String key, Object... args) {
        return new Text(this, key, args.clone());
    }

    String format(String key, Locale language, Object... args) {
        ResourceBundle bundle = bundleFor(language);
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            try {
                pattern = bundleFor(Locale.ROOT).getString(key);
            } catch (MissingResourceException missing) {
                // A missing key is a programming error, but the client still deserves a sentence.
                return key;
            }
        }
        return new MessageFormat(pattern, language).format(args);
    }

    private ResourceBundle bundleFor(Locale language) {
        ResourceBundle bundle = loader.apply(language);
        // getBundle falls back to the JVM's default locale when the language has no file;
        // English (the base bundle) is the only fallback we want.
        String found = bundle.getLocale().getLanguage();
        if (!found.isEmpty() && !found.equals(language.getLanguage())) {
            return loader.apply(Locale.ROOT);
        }
        return bundle;
    }
}
