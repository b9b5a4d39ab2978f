package agora.platform.testing;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Removes what a test run (or a benchmark) left on the machine's shared NATS and Redis: its streams
 * and its keys, by the prefix it used, so the shared servers keep nothing of it. Failures are
 * reported and swallowed: a leftover is untidy, not a failed test.
 */
public final class Leftovers {
    private Leftovers() {
    }

    /**
     * Deletes the JetStream streams of an events prefix (the platform names them {@code <PREFIX>_…}).
     *
     * @param natsUrl the NATS server
     * @param prefix  the events prefix
     */
    public static void deleteStreams(String natsUrl, String prefix) {
        try (Connection connection = Nats.connect(natsUrl)) {
            JetStreamManagement management = connection.jetStreamManagement();
            for (String stream : management.getStreamNames()) {
                if (stream.startsWith(prefix.toUpperCase(Locale.ROOT) + "_")) {
                    management.deleteStream(stream);
                }
            }
        } catch (Exception e) {
            System.err.println("could not delete the streams of " + prefix + ": " + e.getMessage());
        }
    }

    /**
     * Deletes the Redis keys of a key prefix.
     *
     * @param redisUrl the Redis server
     * @param prefix   the key prefix
     */
    public static void deleteKeys(String redisUrl, String prefix) {
        try (Jedis redis = new Jedis(URI.create(redisUrl))) {
            String cursor = ScanParams.SCAN_POINTER_START;
            List<String> keys = new ArrayList<>();
            do {
                ScanResult<String> page = redis.scan(cursor, new ScanParams().match(prefix + "*").count(1000));
                keys.addAll(page.getResult());
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
            for (int from = 0; from < keys.size(); from += 500) {
                redis.del(keys.subList(from, Math.min(keys.size(), from + 500)).toArray(String[]::new));
            }
        } catch (RuntimeException e) {
            System.err.println("could not delete the Redis keys of " + prefix + ": " + e.getMessage());
        }
    }
}
