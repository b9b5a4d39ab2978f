package agora.auth;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Single-use recovery codes, for when the authenticator app is lost: {@value #COUNT} at a time, each
 * 80 random bits written as 16 characters of Crockford's base32 in groups of four
 * ({@code 7k2m-q9xd-…}). Typing is forgiving: case, spaces and hyphens do not matter, and {@code i},
 * {@code l} and {@code o} read as {@code 1}, {@code 1} and {@code 0}.
 *
 * <p>Stored as the SHA-256 of the normalised code. A slow hash would add nothing: 80 random bits
 * cannot be guessed offline from a fast hash either (unlike a password, which needs Argon2), and a
 * code is checked at every use.
 */
final class RecoveryCodes {
    static final int COUNT = 10;
    static final int BYTES = 10;
    static final int LENGTH = BYTES * 8 / 5;
    /** Longest input considered: the code with a separator between every character. */
    static final int MAX_TYPED = 2 * LENGTH;

    private static final String ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    private RecoveryCodes() {
    }

    /** A fresh set of codes, as shown to the member once. */
    static List<String> generate() {
        List<String> codes = new ArrayList<>(COUNT);
        for (int i = 0; i < COUNT; i++) {
            byte[] random = new byte[BYTES];
            RANDOM.nextBytes(random);
            codes.add(grouped(Base32.encode(random, ALPHABET)));
        }
        return List.copyOf(codes);
    }

    /**
     * A typed code in its stored form, if it can be a code at all.
     *
     * @param typed what the member typed
     * @return 16 lower-case characters of the alphabet; empty for anything else
     */
    static Optional<String> normalise(String typed) {
        if (typed == null || typed.length() > MAX_TYPED) {
            return Optional.empty();
        }
        StringBuilder code = new StringBuilder(LENGTH);
        for (char c : typed.toLowerCase(Locale.ROOT).toCharArray()) {
            if (c == '-' || c == ' ') {
                continue;
            }
            char read = switch (c) {
                case 'i', 'l' -> '1';
                case 'o' -> '0';
                default -> c;
            };
            if (ALPHABET.indexOf(read) < 0) {
                return Optional.empty();
            }
            code.append(read);
        }
        return code.length() == LENGTH ? Optional.of(code.toString()) : Optional.empty();
    }

    /** The stored form's hash. */
    static byte[] hash(String normalised) {
        return Secrets.hash(normalised);
    }

    private static String grouped(String code) {
        return String.join("-", code.substring(0, 4), code.substring(4, 8), code.substring(8, 12),
                code.substring(12, 16));
    }
}
