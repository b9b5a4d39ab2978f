package agora.platform.state;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Shared state inside one process: right for a single-process pod without Redis, wrong for
 * anything with several instances (they would not share it). Time comes from the injected clock,
 * so tests move it instead of sleeping. Behaves as {@link RedisState} does (the same contract
 * tests run against both).
 */
public final class InProcessState implements SharedState {
    // Expired entries and idle rate-limit logs are dropped every this many writes, so keys that
    // are never read again (client addresses, say) do not pile up.
    private static final int SWEEP_EVERY = 1024;

    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<String, Log> attempts = new ConcurrentHashMap<>();
    private final AtomicLong writes = new AtomicLong();

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
        String prefix = Names.namespace(namespace) + ":";
        return new MeteredCache(namespace, new Cache() {
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
                entries.put(prefix + key, new Entry(value.clone(), clock.instant().plus(Names.positive(ttl))));
                sweepSometimes();
            }

            @Override
            public boolean putIfAbsent(String key, byte[] value, Duration ttl) {
                Instant now = clock.instant();
                Entry fresh = new Entry(value.clone(), now.plus(Names.positive(ttl)));
                boolean[] stored = {false};
                entries.compute(prefix + key, (ignored, existing) -> {
                    if (existing == null || !existing.expiresAt().isAfter(now)) {
                        stored[0] = true;
                        return fresh;
                    }
                    return existing;
                });
                sweepSometimes();
                return stored[0];
            }

            @Override
            public void delete(String key) {
                entries.remove(prefix + key);
            }
        });
    }

    @Override
    public RateLimiter rateLimiter(String namespace) {
        String prefix = Names.namespace(namespace) + ":";
        return new RateLimiter() {
            @Override
            public Decision acquire(String key, Limit limit) {
                Decision[] decision = new Decision[1];
                // compute() runs under the key's lock: trimming, counting and adding are one step.
                attempts.compute(prefix + key, (ignored, existing) -> {
                    Log log = existing == null ? new Log() : existing;
                    decision[0] = log.acquire(clock.instant(), limit);
                    return log.isEmpty() ? null : log;
                });
                sweepSometimes();
                return decision[0];
            }

            @Override
            public void reset(String key) {
                attempts.remove(prefix + key);
            }
        };
    }

    @Override
    public boolean inProcess() {
        return true;
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
        if (writes.incrementAndGet() % SWEEP_EVERY != 0) {
            return;
        }
        Instant now = clock.instant();
        entries.values().removeIf(entry -> !entry.expiresAt().isAfter(now));
        for (String key : attempts.keySet()) {
            attempts.computeIfPresent(key, (ignored, log) -> log.idleAt(now) ? null : log);
        }
    }

    private record Entry(byte[] value, Instant expiresAt) {
    }

    /**
     * A sliding-window log: the times of the permits granted within the last window. Only touched
     * inside the map's {@code compute} for its key.
     */
    private static final class Log {
        private final ArrayDeque<Instant> granted = new ArrayDeque<>();
        private Instant idleFrom = Instant.MIN;

        RateLimiter.Decision acquire(Instant now, RateLimiter.Limit limit) {
            Instant windowStart = now.minus(limit.window());
            // A permit granted at or before the window's start has left it.
            while (!granted.isEmpty() && !granted.peekFirst().isAfter(windowStart)) {
                granted.pollFirst();
            }
            int count = granted.size();
            if (count >= limit.permits()) {
                // A permit is free once enough of the oldest have left: with the limit lowered
                // since they were granted, that is more than just the oldest one.
                Instant freeing = nth(count - limit.permits());
                return new RateLimiter.Decision(false, 0, Duration.between(windowStart, freeing));
            }
            granted.addLast(now);
            idleFrom = now.plus(limit.window());
            return new RateLimiter.Decision(true, limit.permits() - count - 1, Duration.ZERO);
        }

        boolean isEmpty() {
            return granted.isEmpty();
        }

        boolean idleAt(Instant now) {
            return !idleFrom.isAfter(now);
        }

        private Instant nth(int index) {
            Iterator<Instant> times = granted.iterator();
            for (int i = 0; i < index; i++) {
                times.next();
            }
            return times.next();
        }
    }
}
