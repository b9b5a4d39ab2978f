package agora.platform.state;

import java.time.Duration;

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
     * Forgets a key's history (after a successful login, say).
     *
     * @param key what was being limited
     */
    void reset(String key);

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
