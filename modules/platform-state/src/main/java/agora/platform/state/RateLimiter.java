package agora.platform.state;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Counts attempts per key (an account, a client address, a route — the caller chooses) and says
 * whether one more is allowed within the limit.
 */
public interface RateLimiter {

    /**
     * Takes one permit for the key if the limit allows it.
     *
     * @param key   what is being limited
     * @param limit how many permits per window
     * @return the decision, with the remaining permits or the wait before the next one
     * @throws StateUnavailableException when the backend cannot be reached
     */
    Decision acquire(String key, Limit limit);

    /**
     * Takes one permit under each of several limits in one step: all of them, or none when any is
     * used up (then nothing is recorded under any key, so refused attempts never extend a wait).
     * Checking and taking are atomic across every caller and instance: of many attempts at once,
     * exactly as many are granted as the tightest limit has permits left. What an attempt that must
     * fit several limits needs (a login: the account's tiers and the client address's), when it is
     * counted before its outcome is known and no attempt may slip in between check and count.
     *
     * @param tiers the keys and their limits, each key at most once
     * @return the reservation: granted (its permits count until they leave their windows, or until
     *         {@link #release} gives them back), or refused with the wait until every limit has a permit
     * @throws StateUnavailableException when the backend cannot be reached
     * @throws IllegalArgumentException  when there are no tiers or a key repeats
     */
    Reservation reserve(List<Tier> tiers);

    /**
     * Gives a granted reservation's permits back: the attempt turned out not to count (it
     * succeeded where only failures count, or it was never judged). Nothing for a refused
     * reservation, nor for keys {@linkplain #reset reset} since.
     *
     * @param reservation what {@link #reserve} answered
     * @throws StateUnavailableException when the backend cannot be reached
     */
    default void release(Reservation reservation) {
        release(reservation, List.of());
    }

    /**
     * Gives a granted reservation's permits back and forgets the history of some keys, in one step
     * (one round trip to a shared backend): what a successful login does with its own permit and
     * the account's failures. The keys are forgotten whether or not the reservation was granted.
     *
     * @param reservation what {@link #reserve} answered
     * @param reset       keys whose history is forgotten, as given to {@link #reserve} or {@link #acquire}
     * @throws StateUnavailableException when the backend cannot be reached
     */
    void release(Reservation reservation, List<String> reset);

    /**
     * Forgets a key's history (after a successful login, say).
     *
     * @param key what was being limited
     */
    void reset(String key);

    /**
     * A key and its limit, one part of a {@link #reserve reservation}.
     *
     * @param key   what is being limited
     * @param limit how many permits per window
     */
    record Tier(String key, Limit limit) {
        public Tier {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(limit, "limit");
        }

        /**
         * One tier per limit for the same key, each counted apart ({@code key:0}, {@code key:1} …).
         *
         * @param key    what is counted (a member, an address)
         * @param limits its limits, e.g. from {@link Limit#tiers}
         * @return the tiers, in the limits' order
         */
        public static List<Tier> each(String key, List<Limit> limits) {
            List<Tier> tiers = new ArrayList<>(limits.size());
            for (int tier = 0; tier < limits.size(); tier++) {
                tiers.add(new Tier(key + ":" + tier, limits.get(tier)));
            }
            return List.copyOf(tiers);
        }
    }

    /**
     * The answer to {@link #reserve}: granted, or refused with the wait. A granted one remembers
     * which permits it holds, for {@link #release}.
     */
    final class Reservation {
        private final boolean allowed;
        private final Duration retryAfter;
        private final String permit;
        private final List<String> keys;

        private Reservation(boolean allowed, Duration retryAfter, String permit, List<String> keys) {
            this.allowed = allowed;
            this.retryAfter = retryAfter;
            this.permit = permit;
            this.keys = List.copyOf(keys);
        }

        static Reservation granted(String permit, List<String> keys) {
            return new Reservation(true, Duration.ZERO, permit, keys);
        }

        static Reservation refused(Duration retryAfter) {
            return new Reservation(false, retryAfter, "", List.of());
        }

        /** Whether every permit was granted. */
        public boolean allowed() {
            return allowed;
        }

        /** When refused: how long until every limit has a permit free; zero when granted. */
        public Duration retryAfter() {
            return retryAfter;
        }

        /**
         * When refused: the wait in whole seconds, rounded up and at least 1, as a
         * {@code Retry-After} header and a message to a person give it.
         */
        public long retryAfterSeconds() {
            return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        }

        /** The permits' identity in each log (implementation detail). */
        String permit() {
            return permit;
        }

        /** The keys, as the implementation stores them, that hold the permit. */
        List<String> keys() {
            return keys;
        }

        @Override
        public String toString() {
            return allowed ? "Reservation[granted]" : "Reservation[refused, retryAfter=" + retryAfter + "]";
        }
    }

    /**
     * A limit: at most {@code permits} within any {@code window}.
     *
     * @param permits permits per window, positive
     * @param window  the window, positive
     */
    record Limit(int permits, Duration window) {
        public Limit {
            if (permits < 1 || window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("a limit needs positive permits and window");
            }
        }

        /**
         * Reads tiers as operators write them in configuration: {@code 5/PT1M,20/PT1H}, each
         * permits, a slash and an ISO-8601 duration.
         *
         * @param setting the setting's full name, for the message when it is wrong
         * @param text    the setting's value
         * @return the tiers, at least one
         * @throws IllegalArgumentException naming the setting and the tier that is not a limit
         */
        public static List<Limit> tiers(String setting, String text) {
            List<Limit> tiers = new ArrayList<>();
            for (String tier : text.split(",", -1)) {
                String[] parts = tier.strip().split("/", -1);
                try {
                    if (parts.length != 2) {
                        throw new IllegalArgumentException(tier);
                    }
                    tiers.add(new Limit(Integer.parseInt(parts[0].strip()), Duration.parse(parts[1].strip())));
                } catch (IllegalArgumentException | DateTimeParseException e) {
                    throw new IllegalArgumentException(setting + ": '" + tier.strip()
                            + "' is not <permits>/<ISO-8601 duration>, e.g. 5/PT1M", e);
                }
            }
            return List.copyOf(tiers);
        }
    }

    /**
     * The answer to one attempt.
     *
     * @param allowed    whether the permit was granted
     * @param remaining  permits left in the window after this one
     * @param retryAfter when refused: how long until a permit is free; zero when allowed
     */
    record Decision(boolean allowed, int remaining, Duration retryAfter) {
    }
}
