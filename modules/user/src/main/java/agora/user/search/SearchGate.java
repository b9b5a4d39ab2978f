package agora.user.search;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import agora.platform.contract.ProblemKind;
import agora.platform.contract.TerritoryCode;
import agora.platform.core.problem.ProblemException;
import agora.platform.state.RateLimiter;
import agora.user.UserProblems;

import io.helidon.config.Config;

/**
 * How often one caller may search ({@code agora.user.search.*}), counted in shared state across
 * instances: a member by their id, someone not signed in by their address. Search is the one route
 * that lists members by what a caller types, so a scraper walking the alphabet meets a limit long
 * before it has the territory's names; a person typing with the UI's pause between keys does not.
 */
final class SearchGate {
    private final RateLimiter limiter;
    private final List<RateLimiter.Limit> perMember;
    private final List<RateLimiter.Limit> perAddress;

    private SearchGate(RateLimiter limiter, List<RateLimiter.Limit> perMember, List<RateLimiter.Limit> perAddress) {
        this.limiter = limiter;
        this.perMember = perMember;
        this.perAddress = perAddress;
    }

    /**
     * Reads the limits.
     *
     * @param limiter the shared counter
     * @param search  the {@code agora.user.search} node: {@code per-member} (default
     *                {@code 120/PT1M,2000/PT1H}) and {@code anonymous-per-address} (default
     *                {@code 30/PT1M,300/PT1H})
     */
    static SearchGate from(RateLimiter limiter, Config search) {
        return new SearchGate(limiter,
                RateLimiter.Limit.tiers("agora.user.search.per-member",
                        search.get("per-member").asString().orElse("120/PT1M,2000/PT1H")),
                RateLimiter.Limit.tiers("agora.user.search.anonymous-per-address",
                        search.get("anonymous-per-address").asString().orElse("30/PT1M,300/PT1H")));
    }

    /**
     * Counts one search.
     *
     * @param territory the territory searched
     * @param member    the signed-in caller, if any
     * @param address   the caller's address (counted when nobody is signed in)
     * @throws ProblemException 429 {@code too-many-requests} with {@code Retry-After} past the limit
     */
    void enter(TerritoryCode territory, Optional<UUID> member, String address) {
        String key = member.map(id -> "member:" + territory.value().toLowerCase(Locale.ROOT) + ":" + id)
                .orElse("address:" + address);
        RateLimiter.Reservation reservation = limiter.reserve(
                RateLimiter.Tier.each(key, member.isPresent() ? perMember : perAddress));
        if (!reservation.allowed()) {
            long seconds = reservation.retryAfterSeconds();
            throw new ProblemException(ProblemKind.TOO_MANY_REQUESTS,
                    UserProblems.text("search.throttled", seconds))
                    .header("Retry-After", Long.toString(seconds));
        }
    }
}
