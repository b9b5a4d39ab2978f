package agora.platform.password;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;

/**
 * Prints milliseconds per hash for libargon2 (FFM) and password4j at the default settings (OWASP's
 * m=7168 t=5 p=1), with one and with two threads hashing at once: the wall-clock time a caller
 * waits for one hash, hashes per second, and CPU time per hash (which other load on the machine
 * disturbs less). A program, not a test: timings are never asserted. Run from the repository root after {@code ./mvnw -pl modules/platform-password -am verify}:
 *
 * <pre>
 * cd modules/platform-password
 * ../../mvnw -q -o dependency:build-classpath -Dmdep.outputFile=target/test-path.txt
 * $JAVA_HOME/bin/java --enable-native-access=agora.platform.password \
 *     --patch-module agora.platform.password=target/classes \
 *     -p target/test-classes:$(cat target/test-path.txt) \
 *     -m agora.platform.password/agora.platform.password.HashingBenchmark [hashes-per-thread]
 * </pre>
 */
final class HashingBenchmark {

    private HashingBenchmark() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args optionally, how many hashes each thread makes (default 40)
     * @throws Exception when a hash fails
     */
    static void main(String[] args) throws Exception {
        int perThread = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        PasswordHashing hashing = PasswordHashing.defaults();
        System.out.printf("Argon2id m=%d KiB t=%d p=%d, %d processors, %d hashes per thread%n",
                hashing.memoryKib(), hashing.iterations(), hashing.parallelism(),
                Runtime.getRuntime().availableProcessors(), perThread);
        System.out.println("backend  threads  ms/hash  hashes/s  cpu-ms/hash");
        for (HashingBackend backend : List.of(HashingBackend.NATIVE, HashingBackend.JAVA)) {
            // The cap at two lets both threads hash at once; the wait is long enough never to turn one away.
            PasswordHasher hasher = PasswordHasher.create(hashing, new HashingCapacity(2, Duration.ofMinutes(1)), backend);
            if (hasher.backend() != backend) {
                System.out.printf("%-7s  unavailable (see the warning above)%n", backend.configValue());
                continue;
            }
            run(hasher, 1, 10, new LongAdder()); // warm-up: class loading, JIT, the library's first mappings
            for (int threads = 1; threads <= 2; threads++) {
                LongAdder cpuNanos = new LongAdder();
                long nanos = run(hasher, threads, perThread, cpuNanos);
                double msPerHash = nanos / 1e6 / perThread; // each thread's wait for one of its hashes
                double perSecond = threads * perThread / (nanos / 1e9);
                double cpuMsPerHash = cpuNanos.sum() / 1e6 / (threads * perThread);
                System.out.printf("%-7s  %7d  %7.1f  %8.1f  %11.1f%n", backend.configValue(), threads, msPerHash,
                        perSecond, cpuMsPerHash);
            }
        }
    }

    /**
     * Wall-clock nanoseconds for {@code threads} threads each making {@code perThread} hashes; adds
     * the threads' CPU time to {@code cpuNanos} (with p=1 the native library computes on the calling
     * thread, so its time is counted too).
     */
    private static long run(PasswordHasher hasher, int threads, int perThread, LongAdder cpuNanos) throws Exception {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        CyclicBarrier start = new CyclicBarrier(threads + 1);
        List<Future<?>> done = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                String password = "benchmark password " + t;
                done.add(pool.submit(() -> {
                    start.await();
                    long cpuStart = cpu.getCurrentThreadCpuTime();
                    for (int i = 0; i < perThread; i++) {
                        hasher.hash(password);
                    }
                    cpuNanos.add(cpu.getCurrentThreadCpuTime() - cpuStart);
                    return null;
                }));
            }
            start.await();
            long begin = System.nanoTime();
            for (Future<?> future : done) {
                future.get();
            }
            return System.nanoTime() - begin;
        }
    }
}
