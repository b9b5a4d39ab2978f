package agora.user.profile;

import java.util.Locale;
import java.util.regex.Pattern;

/** Handles ({@code @name}): their form, and the key that makes them unique regardless of case. */
final class Handles {
    static final int MIN = 3;
    static final int MAX = 30;
    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9_]{" + MIN + "," + MAX + "}");

    private Handles() {
    }

    /** Whether a handle (without its {@code @}) has the allowed form: ASCII letters, digits and underscores. */
    static boolean valid(String handle) {
        return FORM.matcher(handle).matches();
    }

    /** The handle without a leading {@code @}, as people often type it. */
    static String bare(String handle) {
        return handle.startsWith("@") ? handle.substring(1) : handle;
    }

    /** The uniqueness key: lower case, so {@code @Anna} and {@code @anna} are one handle. */
    static String key(String handle) {
        return handle.toLowerCase(Locale.ROOT);
    }
}
