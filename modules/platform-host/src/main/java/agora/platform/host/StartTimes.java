package agora.platform.host;

/** How long each step of the start took, for the start-up log (what an operator tunes against). */
final class StartTimes {
    private final long began = System.nanoTime();
    /* The JVM's uptime now, read at the end: what it took before the host began is uptime − total. */
    private long uptime;
    private long last = began;
    private final StringBuilder steps = new StringBuilder();

    /** Closes the list: called when the process is up. */
    void done() {
        uptime = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
    }

    void mark(String step) {
        long now = System.nanoTime();
        steps.append(steps.isEmpty() ? "" : ", ").append(step).append(' ').append((now - last) / 1_000_000)
                .append(" ms");
        last = now;
    }

    @Override
    public String toString() {
        long total = (System.nanoTime() - began) / 1_000_000;
        return total + " ms (" + steps + "); the JVM had run " + (uptime - total) + " ms before";
    }
}
