package agora.platform.state;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import javax.net.ssl.SSLParameters;

import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisBusyException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;
import redis.clients.jedis.params.SetParams;

/**
 * Shared state in Redis: what several instances of a service (or several pods' services) use to
 * share caches and rate limits. Created once per process with {@link #connect(URI, String, Clock)}
 * and closed at shutdown.
 *
 * <p>Keys are {@code <keyPrefix>cache:<namespace>:<key>} and {@code <keyPrefix>rate:<namespace>:<key>},
 * so runs and pods that share a Redis with different prefixes never see each other, and a cache
 * and a rate limiter of the same namespace never meet. Cache TTLs are Redis's own (real time); the
 * rate limiter's time comes from the injected clock. A Redis that cannot be reached, or refuses
 * because it is loading, busy, read-only or the credentials are wrong, becomes
 * {@link StateUnavailableException} (a 503) within the configured timeouts; the pool reconnects by
 * itself when Redis is back.
 */
public final class RedisState implements SharedState {
    private static final System.Logger LOG = System.getLogger(RedisState.class.getName());

    /*
     * Sliding-window log, the same algorithm as InProcessState: a sorted set of the times (score,
     * epoch milliseconds from the caller's clock) of the permits granted within the last window.
     * One script, so trimming, counting and adding are atomic across every instance.
     * KEYS[1] the log; ARGV: now, window start (now - window), window (ms), permits, unique member.
     * Returns {allowed 0|1, remaining, retry after (ms)}.
     */
    private static final String ACQUIRE = """
            local key = KEYS[1]
            redis.call('ZREMRANGEBYSCORE', key, '-inf', ARGV[2])
            local count = redis.call('ZCARD', key)
            local permits = tonumber(ARGV[4])
            if count < permits then
              redis.call('ZADD', key, ARGV[1], ARGV[5])
              redis.call('PEXPIRE', key, ARGV[3])
              return {1, permits - count - 1, 0}
            end
            local freeing = redis.call('ZRANGE', key, count - permits, count - permits, 'WITHSCORES')
            return {0, 0, tonumber(freeing[2]) + tonumber(ARGV[3]) - tonumber(ARGV[1])}
            """;
    private static final String ACQUIRE_SHA = sha1(ACQUIRE);
    /*
     * A reservation: one permit under each of several logs, all or none, in one script (so atomic
     * across every instance). First every log is trimmed and checked; only when each has room is
     * the permit added to all of them. Refused, nothing is written.
     * KEYS the logs; ARGV: now, unique member, then per key its window (ms) and permits.
     * Returns {allowed 0|1, retry after (ms): the longest wait of a full log}.
     */
    private static final String RESERVE = """
            local now = tonumber(ARGV[1])
            local wait = -1
            for i, key in ipairs(KEYS) do
              local window = tonumber(ARGV[2 * i + 1])
              local permits = tonumber(ARGV[2 * i + 2])
              redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
              local count = redis.call('ZCARD', key)
              if count >= permits then
                local freeing = redis.call('ZRANGE', key, count - permits, count - permits, 'WITHSCORES')
                local free = tonumber(freeing[2]) + window - now
                if free > wait then wait = free end
              end
            end
            if wait >= 0 then
              return {0, wait}
            end
            for i, key in ipairs(KEYS) do
              redis.call('ZADD', key, now, ARGV[2])
              redis.call('PEXPIRE', key, ARGV[2 * i + 1])
            end
            return {1, 0}
            """;
    private static final String RESERVE_SHA = sha1(RESERVE);
    /*
     * Gives a reservation's permit back and forgets some logs: KEYS the reservation's logs, then the
     * logs to forget; ARGV[1] the member (empty: nothing to give back), ARGV[2] how many of KEYS are
     * the reservation's.
     */
    private static final String RELEASE = """
            local held = tonumber(ARGV[2])
            for i, key in ipairs(KEYS) do
              if i <= held then
                redis.call('ZREM', key, ARGV[1])
              else
                redis.call('DEL', key)
              end
            end
            return 0
            """;
    private static final String RELEASE_SHA = sha1(RELEASE);

    private final RedisClient client;
    private final String keyPrefix;
    private final Clock clock;
    private final String where;
    private final String description;
    private final String memberTag;
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicBoolean reachable = new AtomicBoolean(true);

    private RedisState(RedisClient client, String keyPrefix, Clock clock, String where, String description) {
        this.client = client;
        this.keyPrefix = keyPrefix;
        this.clock = clock;
        this.where = where;
        this.description = description;
        this.memberTag = Long.toHexString(new SecureRandom().nextLong());
    }

    /**
     * Redis state with the default {@link Options} (2 s timeouts, 64 connections). Connections
     * are opened on first use: call {@link #ping()} to check that Redis answers.
     *
     * @param redisUrl  {@code redis://[[user]:password@]host[:port][/db]}, or {@code rediss://} for TLS
     *                  (the server's certificate must be trusted by the JVM and name the host)
     * @param keyPrefix put in front of every key ({@code agora:}, or a test run's own prefix);
     *                  letters, digits, {@code . _ - :}
     * @param clock     the rate limiter's time
     * @return the state
     * @throws IllegalArgumentException when the URL or prefix is not usable
     */
    public static RedisState connect(URI redisUrl, String keyPrefix, Clock clock) {
        return connect(redisUrl, keyPrefix, clock, Options.defaults());
    }

    /**
     * Redis state with the given options.
     *
     * @param redisUrl  {@code redis://[[user]:password@]host[:port][/db]} or {@code rediss://…}
     * @param keyPrefix put in front of every key
     * @param clock     the rate limiter's time
     * @param options   timeouts and pool size
     * @return the state
     * @throws IllegalArgumentException when the URL or prefix is not usable
     */
    public static RedisState connect(URI redisUrl, String keyPrefix, Clock clock, Options options) {
        Names.keyPrefix(keyPrefix);
        Location location = Location.of(redisUrl);
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(Math.toIntExact(options.connectTimeout().toMillis()))
                .socketTimeoutMillis(Math.toIntExact(options.commandTimeout().toMillis()))
                .database(location.database())
                .clientName("agora")
                .ssl(location.tls());
        location.user().ifPresent(config::user);
        location.password().ifPresent(config::password);
        if (location.tls()) {
            // Jedis checks the certificate chain but not that it names the host unless asked.
            SSLParameters tls = new SSLParameters();
            tls.setEndpointIdentificationAlgorithm("HTTPS");
            config.sslParameters(tls);
        }
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(options.maxConnections());
        pool.setMaxIdle(options.maxConnections());
        pool.setMinIdle(0);
        pool.setBlockWhenExhausted(true);
        // The default waits forever for a free connection; a request should rather get its 503.
        pool.setMaxWait(options.commandTimeout());
        RedisClient client = RedisClient.builder()
                .hostAndPort(new HostAndPort(location.host(), location.port()))
                .clientConfig(config.build())
                .poolConfig(pool)
                .build();
        String where = location.host() + ":" + location.port();
        String description = "Redis at " + where + " (database " + location.database()
                + (location.tls() ? ", TLS" : "") + ", key prefix '" + keyPrefix
                + "'; set AGORA_REDIS_URL to use another Redis)";
        return new RedisState(client, keyPrefix, clock, where, description);
    }

    @Override
    public Cache cache(String namespace) {
        String prefix = keyPrefix + "cache:" + Names.namespace(namespace) + ":";
        return new MeteredCache(namespace, new Cache() {
            @Override
            public Optional<byte[]> get(String key) {
                return Optional.ofNullable(call(() -> client.get(bytes(prefix + key))));
            }

            @Override
            public List<Optional<byte[]>> getAll(List<String> keys) {
                byte[][] prefixed = keys.stream().map(key -> bytes(prefix + key)).toArray(byte[][]::new);
                List<byte[]> values = call(() -> client.mget(prefixed));
                return values.stream().map(Optional::ofNullable).toList();
            }

            @Override
            public void put(String key, byte[] value, Duration ttl) {
                SetParams expiring = SetParams.setParams().px(millis(ttl));
                call(() -> client.set(bytes(prefix + key), value, expiring));
            }

            @Override
            public boolean putIfAbsent(String key, byte[] value, Duration ttl) {
                SetParams expiring = SetParams.setParams().nx().px(millis(ttl));
                // SET NX answers OK when it stored the value, nil when the key was there.
                return call(() -> client.set(bytes(prefix + key), value, expiring)) != null;
            }

            @Override
            public void delete(String key) {
                call(() -> client.del(bytes(prefix + key)));
            }
        });
    }

    @Override
    public RateLimiter rateLimiter(String namespace) {
        String prefix = keyPrefix + "rate:" + Names.namespace(namespace) + ":";
        return new RateLimiter() {
            @Override
            public Decision acquire(String key, Limit limit) {
                long now = clock.millis();
                long window = Math.max(1, limit.window().toMillis());
                List<String> keys = List.of(prefix + key);
                List<String> args = List.of(Long.toString(now), Long.toString(now - window),
                        Long.toString(window), Integer.toString(limit.permits()),
                        now + ":" + memberTag + ":" + attempts.incrementAndGet());
                List<?> reply = (List<?>) script(ACQUIRE, ACQUIRE_SHA, keys, args);
                boolean allowed = ((Long) reply.get(0)) == 1L;
                int remaining = Math.toIntExact((Long) reply.get(1));
                Duration retryAfter = Duration.ofMillis((Long) reply.get(2));
                return new Decision(allowed, remaining, retryAfter);
            }

            @Override
            public Reservation reserve(List<Tier> tiers) {
                List<Tier> checked = Names.tiers(tiers);
                long now = clock.millis();
                String member = now + ":" + memberTag + ":" + attempts.incrementAndGet();
                List<String> keys = checked.stream().map(tier -> prefix + tier.key()).toList();
                List<String> args = new ArrayList<>(List.of(Long.toString(now), member));
                for (Tier tier : checked) {
                    args.add(Long.toString(Math.max(1, tier.limit().window().toMillis())));
                    args.add(Integer.toString(tier.limit().permits()));
                }
                List<?> reply = (List<?>) script(RESERVE, RESERVE_SHA, keys, args);
                return ((Long) reply.get(0)) == 1L
                        ? Reservation.granted(member, keys)
                        : Reservation.refused(Duration.ofMillis((Long) reply.get(1)));
            }

            @Override
            public void release(Reservation reservation, List<String> reset) {
                List<String> held = reservation.allowed() ? reservation.keys() : List.of();
                if (held.isEmpty() && reset.isEmpty()) {
                    return;
                }
                List<String> keys = new ArrayList<>(held);
                reset.forEach(key -> keys.add(prefix + key));
                script(RELEASE, RELEASE_SHA, keys, List.of(reservation.permit(), Integer.toString(held.size())));
            }

            @Override
            public void reset(String key) {
                call(() -> client.del(prefix + key));
            }
        };
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void ping() {
        call(client::ping);
    }

    @Override
    public void close() {
        client.close();
    }

    /** Runs a script by its SHA-1, sending it again when Redis has forgotten it (a restart, a flush). */
    private Object script(String script, String sha, List<String> keys, List<String> args) {
        return call(() -> {
            try {
                return client.evalsha(sha, keys, args);
            } catch (JedisNoScriptException flushed) {
                return client.eval(script, keys, args);
            }
        });
    }

    private <T> T call(Supplier<T> command) {
        T result;
        try {
            result = command.get();
        } catch (JedisConnectionException e) {
            // Every idle connection points at the same lost server: drop them all, so the first
            // command after Redis is back does not fail on a stale one.
            client.getPool().clear();
            throw unavailable(e);
        } catch (JedisAccessControlException | JedisBusyException e) {
            throw unavailable(e);
        } catch (JedisDataException e) {
            if (isTransient(e)) {
                throw unavailable(e);
            }
            // Any other error reply is a bug here (a wrong type under our key, a broken script):
            // a logged 500, not a 503 that nobody looks into.
            throw new IllegalStateException("Redis at " + where + " refused a command: " + e.getMessage(), e);
        } catch (JedisException e) {
            // No connection could be had from the pool in time, or the client gave up.
            throw unavailable(e);
        }
        if (!reachable.get() && reachable.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.INFO, "Redis at " + where + " answers again");
        }
        return result;
    }

    private StateUnavailableException unavailable(JedisException e) {
        if (reachable.compareAndSet(true, false)) {
            LOG.log(System.Logger.Level.WARNING, "Redis at " + where + " cannot be used (" + e.getMessage()
                    + "); requests that need shared state get 503 until it answers again");
        }
        return new StateUnavailableException(e);
    }

    private static boolean isTransient(JedisDataException e) {
        String message = Optional.ofNullable(e.getMessage()).orElse("");
        return message.startsWith("LOADING") || message.startsWith("READONLY") || message.startsWith("MASTERDOWN")
                || message.startsWith("TRYAGAIN") || message.startsWith("CLUSTERDOWN")
                || message.startsWith("NOREPLICAS") || message.startsWith("NOAUTH")
                || message.startsWith("WRONGPASS");
    }

    private static long millis(Duration ttl) {
        Duration positive = Names.positive(ttl);
        long millis = positive.toMillis();
        // PX takes whole milliseconds: a sub-millisecond remainder rounds up, never down to zero.
        return positive.equals(Duration.ofMillis(millis)) ? millis : millis + 1;
    }

    private static byte[] bytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    private static String sha1(String script) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(sha1.digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    /**
     * How Redis is reached.
     *
     * @param connectTimeout how long opening a connection may take
     * @param commandTimeout how long one command (or waiting for a free pooled connection) may take
     * @param maxConnections the pool's size
     */
    public record Options(Duration connectTimeout, Duration commandTimeout, int maxConnections) {
        /**
         * Checks the options.
         *
         * @throws IllegalArgumentException when a timeout is not positive or too long, or the pool is empty
         */
        public Options {
            for (Duration timeout : List.of(connectTimeout, commandTimeout)) {
                if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("timeouts must be positive milliseconds: " + timeout);
                }
            }
            if (maxConnections < 1) {
                throw new IllegalArgumentException("maxConnections must be positive");
            }
        }

        /**
         * Two-second timeouts, so an unreachable Redis becomes a prompt 503, and 64 connections: requests
         * run on virtual threads, so many may want one at once (a burst of 50 registrations takes
         * several each), and Redis serves thousands of connections easily.
         *
         * @return the defaults
         */
        public static Options defaults() {
            return new Options(Duration.ofSeconds(2), Duration.ofSeconds(2), 64);
        }
    }

    /** The parts of a Redis URL, password included (never logged or described). */
    private record Location(String host, int port, int database, boolean tls,
                            Optional<String> user, Optional<String> password) {

        static Location of(URI url) {
            String scheme = Optional.ofNullable(url.getScheme()).orElse("");
            if (!scheme.equals("redis") && !scheme.equals("rediss")) {
                throw new IllegalArgumentException("a Redis URL starts with redis:// or rediss://");
            }
            String host = Optional.ofNullable(url.getHost())
                    .orElseThrow(() -> new IllegalArgumentException("the Redis URL names no host"));
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port = url.getPort() == -1 ? 6379 : url.getPort();
            int database = 0;
            String path = Optional.ofNullable(url.getPath()).orElse("");
            if (!path.isEmpty() && !path.equals("/")) {
                try {
                    database = Integer.parseInt(path.substring(1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("the Redis URL's path is a database number", e);
                }
            }
            Optional<String> user = Optional.empty();
            Optional<String> password = Optional.empty();
            String userInfo = url.getUserInfo();
            if (userInfo != null) {
                int colon = userInfo.indexOf(':');
                if (colon < 0) {
                    throw new IllegalArgumentException(
                            "the Redis URL names a user without a password; write redis://:password@host or "
                                    + "redis://user:password@host");
                }
                user = Optional.of(userInfo.substring(0, colon)).filter(name -> !name.isEmpty());
                password = Optional.of(userInfo.substring(colon + 1));
            }
            return new Location(host, port, database, scheme.equals("rediss"), user, password);
        }
    }
}
