package agora.platform.testing;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * Waiting for a condition instead of sleeping a fixed time, for the platform modules' tests (the
 * services' tests use {@code agora.platform.host.testing.Eventually}, which asks through this). A
 * probe is asked again every 20 ms until its answer satisfies the condition; a probe that throws
 * (a server still starting refuses the connection) counts as "not yet". When the limit passes, the
 * test fails naming what it waited for and the last answer or failure, so a red run says why.
 */
public final class Await {
    private static final long PAUSE_MILLIS = 20;

    private Await() {
    }

    /** Asks for a value; may throw while the thing asked is not there yet. */
    @FunctionalInterface
    public interface Probe<T> {
        /**
         * @return the current value
         * @throws Exception when it cannot be had yet
         */
        T get() throws Exception;
    }

    /**
     * The first answer that satisfies the condition.
     *
     * @param what      what is waited for, for the failure message
     * @param limit     how long to keep asking
     * @param probe     asks
     * @param condition what the answer must satisfy
     * @param <T>       the answer's type
     * @return the answer
     */
    public static <T> T until(String what, Duration limit, Probe<T> probe, Predicate<? super T> condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        String last;
        do {
            try {
                T value = probe.get();
                if (condition.test(value)) {
                    return value;
                }
                last = "last answer: " + value;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting until " + what, e);
            } catch (Exception notYet) {
                last = "last failure: " + notYet;
            }
            pause(what);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("not within " + limit + ": " + what + " (" + last + ")");
    }

    /**
     * Waits until a condition holds.
     *
     * @param what      what is waited for, for the failure message
     * @param limit     how long to keep asking
     * @param condition asks; may throw while not yet
     */
    public static void until(String what, Duration limit, Probe<Boolean> condition) {
        until(what, limit, condition, Boolean.TRUE::equals);
    }

    private static void pause(String what) {
        try {
            Thread.sleep(PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting until " + what, e);
        }
    }
}
