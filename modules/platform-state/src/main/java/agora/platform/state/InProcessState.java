package agora.platform.state;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

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
    // Rate-limit logs, guarded by one lock: a reservation reads and writes several keys as one step.
    private final Map<String, Log> attempts = new HashMap<>();
    private final ReentrantLock limiting = new ReentrantLock();
    private final AtomicLong permits = new AtomicLong();
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
                Decision decision;
                limiting.lock();
                try {
                    Log log = attempts.computeIfAbsent(prefix + key, ignored -> new Log());
                    decision = log.acquire(clock.instant(), limit, permits.incrementAndGet());
                    if (log.isEmpty()) {
                        attempts.remove(prefix + key);
                    }
                } finally {
                    limiting.unlock();
                }
                sweepSometimes();
                return decision;
            }

            @Override
            public Reservation reserve(List<Tier> tiers) {
                List<Tier> checked = Names.tiers(tiers);
                Reservation reservation;
                // One lock for every log: checking all the tiers and taking from all is one step.
                limiting.lock();
                try {
                    Instant now = clock.instant();
                    Duration wait = Duration.ZERO;
                    boolean refused = false;
                    for (Tier tier : checked) {
                        Log log = attempts.get(prefix + tier.key());
                        Optional<Duration> full = log == null ? Optional.empty() : log.waitFor(now, tier.limit());
                        if (full.isPresent()) {
                            refused = true;
                            wait = full.get().compareTo(wait) > 0 ? full.get() : wait;
                        }
                    }
                    if (refused) {
                        reservation = Reservation.refused(wait);
                    } else {
                        long permit = permits.incrementAndGet();
                        List<String> keys = new ArrayList<>();
                        for (Tier tier : checked) {
                            attempts.computeIfAbsent(prefix + tier.key(), ignored -> new Log())
                                    .add(now, permit, tier.limit());
                            keys.add(prefix + tier.key());
                        }
                        reservation = Reservation.granted(Long.toString(permit), keys);
                    }
                } finally {
                    limiting.unlock();
                }
                sweepSometimes();
                return reservation;
            }

            @Override
            public void release(Reservation reservation, List<String> reset) {
                limiting.lock();
                try {
                    if (reservation.allowed()) {
                        long permit = Long.parseLong(reservation.permit());
                        for (String key : reservation.keys()) {
                            Log log = attempts.get(key);
                            if (log != null && log.remove(permit) && log.isEmpty()) {
                                attempts.remove(key);
                            }
                        }
                    }
                    reset.forEach(key -> attempts.remove(prefix + key));
                } finally {
                    limiting.unlock();
                }
            }

            @Override
            public void reset(String key) {
                limiting.lock();
                try {
                    attempts.remove(prefix + key);
                } finally {
                    limiting.unlock();
                }
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
        limiting.lock();
        try {
            attempts.clear();
        } finally {
            limiting.unlock();
        }
    }

    private void sweepSometimes() {
        if (writes.incrementAndGet() % SWEEP_EVERY != 0) {
            return;
        }
        Instant now = clock.instant();
        entries.values().removeIf(entry -> !entry.expiresAt().isAfter(now));
        limiting.lock();
        try {
            attempts.values().removeIf(log -> log.idleAt(now));
        } finally {
            limiting.unlock();
        }
    }

    private record Entry(byte[] value, Instant expiresAt) {
    }

    /**
     * A sliding-window log: the permits granted within the last window, oldest first, each with the
     * number that lets a reservation give it back. Only touched under the limiter's lock.
     */
    private static final class Log {
        private final ArrayDeque<Permit> granted = new ArrayDeque<>();
        private Instant idleFrom = Instant.MIN;

        RateLimiter.Decision acquire(Instant now, RateLimiter.Limit limit, long permit) {
            Optional<Duration> wait = waitFor(now, limit);
            if (wait.isPresent()) {
                return new RateLimiter.Decision(false, 0, wait.get());
            }
            int count = granted.size();
            add(now, permit, limit);
            return new RateLimiter.Decision(true, limit.permits() - count - 1, Duration.ZERO);
        }

        /** Drops the permits that have left the window; the wait until one is free, if none is. */
        Optional<Duration> waitFor(Instant now, RateLimiter.Limit limit) {
            Instant windowStart = now.minus(limit.window());
            // A permit granted at or before the window's start has left it.
            while (!granted.isEmpty() && !granted.peekFirst().at().isAfter(windowStart)) {
                granted.pollFirst();
            }
            int count = granted.size();
            if (count < limit.permits()) {
                return Optional.empty();
            }
            // A permit is free once enough of the oldest have left: with the limit lowered since
            // they were granted, that is more than just the oldest one.
            return Optional.of(Duration.between(windowStart, nth(count - limit.permits())));
        }

        void add(Instant now, long permit, RateLimiter.Limit limit) {
            granted.addLast(new Permit(now, permit));
            Instant idle = now.plus(limit.window());
            idleFrom = idle.isAfter(idleFrom) ? idle : idleFrom;
        }

        boolean remove(long permit) {
            return granted.removeIf(entry -> entry.number() == permit);
        }

        boolean isEmpty() {
            return granted.isEmpty();
        }

        boolean idleAt(Instant now) {
            return !idleFrom.isAfter(now);
        }

        private Instant nth(int index) {
            Iterator<Permit> permits = granted.iterator();
            for (int i = 0; i < index; i++) {
                permits.next();
            }
            return permits.next().at();
        }
    }

    private record Permit(Instant at, long number) {
    }
}
