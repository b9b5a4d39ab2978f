package agora.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import agora.platform.contract.ProblemKind;
import agora.platform.contract.TerritoryCode;
import agora.platform.core.problem.ProblemException;
import agora.platform.state.RateLimiter;
import agora.platform.state.RateLimiter.Reservation;
import agora.platform.state.RateLimiter.Tier;

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
 * cost of a temporary lock anyone can cause with that many failures.
 *
 * <p>An attempt takes its permit under every tier before the password is checked, in one atomic
 * step ({@link RateLimiter#reserve}): however many attempts arrive at once, a tier of N lets exactly
 * N passwords be checked, and a refused attempt (429 with {@code Retry-After}) costs no hash and
 * takes nothing. A wrong password keeps its permits: they are the count of failures. A right one
 * clears the account's tiers and gives its permit under the address's back (one valid account must
 * not buy fresh guesses elsewhere, and the address tiers count failures only); an attempt that is
 * never judged (the hasher was full) gives every permit back (decision 83). Registration, invitation
 * checks and recovery requests are limited per address, and reset mails per account.
 */
final class Throttle {
    /** Wrong passwords given by a signed-in account (before grave changes) count apart from logins. */
    private static final String CONFIRM = ":confirm";

    private final RateLimiter limiter;
    private final ThrottleConfig config;

    Throttle(RateLimiter limiter, ThrottleConfig config) {
        this.limiter = limiter;
        this.config = config;
    }

    ThrottleConfig config() {
        return config;
    }

    /**
     * Takes a login attempt's permits under the account's and the address's tiers, before the
     * password is checked.
     *
     * @return the attempt, to be told how it ended
     * @throws ProblemException 429 with {@code Retry-After} while a tier is used up
     */
    Attempt login(TerritoryCode territory, String email, String address) {
        String account = accountKey(territory, email);
        List<Tier> fromHere = Tier.each(account + ":from:" + address, config.accountFailures());
        List<Tier> everywhere = Tier.each(account, config.accountLock());
        List<Tier> tiers = new ArrayList<>(fromHere);
        tiers.addAll(everywhere);
        tiers.addAll(Tier.each("login-address:" + cc(territory) + ":" + address, config.addressFailures()));
        // A right password forgets the account's failures (the per-address account tiers and the account-wide ones).
        List<String> failures = new ArrayList<>();
        fromHere.forEach(tier -> failures.add(tier.key()));
        everywhere.forEach(tier -> failures.add(tier.key()));
        return new Attempt(reserve(tiers), failures);
    }

    /**
     * Takes a permit for checking a signed-in account's password before a grave change (the
     * account's tiers, apart from logins).
     *
     * @throws ProblemException 429 with {@code Retry-After} while the account's tiers are used up
     */
    Attempt confirmation(TerritoryCode territory, String email) {
        return new Attempt(reserve(Tier.each(accountKey(territory, email) + CONFIRM, config.accountFailures())), List.of());
    }

    /**
     * Takes one permit for an action limited per client address (registration, invitation checks,
     * recovery requests), refusing with 429 when the address has used them up. Called once the
     * request has passed validation: a request refused as invalid costs nothing.
     *
     * @param action the action's name, e.g. {@code register}
     */
    void perAddress(String action, TerritoryCode territory, String address, List<RateLimiter.Limit> limits) {
        reserve(Tier.each(action + ":" + cc(territory) + ":" + address, limits));
    }

    /**
     * Takes a permit for mailing a password-reset link to an account; no 429, as the request was
     * answered long before (its answer must not tell whether the address has an account).
     *
     * @return whether the mail may go out
     */
    boolean resetMail(TerritoryCode territory, UUID account) {
        return limiter.reserve(Tier.each("reset-mail:" + cc(territory) + ":" + account, config.resetMails())).allowed();
    }

    private Reservation reserve(List<Tier> tiers) {
        Reservation reservation = limiter.reserve(tiers);
        if (!reservation.allowed()) {
            throw refused(reservation);
        }
        return reservation;
    }

    private static ProblemException refused(Reservation refusal) {
        long seconds = refusal.retryAfterSeconds();
        return new ProblemException(ProblemKind.TOO_MANY_REQUESTS, AuthProblems.MESSAGES.text("throttled", seconds))
                .header("Retry-After", Long.toString(seconds));
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

    /**
     * A password check that holds its permits. A wrong password needs no call: its permits stay as
     * the count of failures.
     */
    final class Attempt {
        private final Reservation reservation;
        private final List<String> forgottenOnSuccess;

        private Attempt(Reservation reservation, List<String> forgottenOnSuccess) {
            this.reservation = reservation;
            this.forgottenOnSuccess = forgottenOnSuccess;
        }

        /**
         * The password was right: this permit is given back, and after a login the account's
         * failures are forgotten (not the address's).
         */
        void succeeded() {
            // One round trip: the permit back and the account's failures forgotten.
            limiter.release(reservation, forgottenOnSuccess);
        }

        /** The password was never judged (the hasher was full, a backend failed): nothing counts. */
        void abandoned() {
            limiter.release(reservation);
        }
    }
}
