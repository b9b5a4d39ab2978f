package agora.platform.host.testing;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

import agora.platform.testing.TestDatabase;

/**
 * Hosts a test class starts in {@code @BeforeAll}, kept up between single-test runs in one JVM when
 * {@value #PROPERTY} is {@code true} (the mutation run sets it).
 *
 * <p>Why: PIT runs a mutant's tests one at a time, each as a JUnit run of its own, so a class's
 * {@code @BeforeAll} starts its hosts again for every test. For auth that is about a second of
 * start-up and shut-down around a test of a tenth of one, and the module's run took hours.
 *
 * <p>What keeps a kept host honest: all of them are started anew after any run in which a test did not
 * pass, so a mutant that broke a host leaves no broken host to the next ({@link KeptHostsListener}
 * hears it from JUnit); and the tests of a class that keeps its hosts pass when run again on them, one
 * by one and in any order, as PIT runs them (each creates its own members and addresses).
 *
 * <p>Each key's hosts work in a database of their own ({@link #database}), kept for the run: a host
 * serves every territory of its database, so in one shared database the kept hosts of other classes
 * would fire this class's durable timers and run its housekeeping by their own test clocks (hours or
 * days apart), and their relays would take this class's outbox (under another events prefix) and
 * fail on it. Without the property {@link #start} starts and {@link #kept} says no, so tests behave
 * as always.
 */
public final class KeptHosts {
    /** The system property that keeps hosts: {@code true} in the mutation run only. */
    public static final String PROPERTY = "agora.test.keep-hosts";

    /**
     * How many classes' hosts stay up at once ({@value #MOST_PROPERTY}, default 5), the least recently
     * used stopped first: each holds its own PostgreSQL pools (up to about ten connections a class,
     * of the 100 the machine's server takes; {@code ./agora mutate} gives several workers fewer).
     */
    public static final String MOST_PROPERTY = "agora.test.keep-hosts.most";

    private static final Map<String, Kept<?>> BY_KEY = new LinkedHashMap<>(16, 0.75f, true);
    private static final Map<Object, Kept<?>> BY_HOST = new IdentityHashMap<>();
    /** Each key's database, kept for the run (a host started again after a failure finds its data). */
    private static final Map<String, TestDatabase> DATABASES = new HashMap<>();
    private static final ThreadLocal<TestDatabase> STARTING = new ThreadLocal<>();
    private static boolean spoiled;
    private static boolean hooked;

    private KeptHosts() {
    }

    /**
     * A class's hosts: started by {@code start}, or, when hosts are kept, the ones a run before
     * started under the same key.
     *
     * @param key   what tells these hosts apart (the class's territory and settings)
     * @param start starts them
     * @param stop  stops them for good (the test's own {@code close} asks {@link #kept} first)
     */
    public static synchronized <T> T start(String key, Supplier<T> start, Consumer<T> stop) {
        if (!Boolean.getBoolean(PROPERTY)) {
            return start.get();
        }
        if (spoiled) {
            stopAll();
        }
        Kept<?> found = BY_KEY.get(key);
        if (found != null) {
            @SuppressWarnings("unchecked")
            T host = (T) found.host();
            return host;
        }
        if (BY_KEY.size() >= Integer.getInteger(MOST_PROPERTY, 5)) {
            String eldest = BY_KEY.keySet().iterator().next();
            Kept<?> leaving = BY_KEY.remove(eldest);
            BY_HOST.remove(leaving.host());
            leaving.stop();
        }
        System.err.println("KeptHosts: starting " + key);
        STARTING.set(DATABASES.computeIfAbsent(key, ignored -> TestDatabase.create()));
        T host;
        try {
            host = start.get();
        } finally {
            STARTING.remove();
        }
        Kept<T> kept = new Kept<>(host, stop);
        BY_KEY.put(key, kept);
        BY_HOST.put(host, kept);
        if (!hooked) {
            hooked = true;
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(KeptHosts::stopAllQuietly));
        }
        return host;
    }

    /**
     * The database a test host being started works in: while {@link #start} keeps hosts, its key's
     * own; otherwise this run's.
     *
     * @return the database
     */
    static TestDatabase database() {
        TestDatabase starting = STARTING.get();
        return starting != null ? starting : TestDatabase.get();
    }

    /** Whether {@code host} is kept: its class's {@code @AfterAll} must then leave it up. */
    public static synchronized boolean kept(Object host) {
        return BY_HOST.containsKey(host);
    }

    /** A test did not pass: the kept hosts may be in any state, so the next run starts fresh ones. */
    static synchronized void testFailed() {
        spoiled = true;
    }

    private static void stopAll() {
        System.err.println("KeptHosts: stopping " + BY_KEY.size() + (spoiled ? " (a test did not pass)" : ""));
        RuntimeException first = null;
        for (Kept<?> kept : BY_KEY.values()) {
            try {
                kept.stop();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        BY_KEY.clear();
        BY_HOST.clear();
        spoiled = false;
        if (first != null) {
            throw first;
        }
    }

    private static synchronized void stopAllQuietly() {
        try {
            stopAll();
        } catch (RuntimeException ignored) {
            // The JVM is ending; the shared servers' prefixes of a host that failed to stop stay behind.
        }
    }

    private record Kept<T>(T host, Consumer<T> stopper) {
        void stop() {
            stopper.accept(host);
        }
    }
}
