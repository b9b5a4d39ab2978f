package agora.platform.host;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short-lived tokens with which services deployed apart call each other's internal listeners:
 * {@code v1.<caller>.<expiry epoch seconds>.<HMAC-SHA256>} under a secret every service of the pod
 * shares ({@code agora.internal.secret}). A token names its caller, so the callee logs who asked,
 * and expires within minutes, so a leaked one is of little use.
 */
final class ServiceTokens {
    /** How long a token lives. */
    static final Duration LIFETIME = Duration.ofMinutes(5);
    /** Shortest secret accepted: 256 bits written as text. */
    static final int MIN_SECRET_LENGTH = 32;

    private final byte[] secret;
    private final String caller;
    private final Clock clock;
    private volatile Issued issued = new Issued("", Instant.EPOCH);

    ServiceTokens(String secret, String caller, Clock clock) {
        if (secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("agora.internal.secret must have at least " + MIN_SECRET_LENGTH
                    + " characters");
        }
        if (!caller.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("a caller is a service name: " + caller);
        }
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.caller = caller;
        this.clock = clock;
    }

    /** A token to send, renewed when less than half its life is left. */
    String current() {
        Issued current = issued;
        Instant now = clock.instant();
        if (current.expires().minus(LIFETIME.dividedBy(2)).isAfter(now)) {
            return current.token();
        }
        Instant expires = now.plus(LIFETIME);
        String payload = "v1." + caller + "." + expires.getEpochSecond();
        Issued renewed = new Issued(payload + "." + mac(payload), expires);
        issued = renewed;
        return renewed.token();
    }

    /**
     * The caller a presented token names, when it is well-formed, signed with the shared secret and
     * not expired (nor dated implausibly far ahead).
     *
     * @param token the bearer token
     * @return the calling service, empty when the token is refused
     */
    Optional<String> verify(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 4 || !parts[0].equals("v1") || !parts[1].matches("[a-z][a-z0-9_]*")) {
            return Optional.empty();
        }
        String payload = parts[0] + "." + parts[1] + "." + parts[2];
        if (!MessageDigest.isEqual(mac(payload).getBytes(StandardCharsets.US_ASCII),
                parts[3].getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        long expiry;
        try {
            expiry = Long.parseLong(parts[2]);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Instant expires = Instant.ofEpochSecond(expiry);
        if (!expires.isAfter(now) || expires.isAfter(now.plus(LIFETIME).plus(LIFETIME))) {
            return Optional.empty();
        }
        return Optional.of(parts[1]);
    }

    private String mac(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private record Issued(String token, Instant expires) {
    }
}
