package agora.platform.host;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import agora.platform.observe.Checks;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;

/**
 * The services' background work (housekeeping, the territory catch-up …), each on a virtual thread
 * of its own that survives whatever a run throws: a failing run is logged once per change of state,
 * retried after a growing pause (at most the loop's interval), and shown in health, which is DOWN
 * only when a loop has stopped while the process still runs.
 */
final class BackgroundLoops implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(BackgroundLoops.class.getName());
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);

    private final Clock clock;
    private final List<Loop> loops = new CopyOnWriteArrayList<>();
    private volatile boolean closing;

    BackgroundLoops(Clock clock) {
        this.clock = clock;
    }

    void add(String name, Duration interval, Runnable work) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the interval of loop " + name + " must be positive");
        }
        loops.add(new Loop(name, interval, work));
    }

    void start() {
        loops.forEach(loop -> loop.thread = Thread.ofVirtual().name("agora-loop-" + loop.name).start(loop::run));
    }

    /** The loops as a readiness check. */
    HealthCheck check() {
        return Checks.readiness("loops", () -> {
            HealthCheckResponse.Builder response = HealthCheckResponse.builder().status(true);
            for (Loop loop : loops) {
                boolean running = loop.thread != null && loop.thread.isAlive();
                if (!running && !closing) {
                    response.status(false);
                }
                response.detail(loop.name, describe(loop, running));
            }
            return response.build();
        });
    }

    /* One line a person reads: "running; 12 runs, last success …", or what is wrong. */
    private static String describe(Loop loop, boolean running) {
        String state = running ? "running" : "stopped";
        String success = loop.lastSuccess == null ? "no success yet"
                : loop.runs + " runs, last success " + loop.lastSuccess;
        return loop.failures == 0 ? state + "; " + success
                : state + "; failing (" + loop.failures + " run(s)): " + loop.lastError + "; " + success;
    }

    @Override
    public void close() {
        closing = true;
        loops.forEach(loop -> {
            if (loop.thread != null) {
                loop.thread.interrupt();
            }
        });
    }

    private final class Loop {
        final String name;
        final Duration interval;
        final Runnable work;
        volatile Thread thread;
        volatile int failures;
        volatile Instant lastSuccess;
        volatile long runs;
        volatile String lastError = "";

        Loop(String name, Duration interval, Runnable work) {
            this.name = name;
            this.interval = interval;
            this.work = work;
        }

        void run() {
            Duration pause = interval;
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException e) {
                    return;
                }
                try {
                    work.run();
                    if (failures > 0) {
                        LOG.log(System.Logger.Level.INFO, "Background loop {0} works again after {1} failed run(s)",
                                name, failures);
                    }
                    failures = 0;
                    lastError = "";
                    lastSuccess = clock.instant();
                    runs++;
                    pause = interval;
                } catch (Throwable e) {
                    if (e instanceof VirtualMachineError fatal) {
                        throw fatal;
                    }
                    failures++;
                    lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
                    if (failures == 1) {
                        LOG.log(System.Logger.Level.WARNING, "Background loop " + name + " failed; it retries", e);
                    }
                    Duration backoff = FIRST_RETRY.multipliedBy(1L << Math.min(failures - 1, 16));
                    pause = backoff.compareTo(interval) < 0 ? backoff : interval;
                    if (Thread.currentThread().isInterrupted()) {
                        return;
                    }
                }
            }
        }
    }
}
