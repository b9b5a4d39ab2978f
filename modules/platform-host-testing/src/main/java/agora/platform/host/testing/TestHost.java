package agora.platform.host.testing;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import agora.platform.contract.Catalog;
import agora.platform.host.AgoraService;
import agora.platform.host.Host;
import agora.platform.host.OperatorToken;
import agora.platform.testing.Body;
import agora.platform.testing.Leftovers;
import agora.platform.testing.TestClock;
import agora.platform.testing.TestDatabase;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

/**
 * A service's tests run it the way the pod does: through the {@link Host}, on the real backends of
 * this machine. Each test host works in this run's private database ({@link TestDatabase}; a kept
 * host in one of its own, {@link KeptHosts}) and its own NATS stream prefix and Redis key prefix
 * (both removed when it closes), with a real SMTP server ({@link TestMail}), a clock the test moves
 * ({@link TestClock}), and the test's own territory, created through the territory service's
 * operator API as an operator would.
 *
 * <p>A second host {@linkplain Builder#besides beside} the first stands for services deployed
 * apart: it shares the first one's database, streams and Redis, fetches its signing keys over HTTP
 * and asks it for facts over its internal listener. A host started as {@linkplain Builder#instanceOf
 * another instance} of the first runs the same services over the same data, with settings of its own.
 */
public final class TestHost implements AutoCloseable {
    /** NATS of the tests ({@code AGORA_TEST_NATS_URL}). */
    public static final String NATS = env("AGORA_TEST_NATS_URL", "nats://127.0.0.1:4222");
    /** Redis of the tests ({@code AGORA_TEST_REDIS_URL}). */
    public static final String REDIS = env("AGORA_TEST_REDIS_URL", "redis://127.0.0.1:6379");
    /** The key secret of auth's signing keys in every test host of this run. */
    public static final String KEYS_SECRET = random(32);
    private static final String INTERNAL_SECRET = random(36);
    /** The operator token of every test host that configures none of its own. */
    private static final String OPERATOR_TOKEN = random(36);

    private final Host host;
    private final OperatorToken operatorToken;
    private final TestClock clock;
    private final TestMail mail;
    private final String territory;
    private final Optional<Prefixes> owned;
    private final Prefixes prefixes;
    private final TestDatabase database;
    private final List<Catalog> catalogs;
    private SignIns signIns;

    private TestHost(Host host, OperatorToken operatorToken, TestClock clock, TestMail mail, String territory,
                     Prefixes prefixes, TestDatabase database, List<Catalog> catalogs, boolean owner) {
        this.host = host;
        this.catalogs = catalogs;
        this.operatorToken = operatorToken;
        this.clock = clock;
        this.mail = mail;
        this.territory = territory;
        this.prefixes = prefixes;
        this.database = database;
        this.owned = owner ? Optional.of(prefixes) : Optional.empty();
    }

    /**
     * A test host running exactly these services.
     *
     * @param services the services (usually the territory service and the one under test)
     * @return the builder
     */
    public static Builder with(AgoraService... services) {
        return new Builder(List.of(services));
    }

    /**
     * A service on the module path by name, for tests that run another service beside theirs (the
     * territory service beside auth): services export nothing, so tests cannot construct them.
     *
     * @param name the service's name
     * @return a new instance
     */
    public static AgoraService service(String name) {
        return java.util.ServiceLoader.load(AgoraService.class, TestHost.class.getClassLoader()).stream()
                .map(java.util.ServiceLoader.Provider::get)
                .filter(service -> service.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no service " + name + " on the module path"));
    }

    /** The process. */
    public Host host() {
        return host;
    }

    /** The clock the process reads. */
    public TestClock clock() {
        return clock;
    }

    /** What the process mailed. */
    public TestMail mail() {
        return mail;
    }

    /** The test's territory: requests carry it in {@code X-Territory}. */
    public String territory() {
        return territory;
    }

    /** A client of the public listener in the test's territory. */
    public ApiClient api() {
        return ApiClient.of(host.port()).territory(territory);
    }

    /**
     * A client of the operator listener, sending the operator token as {@code ./agora} does (read
     * now: a test that rotates the token file asks for a new client).
     */
    public ApiClient operator() {
        return ApiClient.of(host.operatorPort()).as(operatorToken.current()
                .orElseThrow(() -> new AssertionError("no operator token in " + operatorToken.source())));
    }

    /** Where the operator token comes from ({@code agora.operator.token}, else its file). */
    public OperatorToken operatorToken() {
        return operatorToken;
    }

    /** A client of the internal listener (calls between services). */
    public ApiClient internal() {
        return ApiClient.of(host.internalPort().orElseThrow(() -> new AssertionError("no internal listener")));
    }

    /** Accounts and sign-ins through the auth service of this host. */
    public synchronized SignIns signIns() {
        if (signIns == null) {
            signIns = new SignIns(this, clock);
        }
        return signIns;
    }

    /**
     * Creates a territory through the territory service's operator API, unless it exists.
     *
     * @param code the territory's code
     */
    public void createTerritory(String code) {
        ApiResponse created = operator().post("/operator/territories", Body.of("code", code, "name", "Test " + code,
                "language", "en"));
        if (created.status() != 201 && !(created.status() == 409 && created.body().contains("territory-exists"))) {
            throw new AssertionError("creating territory " + code + ": " + created.status() + " " + created.body());
        }
    }

    /** Stops the process; the first host of a test also removes its streams and Redis keys. */
    @Override
    public void close() {
        try {
            host.close();
        } finally {
            mail.close();
            owned.ifPresent(Prefixes::clear);
        }
    }

    /** Where a host and the hosts beside it keep their events and shared state. */
    private record Prefixes(String events, String redis) {
        static Prefixes fresh() {
            String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
            return new Prefixes("agoratest" + token, "agora_test_" + token + ":");
        }

        void clear() {
            Leftovers.deleteStreams(NATS, events);
            Leftovers.deleteKeys(REDIS, redis);
        }
    }

    /** Chooses a test host's services, territory and configuration. */
    public static final class Builder {
        private final List<AgoraService> services;
        private final Map<String, String> config = new LinkedHashMap<>();
        private String territory = "DK";
        private TestClock clock = new TestClock(Instant.now());
        private Optional<TestHost> beside = Optional.empty();
        /** The host whose pod this one joins (its database, streams and Redis), if any. */
        private Optional<TestHost> pod = Optional.empty();
        private final List<Catalog> catalogs = new ArrayList<>();

        private Builder(List<AgoraService> services) {
            this.services = services;
        }

        /**
         * The test's territory, created at start when the host runs the territory service (each test
         * class should use its own, so classes do not see each other's data).
         *
         * @param code the territory's code
         * @return this builder
         */
        public Builder territory(String code) {
            this.territory = code;
            return this;
        }

        /**
         * One configuration value (the service's own keys: {@code agora.auth.throttle.registrations} …).
         *
         * @param key   the key
         * @param value the value
         * @return this builder
         */
        public Builder config(String key, String value) {
            config.put(key, value);
            return this;
        }

        /**
         * Several configuration values.
         *
         * @param values the values
         * @return this builder
         */
        public Builder config(Map<String, String> values) {
            config.putAll(values);
            return this;
        }

        /**
         * Declarations of services of the test's own, as their {@code -api} modules' catalogs would
         * be on the module path, for this host (and the hosts {@linkplain #besides beside} it) alone:
         * a test service that contributes to a gatherer (a profile's sections, a member's export)
         * is then known to the tests that run it, and to no other test of the module.
         *
         * @param added the catalogs
         * @return this builder
         */
        public Builder catalogs(Catalog... added) {
            catalogs.addAll(List.of(added));
            return this;
        }

        /**
         * The clock the process reads (shared with a host beside this one, by default).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(TestClock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Runs this host as another process of the same pod as {@code other}: the same streams and
         * Redis, the same territory and clock, signing keys fetched from {@code other}'s public
         * listener, and facts of {@code other}'s services asked over its internal listener.
         *
         * @param other the first host
         * @return this builder
         */
        public Builder besides(TestHost other) {
            this.beside = Optional.of(other);
            return instanceOf(other);
        }

        /**
         * Runs this host as another instance of {@code other}'s pod with configuration of its own, as
         * during a rolling change of a setting: the same database, streams, Redis, territory and clock,
         * and the same services in-process.
         *
         * @param other the first instance
         * @return this builder
         */
        public Builder instanceOf(TestHost other) {
            this.pod = Optional.of(other);
            this.territory = other.territory();
            this.clock = other.clock();
            other.catalogs.stream().filter(catalog -> !catalogs.contains(catalog)).forEach(catalogs::add);
            return this;
        }

        /**
         * Starts the process and, when it runs the territory service, creates the test's territory.
         *
         * @return the running test host
         */
        public TestHost start() {
            TestDatabase database = pod.map(other -> other.database).orElseGet(KeptHosts::database);
            Prefixes prefixes = pod.map(other -> other.prefixes).orElseGet(Prefixes::fresh);
            TestMail mail = TestMail.start();
            Map<String, String> all = new LinkedHashMap<>();
            all.put("server.port", "0");
            all.put("agora.operator.port", "0");
            all.put("agora.internal.port", "0");
            all.put("agora.internal.secret", INTERNAL_SECRET);
            // Not the file under agora.home, which would be the module's directory; a test of the
            // file sets agora.home and an empty agora.operator.token.
            all.put("agora.operator.token", OPERATOR_TOKEN);
            all.put("agora.db.url", database.jdbcUrl());
            all.put("agora.db.user", database.user());
            all.put("agora.db.pool.size", "6");
            all.put("agora.nats.url", NATS);
            all.put("agora.events.prefix", prefixes.events());
            all.put("agora.events.retention", "P1D");
            all.put("agora.events.max.deliveries", "3");
            all.put("agora.events.poll.interval", "PT2S");
            all.put("agora.events.retry.backoff", "PT0.2S");
            all.put("agora.redis.url", REDIS);
            all.put("agora.redis.prefix", prefixes.redis());
            all.put("agora.web.cursor.secret", "a test secret of at least thirty-two bytes");
            all.put("agora.auth.keys.secret", KEYS_SECRET);
            all.put("agora.territories.default", territory);
            all.put("agora.territory.seed", "");
            all.putAll(mail.config());
            beside.ifPresent(other -> {
                all.put("agora.security.jwks-url", "http://127.0.0.1:" + other.host().port() + "/.well-known/jwks.json");
                int internal = other.host().internalPort().orElseThrow();
                other.host().services().forEach(service ->
                        all.put("agora.services." + service + ".url", "http://127.0.0.1:" + internal));
            });
            all.putAll(config);
            Config root = Config.builder()
                    .disableEnvironmentVariablesSource()
                    .disableSystemPropertiesSource()
                    .sources(ConfigSources.create(all))
                    .build();
            Host host;
            try {
                host = Host.builder(root).clock(clock).services(new ArrayList<>(services)).catalogs(catalogs)
                        .withoutLocalDefaults().start();
            } catch (RuntimeException | Error e) {
                mail.close();
                throw e;
            }
            TestHost test = new TestHost(host, OperatorToken.from(root), clock, mail, territory, prefixes,
                    database, List.copyOf(catalogs), pod.isEmpty());
            if (host.services().contains("territory")) {
                try {
                    test.createTerritory(territory);
                } catch (RuntimeException | Error e) {
                    test.close();
                    throw e;
                }
            }
            return test;
        }
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        new SecureRandom().nextBytes(value);
        return Base64.getEncoder().encodeToString(value);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
