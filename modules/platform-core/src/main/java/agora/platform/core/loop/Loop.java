package agora.platform.core.loop;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One background loop: a step run again and again on a virtual thread of its own, which survives
 * whatever a step throws. After a failed step it pauses {@code firstRetry}, doubled per failure up to
 * {@code lastRetry}, and tries again; it logs the first failure of a series and the recovery, not
 * every attempt. Only {@link #stop} (or the process running out of memory, a
 * {@link VirtualMachineError}) ends it; health reports a loop that ended without being stopped.
 */
public final class Loop {
    private static final System.Logger LOG = System.getLogger(Loop.class.getName());

    private final String name;
    private final Step step;
    private final Duration firstPause;
    private final Duration pauseAfterSuccess;
    private final Duration firstRetry;
    private final Duration lastRetry;
    private final Clock clock;
    private volatile Thread thread;
    private volatile boolean stopping;
    private volatile long runs;
    private volatile int failures;
    private volatile String lastError = "";
    private volatile Instant lastSuccess;

    Loop(String name, Step step, Duration firstPause, Duration pauseAfterSuccess, Duration firstRetry,
         Duration lastRetry, Clock clock) {
        if (!name.matches("[a-z0-9][a-z0-9_.@-]*")) {
            throw new IllegalArgumentException("a loop's name is lower-case letters, digits and _ . @ -: " + name);
        }
        if (!firstRetry.isPositive() || lastRetry.compareTo(firstRetry) < 0) {
            throw new IllegalArgumentException("loop " + name + " needs 0 < firstRetry <= lastRetry");
        }
        this.name = name;
        this.step = step;
        this.firstPause = firstPause;
        this.pauseAfterSuccess = pauseAfterSuccess;
        this.firstRetry = firstRetry;
        this.lastRetry = lastRetry;
        this.clock = clock;
    }

    /**
     * What a loop does once; it may wait for its work itself (a notification, a message, a signal).
     * Throwing anything is allowed: the loop pauses and calls it again.
     */
    @FunctionalInterface
    public interface Step {
        /**
         * Does one round of work.
         *
         * @throws Exception when it failed (the loop retries after a pause)
         */
        void run() throws Exception;
    }

    /** The loop's name, unique in its process (health lists loops by it). */
    public String name() {
        return name;
    }

    synchronized void start() {
        if (thread == null && !stopping) {
            thread = Thread.ofVirtual().name("agora-" + name).start(this::run);
        }
    }

    /** Asks the loop to end: its thread is interrupted, so a step that waits returns at once. */
    public void stop() {
        stopping = true;
        Thread current;
        synchronized (this) {
            current = thread;
        }
        if (current != null) {
            current.interrupt();
        }
    }

    /**
     * Waits until the loop's thread has ended (after {@link #stop}).
     *
     * @param timeout the longest wait
     * @throws InterruptedException when interrupted meanwhile
     */
    public void join(Duration timeout) throws InterruptedException {
        Thread current = thread;
        if (current != null) {
            current.join(timeout);
        }
    }

    /** How the loop is doing now. */
    public LoopStatus status() {
        Thread current = thread;
        return new LoopStatus(name, current != null && current.isAlive(), stopping, runs, failures, lastError,
                Optional.ofNullable(lastSuccess));
    }

    private void run() {
        Duration pause = firstPause;
        while (!stopping) {
            try {
                if (pause.isPositive()) {
                    Thread.sleep(pause);
                }
                step.run();
                succeeded();
                pause = pauseAfterSuccess;
            } catch (InterruptedException e) {
                if (stopping) {
                    return;
                }
                pause = failed(e);
            } catch (VirtualMachineError fatal) {
                LOG.log(System.Logger.Level.ERROR, "Background loop " + name + " ends: the JVM cannot go on", fatal);
                throw fatal;
            } catch (Throwable e) {
                if (stopping) {
                    return;
                }
                pause = failed(e);
            }
        }
    }

    private void succeeded() {
        if (failures > 0) {
            LOG.log(System.Logger.Level.INFO, "Background loop {0} works again after {1} failed run(s)", name, failures);
        }
        failures = 0;
        lastError = "";
        lastSuccess = clock.instant();
        runs++;
    }

    private Duration failed(Throwable e) {
        failures++;
        lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
        if (failures == 1) {
            LOG.log(System.Logger.Level.WARNING, "Background loop " + name + " failed; it retries until it works", e);
        }
        Duration backoff = firstRetry.multipliedBy(1L << Math.min(failures - 1, 20));
        return backoff.compareTo(lastRetry) < 0 ? backoff : lastRetry;
    }
}
