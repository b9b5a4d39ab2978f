package agora.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import agora.platform.contract.ProblemKind;
import agora.platform.contract.TerritoryCode;
import agora.platform.core.problem.ProblemException;
import agora.platform.state.Cache;
import agora.platform.state.RateLimiter;

/**
 * Brute-force and abuse throttling in shared state (Redis: every instance sees the same counts, and
 * they survive a restart of the service).
 *
 * <p>Failed logins count against the account as tried from one client address (by email, whether or
 * not it exists, so a lock tells nothing about which addresses are registered), against the account
 * from everywhere, and against the address, each in tiers of growing windows: a few failures cost a
 * short wait, more a longer one. The per-address account tiers carry most of the defence, so a
 * stranger who knows someone's email can lock it only for themselves; the account-wide tier (by
 * default 50 an hour, half the bound ASVS 4.0 set) stops a guesser spread over many addresses at the
 * cost of a temporary lock anyone can cause with that many failures. A refused attempt is answered
 * 429 with {@code Retry-After} before any password is checked. A successful login clears the
 * account's tiers, never the address's (one valid account must not buy fresh guesses elsewhere).
 * Registration, invitation checks and recovery requests are limited per address.
 */
final class Throttle {
    private static final String BLOCKED = "blocked:";
    /** Wrong passwords given by a signed-in account (before grave changes) count apart from logins. */
    private static final String CONFIRM = ":confirm";

    private final RateLimiter limiter;
    private final Cache cache;
    private final ThrottleConfig config;
    private final Clock clock;

    Throttle(RateLimiter limiter, Cache cache, ThrottleConfig config, Clock clock) {
        this.limiter = limiter;
        this.cache = cache;
        this.config = config;
        this.clock = clock;
    }

    ThrottleConfig config() {
        return config;
    }

    /**
     * Refuses a login attempt while the account or the address is blocked.
     *
     * @throws ProblemException 429 with {@code Retry-After}
     */
    void beforeLogin(TerritoryCode territory, String email, String address) {
        for (String key : loginKeys(territory, email, address)) {
            blockedUntil(key).ifPresent(this::refuse);
        }
    }

    /** Refuses a password check of a signed-in account while the account is blocked. */
    void beforeAccount(TerritoryCode territory, String email) {
        blockedUntil(accountKey(territory, email) + CONFIRM).ifPresent(this::refuse);
    }

    /** Counts a wrong password given by a signed-in account (the account's tiers only). */
    void accountFailed(TerritoryCode territory, String email) {
        count(accountKey(territory, email) + CONFIRM, config.accountFailures());
    }

    /** Counts a failed login; when a tier overflows, the account or address is blocked for its wait. */
    void loginFailed(TerritoryCode territory, String email, String address) {
        List<String> keys = loginKeys(territory, email, address);
        count(keys.get(0), config.accountFailures());
        count(keys.get(1), config.accountLock());
        count(keys.get(2), config.addressFailures());
    }

    /** Clears the account's failures after a successful login (the address keeps its count). */
    void loginSucceeded(TerritoryCode territory, String email, String address) {
        List<String> keys = loginKeys(territory, email, address);
        clear(keys.get(0), config.accountFailures());
        clear(keys.get(1), config.accountLock());
    }

    private void clear(String key, List<RateLimiter.Limit> tiers) {
        for (int tier = 0; tier < tiers.size(); tier++) {
            limiter.reset(key + ":" + tier);
        }
        cache.delete(BLOCKED + key);
    }

    /**
     * Takes one permit for an action limited per client address (registration, invitation checks,
     * recovery requests), refusing with 429 when the address has used them up.
     *
     * @param action the action's name, e.g. {@code register}
     */
    void perAddress(String action, TerritoryCode territory, String address, List<RateLimiter.Limit> limits) {
        String key = action + ":" + cc(territory) + ":" + address;
        blockedUntil(key).ifPresent(this::refuse);
        for (int tier = 0; tier < limits.size(); tier++) {
            RateLimiter.Decision decision = limiter.acquire(key + ":" + tier, limits.get(tier));
            if (!decision.allowed()) {
                refuse(block(key, decision.retryAfter()));
            }
        }
    }

    private void count(String key, List<RateLimiter.Limit> tiers) {
        Duration longest = Duration.ZERO;
        for (int tier = 0; tier < tiers.size(); tier++) {
            RateLimiter.Decision decision = limiter.acquire(key + ":" + tier, tiers.get(tier));
            if (!decision.allowed() && decision.retryAfter().compareTo(longest) > 0) {
                longest = decision.retryAfter();
            }
        }
        if (!longest.isZero()) {
            block(key, longest);
        }
    }

    private Instant block(String key, Duration wait) {
        Instant until = clock.instant().plus(wait);
        cache.putString(BLOCKED + key, until.toString(), wait.plusSeconds(1));
        return until;
    }

    private Optional<Instant> blockedUntil(String key) {
        Instant now = clock.instant();
        return cache.getString(BLOCKED + key).flatMap(Throttle::instant).filter(now::isBefore);
    }

    private void refuse(Instant until) {
        long seconds = Math.max(1, (Duration.between(clock.instant(), until).toMillis() + 999) / 1000);
        throw new ProblemException(ProblemKind.TOO_MANY_REQUESTS, AuthProblems.MESSAGES.text("throttled", seconds))
                .header("Retry-After", Long.toString(seconds));
    }

    /** The account as tried from this address, the account from everywhere, and the address. */
    private static List<String> loginKeys(TerritoryCode territory, String email, String address) {
        List<String> keys = new ArrayList<>(3);
        keys.add(accountKey(territory, email) + ":from:" + address);
        keys.add(accountKey(territory, email));
        keys.add("login-address:" + cc(territory) + ":" + address);
        return keys;
    }

    /** The account's key: a hash of the normalised address, so Redis holds no email addresses. */
    private static String accountKey(TerritoryCode territory, String email) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(email.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return "login-account:" + cc(territory) + ":" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static String cc(TerritoryCode territory) {
        return territory.value().toLowerCase(Locale.ROOT);
    }

    private static Optional<Instant> instant(String text) {
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
