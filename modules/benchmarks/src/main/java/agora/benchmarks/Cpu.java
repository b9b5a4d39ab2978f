package agora.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * CPU time of some processes and how busy the whole machine was, between two samples: what a
 * request really costs on a machine that other work shares. The machine's share comes from
 * {@code /proc/stat} (Linux); elsewhere it is unknown.
 */
final class Cpu {
    private static final Path PROC_STAT = Path.of("/proc/stat");
    /** Linux's USER_HZ, the unit of per-thread CPU times in /proc: 100 ticks a second on every common build. */
    private static final long TICK_NANOS = 10_000_000;

    private Cpu() {
    }

    /**
     * A sample.
     *
     * @param processNanos  the processes' CPU time (user + system)
     * @param compilerNanos of that, their JIT compiler threads' (Linux; 0 elsewhere)
     * @param machine       the machine's busy and total jiffies, when known
     * @param wallNanos     when it was taken
     */
    record Sample(long processNanos, long compilerNanos, Optional<long[]> machine, long wallNanos) {
    }

    /**
     * What was used between two samples.
     *
     * @param cpuMillis      the processes' CPU milliseconds
     * @param compilerMillis of that, their JIT compilers' (a one-off cost while code warms up, not a request's)
     * @param wallMillis     the wall-clock milliseconds
     * @param machineBusy    the share of the machine's CPU time (all cores) that was busy, 0…1; NaN when unknown
     */
    record Used(double cpuMillis, double compilerMillis, double wallMillis, double machineBusy) {
        /** The processes' CPU in cores (1.0 = one core busy the whole time). */
        double cores() {
            return cpuMillis / wallMillis;
        }

        /** Both periods together (the machine's share weighted by their lengths). */
        Used plus(Used other) {
            double wall = wallMillis + other.wallMillis;
            return new Used(cpuMillis + other.cpuMillis, compilerMillis + other.compilerMillis, wall,
                    (machineBusy * wallMillis + other.machineBusy * other.wallMillis) / wall);
        }
    }

    static Sample sample(List<ProcessHandle> processes) {
        long nanos = 0;
        long compiler = 0;
        for (ProcessHandle process : processes) {
            nanos += process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
            compiler += compilerNanos(process.pid());
        }
        return new Sample(nanos, compiler, machine(), System.nanoTime());
    }

    static Used between(Sample before, Sample after) {
        double busy = Double.NaN;
        if (before.machine().isPresent() && after.machine().isPresent()) {
            long[] a = before.machine().get();
            long[] b = after.machine().get();
            busy = b[1] == a[1] ? Double.NaN : (double) (b[0] - a[0]) / (b[1] - a[1]);
        }
        return new Used((after.processNanos() - before.processNanos()) / 1e6,
                (after.compilerNanos() - before.compilerNanos()) / 1e6, (after.wallNanos() - before.wallNanos()) / 1e6,
                busy);
    }

    /** The load average over one minute, for the report's header. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /**
     * CPU time of a process's HotSpot JIT compiler threads ({@code C1 CompilerThre…}, {@code C2 CompilerThre…}),
     * from {@code /proc/<pid>/task/<tid>/stat}: utime and stime in clock ticks of {@link #TICK_NANOS}.
     * A benchmark warms up until this stops growing, so a request's CPU is measured without the
     * compilation of its code; 0 where unknown.
     */
    private static long compilerNanos(long pid) {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        long ticks = 0;
        try (var threads = Files.list(tasks)) {
            for (Path thread : threads.toList()) {
                String stat;
                try {
                    stat = Files.readString(thread.resolve("stat"));
                } catch (IOException ended) {
                    continue;
                }
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                String name = stat.substring(open + 1, close);
                if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                    // After the name: state (field 3) … utime (field 14), stime (field 15).
                    String[] fields = stat.substring(close + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                }
            }
        } catch (IOException | RuntimeException unknown) {
            return 0;
        }
        return ticks * TICK_NANOS;
    }

    /** {busy, total} jiffies of all cores from the first line of /proc/stat. */
    private static Optional<long[]> machine() {
        try {
            String[] fields = Files.readAllLines(PROC_STAT).getFirst().trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < fields.length && i <= 8; i++) { // user … steal; guest time is already in user
                total += Long.parseLong(fields[i]);
            }
            long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]); // idle + iowait
            return Optional.of(new long[] {total - idle, total});
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
