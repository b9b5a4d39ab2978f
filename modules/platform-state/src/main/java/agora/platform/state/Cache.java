package agora.platform.state;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Values with a time to live, shared by every instance that uses the same backend. Keys are
 * scoped by the namespace the cache was created with.
 */
public interface Cache {

    /**
     * The value under a key, if present and not expired.
     *
     * @param key the key
     * @return the value
     * @throws StateUnavailableException when the backend cannot be reached
     */
    Optional<byte[]> get(String key);

    /**
     * Stores a value until the TTL passes.
     *
     * @param key   the key
     * @param value the value
     * @param ttl   time to live, positive
     */
    void put(String key, byte[] value, Duration ttl);

    /**
     * Stores a value only when the key is absent (or expired).
     *
     * @param key   the key
     * @param value the value
     * @param ttl   time to live, positive
     * @return whether the value was stored
     */
    boolean putIfAbsent(String key, byte[] value, Duration ttl);

    /**
     * Removes a key.
     *
     * @param key the key
     */
    void delete(String key);

    /**
     * Several values in one round trip (Redis {@code MGET}), in the order of the keys.
     *
     * @param keys the keys
     * @return each key's value, empty where absent or expired
     * @throws StateUnavailableException when the backend cannot be reached
     */
    default List<Optional<byte[]>> getAll(List<String> keys) {
        return keys.stream().map(this::get).toList();
    }

    /**
     * A UTF-8 string value.
     *
     * @param key the key
     * @return the value
     */
    default Optional<String> getString(String key) {
        return get(key).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
    }

    /**
     * Stores a UTF-8 string value.
     *
     * @param key   the key
     * @param value the value
     * @param ttl   time to live
     */
    default void putString(String key, String value, Duration ttl) {
        put(key, value.getBytes(StandardCharsets.UTF_8), ttl);
    }
}
