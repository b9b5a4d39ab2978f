package agora.platform.host;

/** How long each step of the start took, for the start-up log (what an operator tunes against). */
final class StartTimes {
    private final long began = System.nanoTime();
    private long last = began;
    private final StringBuilder steps = new StringBuilder();

    void mark(String step) {
        long now = System.nanoTime();
        steps.append(steps.isEmpty() ? "" : ", ").append(step).append(' ').append((now - last) / 1_000_000)
                .append(" ms");
        last = now;
    }

    @Override
    public String toString() {
        return (System.nanoTime() - began) / 1_000_000 + " ms (" + steps + ").";
    }
}
