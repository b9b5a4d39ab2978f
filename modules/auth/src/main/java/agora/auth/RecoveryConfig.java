package agora.auth;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

import io.helidon.config.Config;

/**
 * How password resets and email changes work: keys under the node {@code agora.auth}, beside
 * {@link AuthConfig}'s. Durations are ISO-8601.
 *
 * @param resetLifetime       how long a password-reset link works ({@code password-reset.lifetime}, 30 minutes)
 * @param resetLink           the page a reset mail links to; {@code ?territory=…&token=…} is appended
 *                            ({@code password-reset.link})
 * @param emailChangeLifetime how long an email-change link works ({@code email.change-lifetime}, 24 hours)
 * @param emailChangeLink     the page an email-change mail links to; {@code ?territory=…&token=…} is
 *                            appended ({@code email.change-link})
 */
record RecoveryConfig(Duration resetLifetime, URI resetLink, Duration emailChangeLifetime, URI emailChangeLink) {

    RecoveryConfig {
        Objects.requireNonNull(resetLink, "resetLink");
        Objects.requireNonNull(emailChangeLink, "emailChangeLink");
        positive(resetLifetime, "password-reset.lifetime");
        positive(emailChangeLifetime, "email.change-lifetime");
        page(resetLink, "password-reset.link");
        page(emailChangeLink, "email.change-link");
    }

    /**
     * The configuration under {@code agora.auth}, defaults where a key is absent.
     *
     * @param auth the {@code agora.auth} node
     * @return the configuration
     */
    static RecoveryConfig from(Config auth) {
        return new RecoveryConfig(
                auth.get("password-reset.lifetime").as(Duration.class).orElse(Duration.ofMinutes(30)),
                URI.create(auth.get("password-reset.link").asString().orElse("http://127.0.0.1:8080/reset-password")),
                auth.get("email.change-lifetime").as(Duration.class).orElse(Duration.ofHours(24)),
                URI.create(auth.get("email.change-link").asString().orElse("http://127.0.0.1:8080/confirm-email")));
    }

    private static void positive(Duration duration, String key) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("agora.auth." + key + " must be positive");
        }
    }

    private static void page(URI link, String key) {
        if (!link.isAbsolute() || link.getRawQuery() != null) {
            throw new IllegalArgumentException("agora.auth." + key + " must be an absolute URL without a query");
        }
    }
}
