package agora.auth;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * One stored signing key.
 *
 * @param kid                 key id, published in the JWKS and in every token it signs
 * @param status              next, current or retired
 * @param publicJwk           the public half as a JWK (JSON)
 * @param privateKeyEncrypted the PKCS#8 private half, sealed by {@link KeySecret}
 * @param createdAt           when it was generated (and first published)
 * @param activatedAt         when it began to sign
 * @param retiredAt           when it stopped signing
 * @param expiresAt           when it stops being published
 */
record SigningKey(UUID kid, Status status, String publicJwk, byte[] privateKeyEncrypted, Instant createdAt,
                  Optional<Instant> activatedAt, Optional<Instant> retiredAt, Optional<Instant> expiresAt) {

    /** Where a key is in its life. */
    enum Status {
        NEXT, CURRENT, RETIRED;

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Status of(String wire) {
            return valueOf(wire.toUpperCase(Locale.ROOT));
        }
    }
}
