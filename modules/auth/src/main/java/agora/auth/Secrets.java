package agora.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The bearer secrets auth hands out (refresh, invitation, verification and CSRF tokens): random,
 * URL-safe, and stored only as their SHA-256. A fast hash is enough here, unlike for passwords:
 * the tokens carry at least 128 random bits, so there is nothing to guess.
 */
final class Secrets {
    /** Refresh tokens: 256 bits. */
    static final int REFRESH_BYTES = 32;
    /** Invitation, verification and CSRF tokens: 128 bits or more. */
    static final int TOKEN_BYTES = 24;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private Secrets() {
    }

    /** A new random token of {@code bytes} bytes, base64url without padding. */
    static String token(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return ENCODER.encodeToString(random);
    }

    /** The stored form of a token. */
    static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Whether a presented token matches a stored hash, in constant time. */
    static boolean matches(String token, byte[] storedHash) {
        return MessageDigest.isEqual(hash(token), storedHash);
    }

    /** Whether a string can be one of our tokens at all: checked before any database look-up. */
    static boolean plausible(String token, int bytes) {
        return token != null && token.length() == (bytes * 8 + 5) / 6
                && token.chars().allMatch(c -> c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
                || c >= '0' && c <= '9' || c == '-' || c == '_');
    }
}
