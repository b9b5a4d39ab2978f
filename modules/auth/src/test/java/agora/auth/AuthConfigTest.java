package agora.auth;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A pod whose session or link settings could not work refuses to start and names the key, and one
 * that sets nothing gets the documented defaults (docs/operations.md). Each bound is tried on both
 * sides: the last value accepted and the first refused.
 */
class AuthConfigTest {
    @Test
    void theDefaultsAreTheDocumentedOnes() {
        AuthConfig defaults = AuthConfig.from(config(Map.of()));
        assertEquals(Duration.ofMinutes(10), defaults.accessTokenLifetime());
        assertEquals(Duration.ofDays(14), defaults.refreshIdleTimeout());
        assertEquals(Duration.ofDays(60), defaults.refreshLifetime());
        assertEquals(Duration.ofSeconds(5), defaults.refreshGrace());
        assertEquals(Duration.ofDays(1), defaults.refreshReuseWindow());
        assertEquals(Duration.ofHours(48), defaults.verificationLifetime());
        assertEquals(URI.create("http://127.0.0.1:8080/verify-email"), defaults.verificationLink());
        assertEquals(Duration.ofDays(90), defaults.invitationLifetime());
        assertEquals(5, defaults.memberInvitationQuota());
        assertEquals(Duration.ofDays(7), defaults.bootstrapLifetime());
    }

    @Test
    void eachKeyIsReadFromItsPlace() {
        AuthConfig read = AuthConfig.from(config(Map.of("access-token-lifetime", "PT5M", "refresh.idle-timeout", "PT2H",
                "refresh.lifetime", "PT3H", "refresh.grace", "PT0S", "refresh.reuse-window", "PT1S",
                "email.verification-lifetime", "PT1H", "email.verification-link", "https://agora.example/verify",
                "invitations.max-lifetime", "P1D", "invitations.member-quota", "0",
                "invitations.bootstrap-lifetime", "PT30M")));
        assertEquals(new AuthConfig(Duration.ofMinutes(5), Duration.ofHours(2), Duration.ofHours(3), Duration.ZERO,
                Duration.ofSeconds(1), Duration.ofHours(1), URI.create("https://agora.example/verify"), Duration.ofDays(1),
                0, Duration.ofMinutes(30)), read);
    }

    @Test
    void everyLifetimeMustBePositive() {
        for (String key : new String[] {"access-token-lifetime", "refresh.idle-timeout", "refresh.lifetime",
                "email.verification-lifetime", "invitations.max-lifetime", "invitations.bootstrap-lifetime"}) {
            refused("agora.auth." + key + " must be positive", Map.of(key, "PT0S"));
            refused("agora.auth." + key + " must be positive", Map.of(key, "-PT1S"));
            Map<String, String> shortest = new HashMap<>(Map.of("refresh.idle-timeout", "PT1S"));
            shortest.put(key, "PT1S");
            assertEquals(Duration.ofSeconds(1), lifetime(AuthConfig.from(config(shortest)), key));
        }
    }

    @Test
    void theGraceIsAtMostThirtySecondsAndShorterThanTheReuseWindow() {
        String grace = "agora.auth.refresh.grace must be between 0 and 30 seconds";
        assertEquals(Duration.ofSeconds(30), AuthConfig.from(config(Map.of("refresh.grace", "PT30S"))).refreshGrace());
        assertEquals(Duration.ZERO, AuthConfig.from(config(Map.of("refresh.grace", "PT0S"))).refreshGrace());
        refused(grace, Map.of("refresh.grace", "PT30.001S"));
        refused(grace, Map.of("refresh.grace", "-PT0.001S"));
        String window = "agora.auth.refresh.reuse-window must be longer than agora.auth.refresh.grace";
        refused(window, Map.of("refresh.grace", "PT10S", "refresh.reuse-window", "PT10S"));
        refused(window, Map.of("refresh.grace", "PT10S", "refresh.reuse-window", "PT9S"));
        AuthConfig.from(config(Map.of("refresh.grace", "PT10S", "refresh.reuse-window", "PT10.001S")));
    }

    @Test
    void aSessionIdlesNoLongerThanItLives() {
        String message = "agora.auth.refresh.idle-timeout must not exceed agora.auth.refresh.lifetime";
        AuthConfig.from(config(Map.of("refresh.idle-timeout", "PT3H", "refresh.lifetime", "PT3H")));
        refused(message, Map.of("refresh.idle-timeout", "PT3H0.001S", "refresh.lifetime", "PT3H"));
    }

    @Test
    void theMemberQuotaMayBeZeroButNotNegative() {
        assertEquals(0, AuthConfig.from(config(Map.of("invitations.member-quota", "0"))).memberInvitationQuota());
        refused("agora.auth.invitations.member-quota must not be negative", Map.of("invitations.member-quota", "-1"));
    }

    @Test
    void theVerificationPageMustBeAbsoluteAndWithoutAQuery() {
        String message = "agora.auth.email.verification-link must be an absolute URL without a query";
        refused(message, Map.of("email.verification-link", "/verify-email"));
        refused(message, Map.of("email.verification-link", "https://agora.example/verify?x=1"));
        AuthConfig.from(config(Map.of("email.verification-link", "https://agora.example/verify")));
    }

    private static Duration lifetime(AuthConfig config, String key) {
        return switch (key) {
            case "access-token-lifetime" -> config.accessTokenLifetime();
            case "refresh.idle-timeout" -> config.refreshIdleTimeout();
            case "refresh.lifetime" -> config.refreshLifetime();
            case "email.verification-lifetime" -> config.verificationLifetime();
            case "invitations.max-lifetime" -> config.invitationLifetime();
            case "invitations.bootstrap-lifetime" -> config.bootstrapLifetime();
            default -> throw new IllegalArgumentException(key);
        };
    }

    private static void refused(String message, Map<String, String> settings) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> AuthConfig.from(config(settings)), settings.toString());
        assertEquals(message, refused.getMessage());
    }

    /** The {@code agora.auth} node holding these keys. */
    private static Config config(Map<String, String> settings) {
        Map<String, String> prefixed = new HashMap<>();
        settings.forEach((key, value) -> prefixed.put("agora.auth." + key, value));
        return Config.just(ConfigSources.create(prefixed)).get("agora.auth");
    }
}
