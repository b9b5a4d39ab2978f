package agora.platform.core;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The languages Agora writes its messages in, and the choice among them from
 * {@code Accept-Language}. English is the fallback; generic Norwegian ({@code no}) reads as
 * Bokmål.
 */
public final class Languages {
    /** Languages with message bundles, in order of preference when a client names none. */
    public static final List<Locale> SUPPORTED = List.of(
            Locale.ENGLISH,
            Locale.of("da"),
            Locale.of("nb"),
            Locale.of("nn"),
            Locale.of("sv"));

    private Languages() {
    }

    /**
     * The best supported language for an {@code Accept-Language} header.
     *
     * @param acceptLanguage the header value, if the request had one
     * @return a supported language, English when nothing matches or the header is malformed
     */
    public static Locale negotiate(Optional<String> acceptLanguage) {
        if (acceptLanguage.isEmpty() || acceptLanguage.get().isBlank()) {
            return Locale.ENGLISH;
        }
        try {
            // Generic Norwegian ("no", "no-NO") is written in Bokmål.
            List<Locale.LanguageRange> ranges = Locale.LanguageRange.parse(
                    acceptLanguage.get().replaceAll("(?i)(^|,)\\s*no(?=[-;,\\s]|$)", "$1nb"));
            Locale match = Locale.lookup(ranges, SUPPORTED);
            return match == null ? Locale.ENGLISH : Locale.of(match.getLanguage());
        } catch (IllegalArgumentException malformed) {
            // A malformed header is no reason to refuse the request; answer in English.
            return Locale.ENGLISH;
        }
    }
}
