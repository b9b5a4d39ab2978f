package agora.platform.password;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets at most {@link HashingCapacity#maxConcurrent()} hashes run at once, in arrival order (a
 * fair semaphore: under load no login starves), and turns a caller away with
 * {@link HashingBusyException} when it cannot get a turn within {@link HashingCapacity#maxWait()}.
 * It also keeps a moving average of how long a hash takes, to suggest when to come back.
 */
final class HashingGate {

    private static final long MAX_RETRY_AFTER_SECONDS = 60;
    private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

    private final HashingCapacity capacity;
    private final Semaphore turns;
    /** Exponentially weighted mean of recent hash durations in nanoseconds; 0 until one finished. */
    private final AtomicLong meanNanos = new AtomicLong();

    HashingGate(HashingCapacity capacity) {
        this.capacity = capacity;
        this.turns = new Semaphore(capacity.maxConcurrent(), true);
    }

    /**
     * Waits for a turn; the caller must {@link #leave} after.
     *
     * @throws HashingBusyException when no turn came within the wait, or the thread was interrupted
     */
    void enter() {
        boolean entered;
        try {
            entered = turns.tryAcquire(capacity.maxWait().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HashingBusyException("Interrupted while waiting to hash a password", retryAfterSeconds());
        }
        if (!entered) {
            throw new HashingBusyException("No turn to hash a password within " + capacity.maxWait() + ": "
                    + capacity.maxConcurrent() + " hashes running and about " + turns.getQueueLength() + " waiting",
                    retryAfterSeconds());
        }
    }

    /**
     * Gives the turn back.
     *
     * @param tookNanos how long the hash took
     */
    void leave(long tookNanos) {
        turns.release();
        meanNanos.updateAndGet(mean -> mean == 0 ? tookNanos : mean + (tookNanos - mean) / 8);
    }

    /**
     * Time for the hashes now running and queued to finish at the recent pace, in whole seconds,
     * 1 to 60; before any hash finished, the configured wait.
     */
    long retryAfterSeconds() {
        long mean = meanNanos.get();
        long nanos;
        if (mean == 0) {
            nanos = capacity.maxWait().toNanos();
        } else {
            long max = capacity.maxConcurrent();
            long rounds = (turns.getQueueLength() + max + max - 1) / max; // those waiting, then the caller
            nanos = rounds * mean;
        }
        long seconds = (nanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND;
        return Math.clamp(seconds, 1, MAX_RETRY_AFTER_SECONDS);
    }
}
