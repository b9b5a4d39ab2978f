package agora.platform.core.loop;

import java.time.Instant;
import java.util.Optional;

/**
 * How a background loop is doing, for health and for people.
 *
 * @param name        the loop's name
 * @param running     whether its thread runs
 * @param stopped     whether it was asked to stop (the process is stopping, or its work ended)
 * @param runs        steps that succeeded so far
 * @param failures    steps that failed since the last success
 * @param lastError   the last failure, empty after a success
 * @param lastSuccess when a step last succeeded
 */
public record LoopStatus(String name, boolean running, boolean stopped, long runs, int failures, String lastError,
                         Optional<Instant> lastSuccess) {

    /** Whether the loop ended while nobody asked it to: its work no longer happens in this process. */
    public boolean lost() {
        return !running && !stopped;
    }

    /** One line a person reads: {@code running; 12 runs, last success …}, or what is wrong. */
    public String describe() {
        String state = running ? "running" : stopped ? "stopped" : "ended unexpectedly";
        String success = lastSuccess.map(at -> runs + " runs, last success " + at).orElse("no success yet");
        return failures == 0 ? state + "; " + success
                : state + "; failing (" + failures + " run(s)): " + lastError + "; " + success;
    }
}
