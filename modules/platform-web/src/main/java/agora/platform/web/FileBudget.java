package agora.platform.web;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

import com.sun.management.UnixOperatingSystemMXBean;

/**
 * How many connections a process can hold without running out of file descriptors or heap.
 *
 * <p>Helidon's accept loop ends for good when {@code accept} fails ("Too many open files"): the
 * listener stops while the process lives on. So the listeners together never hold more connections
 * than the file limit allows after a reserve for everything else a process opens (its jars, the
 * database pool, NATS, Redis, calls to other services, mail): a fifth of the limit, at least 256.
 * Of the rest the public listener may use three quarters, the internal listener a fifth and the
 * operator listener the remainder (at most 64). Each open connection also costs heap (read and write
 * buffers, about 32 KiB with its thread), so by default the public listener holds no more than a
 * quarter of the heap's worth.
 *
 * @param fileLimit the process's file-descriptor limit ({@link Long#MAX_VALUE} when unknown)
 * @param maxHeap   the most heap the process may use
 */
record FileBudget(long fileLimit, long maxHeap) {
    /** Heap one open connection costs, roughly: two 8 KiB buffers, the reader, the parked thread. */
    static final long HEAP_PER_CONNECTION = 32 * 1024;
    private static final int MIN_RESERVE = 256;

    /** The budget of this process. */
    static FileBudget ofProcess() {
        OperatingSystemMXBean system = ManagementFactory.getOperatingSystemMXBean();
        long limit = system instanceof UnixOperatingSystemMXBean unix && unix.getMaxFileDescriptorCount() > 0
                ? unix.getMaxFileDescriptorCount() : Long.MAX_VALUE;
        return new FileBudget(limit, Runtime.getRuntime().maxMemory());
    }

    /**
     * How many more descriptors this process may open right now.
     *
     * @return the free descriptors, {@link Long#MAX_VALUE} when the system does not say
     */
    static long headroom() {
        OperatingSystemMXBean system = ManagementFactory.getOperatingSystemMXBean();
        if (system instanceof UnixOperatingSystemMXBean unix && unix.getMaxFileDescriptorCount() > 0) {
            return unix.getMaxFileDescriptorCount() - unix.getOpenFileDescriptorCount();
        }
        return Long.MAX_VALUE;
    }

    /** Descriptors kept for everything but the listeners' connections. */
    long reserve() {
        return Math.max(MIN_RESERVE, fileLimit / 5);
    }

    /** The most connections the public listener may ever hold (the file limit's share). */
    int publicCeiling() {
        return share(0.75, 16);
    }

    /** The public listener's cap when none is configured: the file limit's share, bounded by the heap. */
    int publicDefault() {
        long byHeap = Math.max(16, maxHeap / 4 / HEAP_PER_CONNECTION);
        return (int) Math.min(publicCeiling(), byHeap);
    }

    /** The internal listener's cap (calls between services). */
    int internal() {
        return share(0.20, 8);
    }

    /** The operator listener's cap (loopback tooling). */
    int operator() {
        return Math.min(64, share(0.05, 4));
    }

    private int share(double fraction, int minimum) {
        if (fileLimit == Long.MAX_VALUE) {
            return Integer.MAX_VALUE / 2;
        }
        long usable = Math.max(0, fileLimit - reserve());
        return (int) Math.max(minimum, Math.min(Integer.MAX_VALUE / 2, (long) (usable * fraction)));
    }
}
