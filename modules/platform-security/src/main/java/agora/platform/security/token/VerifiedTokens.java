package agora.platform.security.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

/**
 * Tokens whose signature was already checked, so a client's next requests with the same token
 * skip the RSA verification. Keyed by the token's SHA-256 (the cache never holds a usable bearer
 * token), bounded in size, and each entry lives until its token's {@code exp}, never longer.
 * Entries age on the injected clock.
 */
final class VerifiedTokens {
    private final Cache<String, VerifiedToken> cache;
    private final Clock clock;

    VerifiedTokens(int maximumSize, Clock clock) {
        this.clock = clock;
        this.cache = Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .ticker(() -> nanos(clock.instant()))
                .expireAfter(Expiry.<String, VerifiedToken>creating(
                        (key, token) -> Duration.between(clock.instant(), token.expiresAt())))
                // Maintenance on the calling thread: no background work, deterministic in tests.
                .executor(Runnable::run)
                .build();
    }

    /** The cache key of a token. */
    static String key(String token) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    Optional<VerifiedToken> get(String key) {
        return Optional.ofNullable(cache.getIfPresent(key));
    }

    void put(String key, VerifiedToken token) {
        if (clock.instant().isBefore(token.expiresAt())) {
            cache.put(key, token);
        }
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
