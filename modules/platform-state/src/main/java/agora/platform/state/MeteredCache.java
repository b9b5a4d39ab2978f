package agora.platform.state;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;

/** Counts a cache's lookups as hits and misses ({@code agora_cache_requests_total}, docs/metrics.md). */
final class MeteredCache implements Cache {
    private final Cache cache;
    private final Counter hits;
    private final Counter misses;

    MeteredCache(String namespace, Cache cache) {
        this.cache = cache;
        this.hits = counter(namespace, "hit");
        this.misses = counter(namespace, "miss");
    }

    private static Counter counter(String namespace, String result) {
        return Metrics.globalRegistry().getOrCreate(Counter.builder("agora.cache.requests")
                .scope(Meter.Scope.APPLICATION)
                .tags(List.of(Tag.create("namespace", namespace), Tag.create("result", result))));
    }

    @Override
    public Optional<byte[]> get(String key) {
        Optional<byte[]> value = cache.get(key);
        (value.isPresent() ? hits : misses).increment();
        return value;
    }

    @Override
    public List<Optional<byte[]>> getAll(List<String> keys) {
        List<Optional<byte[]>> values = cache.getAll(keys);
        values.forEach(value -> (value.isPresent() ? hits : misses).increment());
        return values;
    }

    @Override
    public void put(String key, byte[] value, Duration ttl) {
        cache.put(key, value, ttl);
    }

    @Override
    public boolean putIfAbsent(String key, byte[] value, Duration ttl) {
        return cache.putIfAbsent(key, value, ttl);
    }

    @Override
    public void delete(String key) {
        cache.delete(key);
    }
}
