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

    private Cpu() {
    }

    /**
     * A sample.
     *
     * @param processNanos the processes' CPU time (user + system)
     * @param machine      the machine's busy and total jiffies, when known
     * @param wallNanos    when it was taken
     */
    record Sample(long processNanos, Optional<long[]> machine, long wallNanos) {
    }

    /**
     * What was used between two samples.
     *
     * @param cpuMillis   the processes' CPU milliseconds
     * @param wallMillis  the wall-clock milliseconds
     * @param machineBusy the share of the machine's CPU time (all cores) that was busy, 0…1; NaN when unknown
     */
    record Used(double cpuMillis, double wallMillis, double machineBusy) {
        /** The processes' CPU in cores (1.0 = one core busy the whole time). */
        double cores() {
            return cpuMillis / wallMillis;
        }
    }

    static Sample sample(List<ProcessHandle> processes) {
        long nanos = 0;
        for (ProcessHandle process : processes) {
            nanos += process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
        }
        return new Sample(nanos, machine(), System.nanoTime());
    }

    static Used between(Sample before, Sample after) {
        double busy = Double.NaN;
        if (before.machine().isPresent() && after.machine().isPresent()) {
            long[] a = before.machine().get();
            long[] b = after.machine().get();
            busy = b[1] == a[1] ? Double.NaN : (double) (b[0] - a[0]) / (b[1] - a[1]);
        }
        return new Used((after.processNanos() - before.processNanos()) / 1e6,
                (after.wallNanos() - before.wallNanos()) / 1e6, busy);
    }

    /** The load average over one minute, for the report's header. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
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
