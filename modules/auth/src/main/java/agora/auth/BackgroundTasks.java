package agora.auth;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Work an answer must not wait for, run on a few virtual threads after the answer has gone: what a
 * password-reset request does (look-up, token, mail) happens here, so the answer takes the same time
 * whether or not the address belongs to anyone.
 *
 * <p>Bounded on purpose: a few workers (the database pool and the mail server are the limits, not
 * threads) and a queue of {@code capacity} tasks. A task that finds the queue full is dropped and
 * logged; its caller has already answered and its user may simply ask again. The workers are
 * virtual (daemon) threads: a stopping service waits for the queue a moment ({@link #awaitIdle}),
 * and work still queued when the process exits is lost the same way.
 */
final class BackgroundTasks {
    private static final System.Logger LOG = System.getLogger(BackgroundTasks.class.getName());

    private final String name;
    private final ThreadPoolExecutor executor;
    private final Object lock = new Object();
    private int pending;

    BackgroundTasks(String name, int workers, int capacity) {
        this.name = name;
        this.executor = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(capacity), Thread.ofVirtual().name(name + "-", 0).factory());
    }

    /**
     * Queues a task.
     *
     * @return false when it was dropped (the queue is full or the tasks are stopped)
     */
    boolean submit(Runnable task) {
        synchronized (lock) {
            pending++;
        }
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "A background task of {0} failed: {1}", name, e.toString());
                } finally {
                    done();
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            done();
            LOG.log(System.Logger.Level.WARNING, "{0}: too much queued work; a task was dropped", name);
            return false;
        }
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
}
