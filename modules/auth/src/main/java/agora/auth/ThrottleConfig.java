package agora.auth;

import java.time.Duration;
import java.util.List;

import agora.platform.state.RateLimiter;

import io.helidon.config.Config;

/**
 * The throttling tiers, from {@code agora.auth.throttle}: each a comma-separated list of
 * {@code <permits>/<ISO-8601 window>}, e.g. {@code 5/PT1M,10/PT15M,20/PT1H}.
 *
 * @param accountFailures failed logins per account (email) from one client address before it waits
 * @param accountLock     failed logins per account from all addresses: the lock a spread-out guesser meets
 * @param addressFailures failed logins per client address (lenient: many people share an address)
 * @param registrations   registrations per client address
 * @param invitationChecks public invitation checks per client address
 * @param recoveryRequests password-reset (and email-change) requests per client address
 * @param resetMails      password-reset mails per account, whoever asks from wherever
 */
record ThrottleConfig(List<RateLimiter.Limit> accountFailures, List<RateLimiter.Limit> accountLock,
                      List<RateLimiter.Limit> addressFailures,
                      List<RateLimiter.Limit> registrations, List<RateLimiter.Limit> invitationChecks,
                      List<RateLimiter.Limit> recoveryRequests, List<RateLimiter.Limit> resetMails) {
    /** ASVS 4.0 (2.2.1) bounded failed attempts at 100 an hour per account; 5.0 leaves the figure to us. */
    static final int ASVS_HOURLY_BOUND = 100;

    ThrottleConfig {
        accountFailures = List.copyOf(accountFailures);
        accountLock = List.copyOf(accountLock);
        addressFailures = List.copyOf(addressFailures);
        registrations = List.copyOf(registrations);
        invitationChecks = List.copyOf(invitationChecks);
        recoveryRequests = List.copyOf(recoveryRequests);
        resetMails = List.copyOf(resetMails);
        long hourly = java.util.stream.Stream.concat(accountFailures.stream(), accountLock.stream())
                .filter(limit -> limit.window().compareTo(Duration.ofHours(1)) >= 0)
                .mapToLong(RateLimiter.Limit::permits).min().orElse(Long.MAX_VALUE);
        if (hourly >= ASVS_HOURLY_BOUND) {
            throw new IllegalArgumentException("agora.auth.throttle.account-lock needs a tier of an hour or more "
                    + "with fewer than " + ASVS_HOURLY_BOUND + " failures");
        }
    }

    static ThrottleConfig from(Config throttle) {
        return new ThrottleConfig(
                tiers(throttle, "account-failures", "5/PT1M,10/PT15M,20/PT1H"),
                tiers(throttle, "account-lock", "50/PT1H"),
                tiers(throttle, "address-failures", "30/PT1M,100/PT15M,300/PT1H"),
                tiers(throttle, "registrations", "10/PT1M,50/PT1H"),
                tiers(throttle, "invitation-checks", "30/PT1M,200/PT1H"),
                tiers(throttle, "recovery-requests", "5/PT15M,20/PT1H"),
                tiers(throttle, "reset-mails", "3/PT1H,10/P1D"));
    }

    private static List<RateLimiter.Limit> tiers(Config throttle, String key, String fallback) {
        return RateLimiter.Limit.tiers("agora.auth.throttle." + key, throttle.get(key).asString().orElse(fallback));
    }
}
