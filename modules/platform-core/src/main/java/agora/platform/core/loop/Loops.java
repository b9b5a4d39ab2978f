package agora.platform.core.loop;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The background loops of a process, in one place: what the outbox listener, the relays, the
 * consumers, housekeeping and the services' own background work run on, so that each survives any
 * exception with backoff (see {@link Loop}) and health can list them all ({@link #statuses}).
 *
 * <p>Loops added before {@link #start} begin with it; loops added later (a relay for a territory
 * created while the process runs) begin at once. {@link #close} stops them all.
 */
public final class Loops implements AutoCloseable {
    private static final Duration FIRST_PERIODIC_RETRY = Duration.ofSeconds(1);
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final Clock clock;
    private final List<Loop> loops = new CopyOnWriteArrayList<>();
    private boolean started;
    private boolean closed;

    /**
     * The loops of a process.
     *
     * @param clock what a loop's last success is read from
     */
    public Loops(Clock clock) {
        this.clock = clock;
    }

    /**
     * Work done every {@code interval}, the first time one interval after the start (housekeeping, a
     * catch-up, sampling meters). A failed run is tried again after 1 s, 2 s, 4 s …, never later than
     * the interval.
     *
     * @param name     the loop's name (unique in the process)
     * @param interval the pause between runs
     * @param work     one run
     * @return the loop
     */
    public Loop every(String name, Duration interval, Runnable work) {
        if (!interval.isPositive()) {
            throw new IllegalArgumentException("the interval of loop " + name + " must be positive");
        }
        Duration firstRetry = FIRST_PERIODIC_RETRY.compareTo(interval) < 0 ? FIRST_PERIODIC_RETRY : interval;
        return add(new Loop(name, work::run, interval, interval, firstRetry, interval, clock));
    }

    /**
     * A step run again at once each time it returns, for work that waits by itself (a notification, a
     * message, a signal). A failed step is tried again after {@code firstRetry}, doubled per failure up
     * to {@code lastRetry}.
     *
     * @param name       the loop's name (unique in the process)
     * @param firstRetry the pause after a first failure
     * @param lastRetry  the longest pause after failures
     * @param step       one round of work
     * @return the loop
     */
    public Loop repeat(String name, Duration firstRetry, Duration lastRetry, Loop.Step step) {
        return add(new Loop(name, step, Duration.ZERO, Duration.ZERO, firstRetry, lastRetry, clock));
    }

    private synchronized Loop add(Loop loop) {
        if (closed) {
            throw new IllegalStateException("the process's loops are closed; loop " + loop.name() + " cannot start");
        }
        if (loops.stream().anyMatch(existing -> existing.name().equals(loop.name()))) {
            throw new IllegalStateException("two background loops are named " + loop.name());
        }
        loops.add(loop);
        if (started) {
            loop.start();
        }
        return loop;
    }

    /** Starts the loops added so far; later ones start as they are added. */
    public synchronized void start() {
        started = true;
        loops.forEach(Loop::start);
    }

    /**
     * Stops a loop and forgets it (its work has ended: a transport closed, a territory left).
     *
     * @param loop the loop
     */
    public void remove(Loop loop) {
        loop.stop();
        loops.remove(loop);
    }

    /** How every loop is doing, in the order they were added. */
    public List<LoopStatus> statuses() {
        return loops.stream().map(Loop::status).toList();
    }

    /** Stops every loop and waits a little for each to end, so none runs on into a closed pool. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        loops.forEach(Loop::stop);
        long deadline = System.nanoTime() + STOP_WAIT.toNanos();
        for (Loop loop : loops) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                loop.join(Duration.ofNanos(left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
