package agora.platform.state;

import java.net.URI;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/** The machine's Redis, and a key prefix of this test run's own. */
final class TestRedis {
    static final URI URL = URI.create(System.getenv().getOrDefault("AGORA_TEST_REDIS_URL", "redis://127.0.0.1:6379"));

    private TestRedis() {
    }

    /** {@code agora_test_<epoch>_<random>:}, so runs sharing a Redis never see each other's keys. */
    static String newPrefix() {
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        return "agora_test_" + System.currentTimeMillis() / 1000 + "_" + HexFormat.of().formatHex(random) + ":";
    }

    /** A plain client for looking behind the implementation. */
    static RedisClient rawClient() {
        return RedisClient.create(URL);
    }

    /**
     * Deletes every key under the prefix.
     *
     * @return how many keys were deleted
     */
    static long deleteAll(RedisClient redis, String prefix) {
        long deleted = 0;
        ScanParams match = new ScanParams().match(prefix + "*").count(500);
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = redis.scan(cursor, match);
            List<String> keys = page.getResult();
            if (!keys.isEmpty()) {
                deleted += redis.del(keys.toArray(String[]::new));
            }
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return deleted;
    }

    static long count(RedisClient redis, String prefix) {
        long found = 0;
        ScanParams match = new ScanParams().match(prefix + "*").count(500);
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = redis.scan(cursor, match);
            found += page.getResult().size();
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return found;
    }
}
