package agora.platform.web;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/**
 * UUIDv7 ids (RFC 9562): time-ordered, so new rows land at the end of an index and ids sort by
 * creation, with 74 random bits so they cannot be guessed from a neighbour.
 */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Clock clock;

    /**
     * Ids stamped by the given clock.
     *
     * @param clock the clock whose milliseconds lead each id
     */
    public Ids(Clock clock) {
        this.clock = clock;
    }

    /** A new UUIDv7. */
    public UUID next() {
        long millis = clock.millis();
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        long randA = ((random[0] & 0xFFL) << 8 | (random[1] & 0xFFL)) & 0x0FFFL;
        long high = (millis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | randA;
        long randB = 0;
        for (int i = 2; i < 10; i++) {
            randB = randB << 8 | (random[i] & 0xFFL);
        }
        long low = randB & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
        return new UUID(high, low);
    }
}
