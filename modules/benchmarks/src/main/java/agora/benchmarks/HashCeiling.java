package agora.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import agora.platform.password.PasswordHasher;
import agora.platform.password.PasswordHashing;

/**
 * The ceiling of any password login: how many Argon2id checks per second this machine does with
 * given parameters, through the same {@link PasswordHasher} a login uses (so its one-hash-per-core
 * limit applies here too). A login checks one hash; nothing can log in faster.
 *
 * <p>Measured in turns ({@link #turn}) that the benchmark takes between its other loads, so that
 * other work on the machine weighs on the ceiling as on what is compared with it.
 */
final class HashCeiling {
    private final PasswordHashing hashing;
    private final PasswordHasher hasher;
    private final String password;
    private final String stored;
    private final int threads = Runtime.getRuntime().availableProcessors();

    /**
     * @param hashing  the parameters
     * @param password the password checked (its length costs a little)
     */
    HashCeiling(PasswordHashing hashing, String password) {
        this.hashing = hashing;
        this.hasher = PasswordHasher.create(hashing);
        this.password = password;
        this.stored = hasher.hash(password);
    }

    /** The parameters, as {@code m=… t=… p=…}. */
    String parameters() {
        return "m=" + hashing.memoryKib() + " t=" + hashing.iterations() + " p=" + hashing.parallelism();
    }

    /**
     * Milliseconds per check on one thread alone (the latency floor of a login).
     *
     * @param time how long to check
     * @return milliseconds per check
     */
    double singleMillis(Duration time) throws InterruptedException {
        Checks alone = verifyFor(1, time);
        return alone.nanos() / 1e6 / alone.count();
    }

    /**
     * A turn of every core checking (the first one also warms the JIT up: discard it).
     *
     * @param time how long
     * @return what was done
     */
    Turn turn(Duration time) throws InterruptedException {
        Cpu.Sample before = Cpu.sample(List.of(ProcessHandle.current()));
        Checks all = verifyFor(threads, time);
        Cpu.Used used = Cpu.between(before, Cpu.sample(List.of(ProcessHandle.current())));
        return new Turn(threads, all.count(), time.toNanos() / 1e9, used);
    }

    /**
     * Checks done by every core in one or more turns.
     *
     * @param threads platform threads hashing at once (the core count)
     * @param checks  checks finished within the turns
     * @param seconds the turns' length
     * @param cpu     this process's CPU during the turns, and how busy the machine was
     */
    record Turn(int threads, long checks, double seconds, Cpu.Used cpu) {
        double perSecond() {
            return checks / seconds;
        }

        double cpuMillisPerCheck() {
            return cpu.cpuMillis() / checks;
        }

        Turn merge(Turn other) {
            return new Turn(threads, checks + other.checks, seconds + other.seconds, cpu.plus(other.cpu));
        }
    }

    /** Checks that finished within the time, and the time they took (summed over threads). */
    private record Checks(long count, long nanos) {
    }

    /** Checks the password on each thread until the time is up. */
    private Checks verifyFor(int threadCount, Duration time) throws InterruptedException {
        long end = System.nanoTime() + time.toNanos();
        AtomicLong done = new AtomicLong();
        AtomicLong nanos = new AtomicLong();
        List<Thread> running = new ArrayList<>();
        for (int i = 0; i < threadCount; i++) {
            running.add(Thread.ofPlatform().name("argon2-" + i).start(() -> {
                long started = System.nanoTime();
                while (started < end) {
                    if (!hasher.verify(password, stored)) {
                        throw new IllegalStateException("the password did not verify");
                    }
                    long finished = System.nanoTime();
                    // Counted only when it finished in time: the rate is of whole checks within the window.
                    if (finished <= end) {
                        done.incrementAndGet();
                        nanos.addAndGet(finished - started);
                    }
                    started = finished;
                }
            }));
        }
        for (Thread thread : running) {
            thread.join();
        }
        return new Checks(done.get(), nanos.get());
    }
}
