package agora.platform.host.testing;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waiting for a condition instead of sleeping a fixed time: asks again every 20 ms and fails the
 * test with the last answer when the condition does not hold within the limit.
 */
public final class Eventually {
    private Eventually() {
    }

    /**
     * The first value that satisfies the condition.
     *
     * @param limit     how long to keep asking
     * @param value     asks
     * @param condition what the value must satisfy
     * @param <T>       the value's type
     * @return the value
     */
    public static <T> T within(Duration limit, Supplier<T> value, Predicate<T> condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        T last;
        do {
            last = value.get();
            if (condition.test(last)) {
                return last;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        } while (System.nanoTime() < deadline);
        throw new AssertionError("not within " + limit + ": " + describe(last));
    }

    private static String describe(Object value) {
        return value instanceof ApiResponse response ? response.status() + " " + response.body() : String.valueOf(value);
    }
}
