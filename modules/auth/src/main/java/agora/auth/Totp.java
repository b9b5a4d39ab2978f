package agora.auth;

import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import agora.platform.contract.TerritoryCode;

/**
 * Time-based one-time passwords as RFC 6238 defines them and every authenticator app computes
 * them: HMAC-SHA1 over the number of 30-second steps since the epoch, dynamically truncated
 * (RFC 4226 section 5.3) to 6 digits. A code is accepted for its own step and one step either side
 * (clock drift and typing time, RFC 6238 section 5.2), and only for a step later than the last one
 * the account used, so no code works twice.
 */
final class Totp {
    /** Secret length: 160 bits, the HMAC-SHA1 block's natural key size (RFC 4226 section 4). */
    static final int SECRET_BYTES = 20;
    static final int DIGITS = 6;
    static final long STEP_SECONDS = 30;
    /** Steps accepted either side of the current one. */
    static final int WINDOW = 1;
    /** What the authenticator app shows as the account's issuer. */
    static final String ISSUER = "Agora";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private Totp() {
    }

    /** A new random secret. */
    static byte[] newSecret() {
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        return secret;
    }

    /** The time step an instant falls in. */
    static long step(Instant instant) {
        return Math.floorDiv(instant.getEpochSecond(), STEP_SECONDS);
    }

    /** The {@value #DIGITS}-digit code of a step. */
    static String code(byte[] secret, long step) {
        return code(secret, step, DIGITS);
    }

    /** The code of a step with the given number of digits (RFC 6238's test vectors have 8). */
    static String code(byte[] secret, long step, int digits) {
        if (digits < 1 || digits >= POWERS.length) {
            throw new IllegalArgumentException("digits must be between 1 and " + (POWERS.length - 1));
        }
        byte[] hash;
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret, "HmacSHA1"));
            hash = mac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(step).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA1", e);
        }
        int offset = hash[hash.length - 1] & 0x0f;
        int binary = (hash[offset] & 0x7f) << 24 | (hash[offset + 1] & 0xff) << 16
                | (hash[offset + 2] & 0xff) << 8 | hash[offset + 3] & 0xff;
        String code = Integer.toString(binary % POWERS[digits]);
        return "0".repeat(digits - code.length()) + code;
    }

    /**
     * The step a presented code belongs to, if it is the code of the current step or one either side
     * and that step is later than {@code after}.
     *
     * @param secret the account's secret
     * @param code   the presented code, {@value #DIGITS} digits
     * @param now    the verifier's time
     * @param after  the last step the account used, if any
     * @return the matching step; empty for a wrong, too old or already used code
     */
    static OptionalLong match(byte[] secret, String code, Instant now, OptionalLong after) {
        long current = step(now);
        byte[] presented = code.getBytes(StandardCharsets.US_ASCII);
        OptionalLong found = OptionalLong.empty();
        // Every candidate is computed and compared, so the timing does not tell which step matched.
        for (long step = current - WINDOW; step <= current + WINDOW; step++) {
            boolean equal = MessageDigest.isEqual(code(secret, step).getBytes(StandardCharsets.US_ASCII), presented);
            if (equal && found.isEmpty() && (after.isEmpty() || step > after.getAsLong())) {
                found = OptionalLong.of(step);
            }
        }
        return found;
    }

    /** The secret as authenticator apps take it: RFC 4648 base32, upper case, no padding. */
    static String base32(byte[] bytes) {
        return Base32.encode(bytes, Base32.RFC_4648);
    }

    /**
     * The key URI an authenticator app reads from a QR code: {@code otpauth://totp/Agora%20(<CC>):<email>?…}.
     *
     * @param territory the territory, so members of several tell their entries apart
     * @param email     the account's address
     * @param secret    the secret
     * @return the URI
     */
    static String uri(TerritoryCode territory, String email, byte[] secret) {
        String label = encode(ISSUER + " (" + territory.value().toUpperCase(Locale.ROOT) + ")") + ":" + encode(email);
        return "otpauth://totp/" + label + "?secret=" + base32(secret) + "&issuer=" + encode(ISSUER)
                + "&algorithm=SHA1&digits=" + DIGITS + "&period=" + STEP_SECONDS;
    }

    /** Percent-encoding for the URI's path and query (a space is %20, not +; @ and parentheses stay). */
    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20")
                .replace("%40", "@").replace("%28", "(").replace("%29", ")");
    }
}
