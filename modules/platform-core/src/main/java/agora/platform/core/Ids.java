package agora.platform.core;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/**
 * UUIDv7 ids (RFC 9562): time-ordered, so new rows land at the end of an index and ids sort by
 * creation, with 74 random bits so they cannot be guessed from a neighbour.
 *
 * <p>Within one process ids also increase strictly when several fall in one millisecond (or the
 * clock steps back): the next id adds a random step of up to 2^32 to the previous one's random
 * bits (RFC 9562 section 6.2, method 2), so "newest first" holds for rows one process writes in
 * a burst, and a neighbour still does not give the next id away.
 */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long RAND_B_MASK = 0x3FFF_FFFF_FFFF_FFFFL;

    private final Clock clock;
    private long lastMillis = -1;
    private long lastRandA;
    private long lastRandB;

    /**
     * Ids stamped by the given clock.
     *
     * @param clock the clock whose milliseconds lead each id
     */
    public Ids(Clock clock) {
        this.clock = clock;
    }

    /** A new UUIDv7, greater than every id this instance made before. */
    public synchronized UUID next() {
        long millis = clock.millis();
        long randA;
        long randB;
        if (millis > lastMillis) {
            byte[] random = new byte[10];
            RANDOM.nextBytes(random);
            randA = ((random[0] & 0xFFL) << 8 | (random[1] & 0xFFL)) & 0x0FFFL;
            randB = 0;
            for (int i = 2; i < 10; i++) {
                randB = randB << 8 | (random[i] & 0xFFL);
            }
            randB &= RAND_B_MASK;
        } else {
            millis = lastMillis;
            randA = lastRandA;
            randB = lastRandB + 1 + (RANDOM.nextLong() >>> 32);
            if (randB > RAND_B_MASK) {
                randB &= RAND_B_MASK;
                randA++;
                if (randA > 0x0FFFL) {
                    // 74 bits used up within one millisecond: borrow the next one.
                    randA = 0;
                    millis++;
                }
            }
        }
        lastMillis = millis;
        lastRandA = randA;
        lastRandB = randB;
        long high = (millis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | randA;
        long low = randB | 0x8000_0000_0000_0000L;
        return new UUID(high, low);
    }
}
