package agora.user.export;

import java.time.Duration;
import java.util.List;

import agora.platform.state.RateLimiter;

import io.helidon.config.Config;

/**
 * How often and how many at once ({@code agora.user.export.*}).
 *
 * @param perMember  the member's exports per window, in tiers ({@code per-member: "3/PT1H,10/P1D"})
 * @param lease      how long one export holds the member's one slot at most (a crashed process's
 *                   slot frees itself after it)
 * @param concurrent how many exports this process assembles at once (each holds its archive in memory)
 */
record ExportSettings(List<RateLimiter.Limit> perMember, Duration lease, int concurrent) {

    /**
     * Reads the settings.
     *
     * @param export the {@code agora.user.export} node
     * @return the settings, defaults where unset
     */
    static ExportSettings from(Config export) {
        List<RateLimiter.Limit> limits = RateLimiter.Limit.tiers("agora.user.export.per-member",
                export.get("per-member").asString().orElse("3/PT1H,10/P1D"));
        return new ExportSettings(limits, export.get("lease").as(Duration.class).orElse(Duration.ofMinutes(5)),
                export.get("concurrent").asInt().orElse(2));
    }
}
