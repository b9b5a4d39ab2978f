package agora.benchmarks;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop load: requests are sent on a fixed schedule ({@code rate} a second), each on a
 * virtual thread of its own, whether or not earlier answers have arrived. A request's latency counts
 * from the moment the schedule meant it to be sent, not from when it went out, so a server that
 * stalls is charged for the requests that queued behind the stall (no coordinated omission). Only
 * requests scheduled inside the measured window count.
 */
final class FixedRate {
    private FixedRate() {
    }

    /**
     * Drives a load and measures it.
     *
     * @param label    what is driven, for the report
     * @param http     the client
     * @param rate     requests a second
     * @param warmUp   load at the same rate before the window
     * @param measure  the measured window
     * @param requests the {@code i}-th request
     * @param measured the processes whose CPU time is reported
     * @return the measurement; its concurrency is the rate
     */
    static ClosedLoop.Run run(String label, HttpClient http, int rate, Duration warmUp, Duration measure,
                              java.util.function.LongFunction<HttpRequest> requests, List<ProcessHandle> measured) {
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        long from = start + warmUp.toNanos();
        long to = from + measure.toNanos();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        Cpu.Sample before = null;
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (long i = 0; ; i++) {
                long scheduled = start + i * interval;
                if (scheduled >= to) {
                    break;
                }
                long wait = scheduled - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                if (before == null && scheduled >= from) {
                    before = Cpu.sample(measured);
                }
                boolean counted = scheduled >= from;
                HttpRequest request = requests.apply(i);
                senders.submit(() -> {
                    Optional<String> failure = ClosedLoop.send(http, request);
                    if (!counted) {
                        return;
                    }
                    if (failure.isEmpty()) {
                        latencies.add(System.nanoTime() - scheduled);
                    } else {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, failure.get());
                    }
                });
            }
        }
        Cpu.Sample after = Cpu.sample(measured);
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        return new ClosedLoop.Run(label, rate, measure.toNanos() / 1e9, sorted, errors.get(),
                Optional.ofNullable(firstError.get()), Cpu.between(before == null ? after : before, after));
    }
}
