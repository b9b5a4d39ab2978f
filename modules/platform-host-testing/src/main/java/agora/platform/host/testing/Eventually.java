package agora.platform.host.testing;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

import agora.platform.testing.Await;

/**
 * Waiting for a condition instead of sleeping a fixed time, in the services' tests: asks again every
 * 20 ms ({@link Await}) and fails the test with the last answer when the condition does not hold
 * within the limit.
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
        return Await.until("the condition held", limit, () -> new Answer<>(value.get()),
                answer -> condition.test(answer.value())).value();
    }

    /** An answer as a failure message shows it: an API response by its status and body. */
    private record Answer<T>(T value) {
        @Override
        public String toString() {
            return value instanceof ApiResponse response ? response.status() + " " + response.body() : String.valueOf(value);
        }
    }
}
