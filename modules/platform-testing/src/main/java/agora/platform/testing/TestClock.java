package agora.platform.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock the test moves by hand, so expiry, clock skew, TTLs and rate windows are tested without
 * sleeping. It stands still until {@link #advance} is called.
 */
public final class TestClock extends Clock {
    private volatile Instant now;

    /**
     * A clock showing the given instant.
     *
     * @param start the first instant it shows
     */
    public TestClock(Instant start) {
        this.now = start;
    }

    /**
     * Moves the clock (backwards too, with a negative duration).
     *
     * @param duration how far
     */
    public void advance(Duration duration) {
        now = now.plus(duration);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
