package agora.auth;

import java.text.Normalizer;
import java.util.Optional;
import java.util.regex.Pattern;

import agora.platform.core.problem.FieldError;
import agora.platform.core.problem.Validation;

/** The field rules several auth requests share, each adding its error to a {@link Validation}. */
final class Fields {
    static final int MAX_EMAIL = 254;
    static final int MAX_DISPLAY_NAME = 60;
    /** Longer input is refused before any lookup or hashing (the policy allows at most 1024 when configured so). */
    static final int MAX_PASSWORD = 1024;
    static final int MAX_TOKEN = 100;

    // Deliberately loose (RFC 5322 allows much more); the verification mail is the real check.
    private static final Pattern EMAIL = Pattern.compile("[^\\s@\\p{Cntrl}]{1,64}@[^\\s@\\p{Cntrl}]+\\.[^\\s@\\p{Cntrl}]+");

    private Fields() {
    }

    static Optional<String> email(Validation validation, String pointer, String email) {
        if (email == null || email.isBlank()) {
            validation.add(required(pointer));
            return Optional.empty();
        }
        String trimmed = email.strip();
        boolean valid = trimmed.length() <= MAX_EMAIL && EMAIL.matcher(trimmed).matches();
        validation.check(valid, FieldError.body(pointer, "invalid-email", AuthProblems.MESSAGES.text("field.email")));
        return valid ? Optional.of(trimmed) : Optional.empty();
    }

    /**
     * A display name, as others will see it and as {@code auth.user_registered} carries it: NFC, 1 to
     * {@value #MAX_DISPLAY_NAME} characters (code points) without surrounding space, no control
     * characters, no bidi controls (which could make a name read as another, or reorder what follows
     * it), and no email address in it (everyone sees the name).
     */
    static Optional<String> displayName(Validation validation, String pointer, String name) {
        if (name == null || name.isBlank()) {
            validation.add(required(pointer));
            return Optional.empty();
        }
        String normalised = Normalizer.normalize(name, Normalizer.Form.NFC).strip();
        int length = normalised.codePointCount(0, normalised.length());
        boolean valid = length <= MAX_DISPLAY_NAME
                && normalised.codePoints().noneMatch(Fields::controlOrBidi);
        if (!valid) {
            validation.add(FieldError.body(pointer, "invalid-display-name",
                    AuthProblems.MESSAGES.text("field.display-name", MAX_DISPLAY_NAME)));
            return Optional.empty();
        }
        if (EMAIL.matcher(normalised).find()) {
            validation.add(FieldError.body(pointer, "display-name-is-email",
                    AuthProblems.MESSAGES.text("field.display-name-email")));
            return Optional.empty();
        }
        return Optional.of(normalised);
    }

    /** Control characters (Cc), and the bidi marks, embeddings, overrides and isolates. */
    private static boolean controlOrBidi(int c) {
        return Character.getType(c) == Character.CONTROL || c == 0x061C || c == 0x200E || c == 0x200F
                || c >= 0x202A && c <= 0x202E || c >= 0x2066 && c <= 0x2069;
    }

    /** A new password: present here; {@link Passwords#check} applies the policy where the account's words are known. */
    static Optional<String> newPassword(Validation validation, String pointer, String password) {
        if (password == null || password.isEmpty()) {
            validation.add(required(pointer));
            return Optional.empty();
        }
        return Optional.of(password);
    }

    /** A password presented to sign in or confirm: any length up to the maximum. */
    static Optional<String> password(Validation validation, String pointer, String password) {
        if (password == null || password.isEmpty()) {
            validation.add(required(pointer));
            return Optional.empty();
        }
        boolean valid = password.length() <= MAX_PASSWORD;
        validation.check(valid, FieldError.body(pointer, "invalid-password",
                AuthProblems.MESSAGES.text("field.password", 1, MAX_PASSWORD)));
        return valid ? Optional.of(password) : Optional.empty();
    }

    /** A token we issued: its form is checked, its value is looked up by the caller. */
    static Optional<String> token(Validation validation, String pointer, String token) {
        if (token == null || token.isBlank()) {
            validation.add(required(pointer));
            return Optional.empty();
        }
        boolean valid = token.length() <= MAX_TOKEN && token.chars().allMatch(c -> c >= 'A' && c <= 'Z'
                || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_');
        validation.check(valid, FieldError.body(pointer, "invalid-token", AuthProblems.MESSAGES.text("field.token")));
        return valid ? Optional.of(token) : Optional.empty();
    }

    static FieldError required(String pointer) {
        return FieldError.body(pointer, "required", AuthProblems.MESSAGES.text("field.required"));
    }
}
