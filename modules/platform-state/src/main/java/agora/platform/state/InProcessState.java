package agora.platform.state;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Shared state inside one process: right for a single-process pod without Redis, wrong for
 * anything with several instances (they would not share it). Time comes from the injected clock,
 * so tests move it instead of sleeping.
 */
public final class InProcessState implements SharedState {
    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<String, Deque<Instant>> attempts = new ConcurrentHashMap<>();

    /**
     * In-process state on the given clock.
     *
     * @param clock decides expiry and rate windows
     */
    public InProcessState(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Cache cache(String namespace) {
        String prefix = namespace + ":";
        return new Cache() {
            @Override
            public Optional<byte[]> get(String key) {
                Entry entry = entries.get(prefix + key);
                if (entry == null || !entry.expiresAt().isAfter(clock.instant())) {
                    return Optional.empty();
                }
                return Optional.of(entry.value().clone());
            }

            @Override
            public void put(String key, byte[] value, Duration ttl) {
                entries.put(prefix + key, new Entry(value.clone(), clock.instant().plus(positive(ttl))));
                sweepSometimes();
            }

            @Override
            public boolean putIfAbsent(String key, byte[] value, Duration ttl) {
                Instant now = clock.instant();
                Entry fresh = new Entry(value.clone(), now.plus(positive(ttl)));
                boolean[] stored = {false};
                entries.compute(prefix + key, (ignored, existing) -> {
                    if (existing == null || !existing.expiresAt().isAfter(now)) {
                        stored[0] = true;
                        return fresh;
                    }
                    return existing;
                });
                return stored[0];
            }

            @Override
            public void delete(String key) {
                entries.remove(prefix + key);
            }
        };
    }

    @Override
    public RateLimiter rateLimiter(String namespace) {
        String prefix = namespace + ":";
        return new RateLimiter() {
            @Override
            public Decision acquire(String key, Limit limit) {
                Deque<Instant> log = attempts.computeIfAbsent(prefix + key, ignored -> new ArrayDeque<>());
                synchronized (log) {
                    // Sliding window log: the permits taken within the last window.
                    Instant now = clock.instant();
                    Instant windowStart = now.minus(limit.window());
                    while (!log.isEmpty() && !log.peekFirst().isAfter(windowStart)) {
                        log.pollFirst();
                    }
                    if (log.size() >= limit.permits()) {
                        Duration wait = Duration.between(windowStart, log.peekFirst());
                        return new Decision(false, 0, wait.isNegative() ? Duration.ZERO : wait);
                    }
                    log.addLast(now);
                    return new Decision(true, limit.permits() - log.size(), Duration.ZERO);
                }
            }

            @Override
            public void reset(String key) {
                attempts.remove(prefix + key);
            }
        };
    }

    @Override
    public String description() {
        return "in-process (this process only; set AGORA_REDIS_URL to share state between instances)";
    }

    @Override
    public void ping() {
        // Always reachable.
    }

    @Override
    public void close() {
        entries.clear();
        attempts.clear();
    }

    private void sweepSometimes() {
        if (entries.size() % 1024 == 0) {
            Instant now = clock.instant();
            entries.values().removeIf(entry -> !entry.expiresAt().isAfter(now));
        }
    }

    private static Duration positive(Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive");
        }
        return ttl;
    }

    private record Entry(byte[] value, Instant expiresAt) {
    }
}
