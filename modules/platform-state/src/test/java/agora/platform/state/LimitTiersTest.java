package agora.platform.state;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tiers as operators write them in configuration, and the message when one is wrong. */
class LimitTiersTest {

    @Test
    void tiersAreReadInOrderWithSpacesAllowed() {
        assertEquals(List.of(new RateLimiter.Limit(5, Duration.ofMinutes(1)), new RateLimiter.Limit(20, Duration.ofHours(1))),
                RateLimiter.Limit.tiers("agora.x.limit", "5/PT1M, 20/PT1H"));
    }

    @Test
    void aTierThatIsNotALimitIsRefusedNamingTheSettingAndTheTier() {
        for (String wrong : List.of("5", "five/PT1M", "5/1m", "0/PT1M", "5/PT0S", "5/PT1M/PT1H", "", "5/PT1M,")) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> RateLimiter.Limit.tiers("agora.x.limit", wrong), wrong);
            assertTrue(refused.getMessage().startsWith("agora.x.limit: '"), refused.getMessage());
            assertTrue(refused.getMessage().contains("is not <permits>/<ISO-8601 duration>"), refused.getMessage());
        }
    }
}
