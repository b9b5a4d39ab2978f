package agora.auth;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A pod with a reset or email-change link that cannot work refuses to start, naming the key: a
 * link lifetime of zero would mail links that never work, and a link page that is relative or
 * already holds a query would mail links no browser can follow.
 */
class RecoveryConfigTest {
    private static final URI PAGE = URI.create("https://agora.example/reset-password");
    private static final Duration HOUR = Duration.ofHours(1);

    @Test
    void theLinksLifetimesMustBePositive() {
        assertRefused("agora.auth.password-reset.lifetime must be positive", Duration.ZERO, PAGE, HOUR, PAGE);
        assertRefused("agora.auth.password-reset.lifetime must be positive", Duration.ofSeconds(-1), PAGE, HOUR, PAGE);
        assertRefused("agora.auth.email.change-lifetime must be positive", HOUR, PAGE, Duration.ZERO, PAGE);
        assertEquals(Duration.ofSeconds(1), new RecoveryConfig(Duration.ofSeconds(1), PAGE, HOUR, PAGE).resetLifetime());
    }

    @Test
    void theLinksPagesMustBeAbsoluteAndWithoutAQuery() {
        String reset = "agora.auth.password-reset.link must be an absolute URL without a query";
        String change = "agora.auth.email.change-link must be an absolute URL without a query";
        assertRefused(reset, HOUR, URI.create("/reset-password"), HOUR, PAGE);
        assertRefused(reset, HOUR, URI.create("https://agora.example/reset?x=1"), HOUR, PAGE);
        assertRefused(change, HOUR, PAGE, HOUR, URI.create("confirm-email"));
        assertRefused(change, HOUR, PAGE, HOUR, URI.create("https://agora.example/confirm?x=1"));
    }

    private static void assertRefused(String message, Duration resetLifetime, URI resetLink, Duration changeLifetime,
                                      URI changeLink) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new RecoveryConfig(resetLifetime, resetLink, changeLifetime, changeLink));
        assertEquals(message, refused.getMessage());
    }
}
