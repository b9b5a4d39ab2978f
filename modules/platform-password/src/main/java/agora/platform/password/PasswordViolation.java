package agora.platform.password;

import java.util.Map;
import java.util.Objects;

/**
 * One reason {@link PasswordPolicy} refuses a password: a machine code for the field error, and the
 * numbers a localized message needs ("use at least {min} characters").
 *
 * @param kind       what is wrong
 * @param parameters {@code min} for {@link Kind#TOO_SHORT}, {@code max} for {@link Kind#TOO_LONG},
 *                   none otherwise
 */
public record PasswordViolation(Kind kind, Map<String, Integer> parameters) {

    /** Copies the parameters. */
    public PasswordViolation {
        Objects.requireNonNull(kind, "kind");
        parameters = Map.copyOf(parameters);
    }

    /**
     * The machine code, as in a problem's {@code errors[].code}.
     *
     * @return {@code too-short}, {@code too-long}, {@code common} or {@code personal}
     */
    public String code() {
        return kind.code();
    }

    /** What is wrong with a password. */
    public enum Kind {
        /** Fewer code points than the minimum; parameter {@code min}. */
        TOO_SHORT("too-short"),
        /** More code points than the maximum; parameter {@code max}. */
        TOO_LONG("too-long"),
        /** On the list of common passwords, or a single repeated pattern or run of characters. */
        COMMON("common"),
        /** Contains the user's e-mail address, its local part, or the display name. */
        PERSONAL("personal");

        private final String code;

        Kind(String code) {
            this.code = code;
        }

        /**
         * The machine code.
         *
         * @return the kebab-case code
         */
        public String code() {
            return code;
        }
    }
}
