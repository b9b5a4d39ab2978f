package agora.auth;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import agora.platform.core.problem.ProblemException;
import agora.platform.host.Mount;

/**
 * Work an answer must not wait for, run by a few background workers after the answer has gone:
 * what a password-reset request does (look-up, token, mail) happens here, so the answer takes the
 * same time whether or not the address belongs to anyone.
 *
 * <p>Each worker is one of the host's loops ({@code auth-<name>-<n>} in health). A task that meets an
 * outage (the database is away: a 503 problem) stays with its worker and is tried again after the
 * loop's growing pause, until it gets through; a task that fails otherwise is logged and dropped
 * (its user may simply ask again). Bounded on purpose: a few workers (the database pool and the mail
 * server are the limits, not threads) and a queue of {@code capacity} tasks; a task that finds the
 * queue full is dropped and logged. A stopping service waits for the queue a moment
 * ({@link #awaitIdle}); work still queued when the process exits is lost the same way.
 */
final class BackgroundTasks {
    private static final System.Logger LOG = System.getLogger(BackgroundTasks.class.getName());
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration LAST_RETRY = Duration.ofSeconds(10);
    /** How long an idle worker waits for a task before its step ends (and counts as a run in health). */
    private static final Duration IDLE = Duration.ofSeconds(30);

    private final String name;
    private final BlockingQueue<Runnable> queue;
    private final Object lock = new Object();
    private int pending;

    /**
     * Workers on the host's loops.
     *
     * @param name     the workers' name ({@code reset}: loops {@code auth-reset-1} …)
     * @param workers  how many tasks run at once
     * @param capacity how many may wait
     * @param mount    the service's mount, whose host runs the workers
     */
    BackgroundTasks(String name, int workers, int capacity, Mount mount) {
        this.name = name;
        this.queue = new ArrayBlockingQueue<>(capacity);
        for (int i = 1; i <= workers; i++) {
            mount.repeat(name + "-" + i, FIRST_RETRY, LAST_RETRY, new Worker()::step);
        }
    }

    /**
     * Queues a task.
     *
     * @return false when it was dropped (the queue is full)
     */
    boolean submit(Runnable task) {
        synchronized (lock) {
            pending++;
        }
        if (queue.offer(task)) {
            return true;
        }
        done();
        LOG.log(System.Logger.Level.WARNING, "{0}: too much queued work; a task was dropped", name);
        return false;
    }

    /**
     * Waits until every queued task has run (a stopping service, and tests).
     *
     * @return whether that happened within the timeout
     */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (pending > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return true;
        }
    }

    private void done() {
        synchronized (lock) {
            pending--;
            lock.notifyAll();
        }
    }

    /** One worker: takes a task, or keeps the one an outage interrupted. */
    private final class Worker {
        private Runnable retrying;

        void step() throws InterruptedException {
            Runnable task = retrying != null ? retrying : queue.poll(IDLE.toMillis(), TimeUnit.MILLISECONDS);
            if (task == null) {
                return;
            }
            retrying = null;
            boolean finished = true;
            try {
                task.run();
            } catch (RuntimeException e) {
                if (!ProblemException.isUnavailable(e)) {
                    LOG.log(System.Logger.Level.WARNING, "A background task of {0} failed and is dropped: {1}", name,
                            e.toString());
                    return;
                }
                // The loop pauses (1 s, 2 s … 10 s) and this worker tries the same task again.
                retrying = task;
                finished = false;
                throw e;
            } finally {
                if (finished) {
                    done();
                }
            }
        }
    }
}
