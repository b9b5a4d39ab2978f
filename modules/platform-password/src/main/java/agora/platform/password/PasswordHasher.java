package agora.platform.password;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import io.helidon.config.Config;

/**
 * Makes and checks Argon2id password hashes, stored as PHC strings
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}) so each carries the parameters it was
 * made with: a hash made before the cost was raised still verifies, and {@link #needsRehash} says
 * when to replace it (after a successful login, the only time the password is at hand).
 *
 * <p>Passwords are normalised to Unicode NFC and encoded as UTF-8 before hashing, so a password
 * typed on a keyboard that composes "å" and on one that sends "a" plus a combining ring (macOS file
 * names, some mobile keyboards) is the same password. NFC, as RFC 8265's OpaqueString profile for
 * passwords prescribes, merges only canonically equivalent spellings; NIST SP 800-63B suggests
 * NFKC/NFKD, which would also fold compatibility characters (full-width letters, ligatures) a user
 * may have chosen deliberately.
 *
 * <p>Checks never throw on stored data: a stored string that is not an Argon2id PHC string within
 * {@link PasswordHashing}'s limits matches no password. Comparison is constant-time, and
 * {@link #verifyNothing} lets a login for an unknown account cost what a wrong password costs.
 *
 * <p>Argon2id is computed by the reference C library through the FFM API or by password4j (see
 * {@link HashingBackend}); both give the same strings, so either verifies the other's hashes.
 *
 * <p>At most {@link HashingCapacity#maxConcurrent()} hashes run at once (the core count by
 * default); more callers wait their turn in arrival order, for at most
 * {@link HashingCapacity#maxWait()}, and are then turned away with {@link HashingBusyException}.
 * Each hash holds its whole memory cost (7 MiB by default) while it runs, so a burst of logins on
 * virtual threads would otherwise exhaust the memory, and running more hashes than cores makes each
 * one slower without making the burst finish sooner.
 *
 * <p>Thread-safe; one instance serves a process.
 */
public final class PasswordHasher {

    private static final System.Logger LOG = System.getLogger(PasswordHasher.class.getName());

    private final PasswordHashing hashing;
    private final HashingGate gate;
    private final Argon2Engine engine;
    private final SecureRandom random = new SecureRandom();
    /** What {@link #verifyNothing} checks against: the configured cost, random salt and hash. */
    private final EncodedHash dummy;

    PasswordHasher(PasswordHashing hashing, HashingCapacity capacity, Argon2Engine engine) {
        this.hashing = hashing;
        this.gate = new HashingGate(capacity);
        this.engine = engine;
        this.dummy = new EncodedHash(hashing.memoryKib(), hashing.iterations(), hashing.parallelism(),
                randomBytes(hashing.saltLength()), randomBytes(hashing.hashLength()));
    }

    /**
     * A hasher that makes new hashes with the given settings, the default capacity
     * ({@link HashingCapacity#defaults()}) and the {@link HashingBackend#AUTO automatic} backend.
     *
     * @param hashing the cost of new hashes
     * @return the hasher
     */
    public static PasswordHasher create(PasswordHashing hashing) {
        return create(hashing, HashingCapacity.defaults(), HashingBackend.AUTO);
    }

    /**
     * A hasher with the given cost, capacity and backend. Which backend it ends up with is logged
     * once, at INFO, or at WARNING when a native backend was wanted but cannot be used (the library
     * is missing, or the module lacks {@code --enable-native-access}); the hasher then uses
     * password4j rather than fail.
     *
     * @param hashing  the cost of new hashes
     * @param capacity how many hashes may run at once, and how long a caller waits for a turn
     * @param backend  which implementation to use
     * @return the hasher
     */
    public static PasswordHasher create(PasswordHashing hashing, HashingCapacity capacity, HashingBackend backend) {
        Objects.requireNonNull(hashing, "hashing");
        Objects.requireNonNull(capacity, "capacity");
        Objects.requireNonNull(backend, "backend");
        Module module = PasswordHasher.class.getModule();
        EngineChoice choice = choose(backend, module.isNativeAccessEnabled(), nativeAccessTarget(module),
                NativeArgon2::load);
        LOG.log(choice.level(), choice.message());
        return new PasswordHasher(hashing, capacity, choice.engine());
    }

    /**
     * A hasher configured from the Argon2 node (the auth service's
     * {@code agora.auth.password.argon2}): {@code memory-kib}, {@code iterations} and
     * {@code parallelism} ({@link PasswordHashing#from}), {@code max-concurrent} and {@code max-wait}
     * ({@link HashingCapacity#from}), and {@code backend} ({@link HashingBackend#from}).
     *
     * @param config the Argon2 node
     * @return the hasher
     * @throws IllegalArgumentException naming the node when a setting is malformed or out of range
     */
    public static PasswordHasher from(Config config) {
        return create(PasswordHashing.from(config), HashingCapacity.from(config), HashingBackend.from(config));
    }

    /**
     * The implementation in use: {@link HashingBackend#NATIVE} or {@link HashingBackend#JAVA}, never
     * {@link HashingBackend#AUTO}.
     *
     * @return the backend computing this hasher's hashes
     */
    public HashingBackend backend() {
        return engine.backend();
    }

    /**
     * Hashes a password with the configured settings and a fresh random salt.
     *
     * @param password the password as typed
     * @return the PHC string to store
     * @throws HashingBusyException when no turn to hash came within the configured wait
     */
    public String hash(String password) {
        Objects.requireNonNull(password, "password");
        return hash(password, randomBytes(hashing.saltLength()));
    }

    /** {@link #hash(String)} with a given salt: for tests that compare backends. */
    String hash(String password, byte[] salt) {
        byte[] hash = argon2(password, hashing.memoryKib(), hashing.iterations(), hashing.parallelism(),
                hashing.hashLength(), salt);
        return new EncodedHash(hashing.memoryKib(), hashing.iterations(), hashing.parallelism(), salt, hash)
                .encode();
    }

    /**
     * Whether a password matches a stored hash, computed with the stored hash's own parameters and
     * compared in constant time. A stored string this module cannot read matches nothing; checking
     * it still costs a configured hash, so it reveals nothing through timing either.
     *
     * @param password the password as typed
     * @param encoded  the stored PHC string
     * @return true only when the password is the one the stored hash was made from
     * @throws HashingBusyException when no turn to hash came within the configured wait
     */
    public boolean verify(String password, String encoded) {
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(encoded, "encoded");
        Optional<EncodedHash> stored = EncodedHash.parse(encoded);
        if (stored.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "A stored password hash is not an Argon2id v=19 PHC string within"
                    + " the accepted limits; it matches no password");
            verifyNothing(password);
            return false;
        }
        return matches(password, stored.get());
    }

    /**
     * Whether a stored hash should be replaced by a new one made with the configured settings: its
     * memory, iterations, hash or salt length is lower than configured, its lane count differs, or
     * it cannot be read. Call it after {@link #verify} succeeded and store {@link #hash} of the same
     * password.
     *
     * @param encoded the stored PHC string
     * @return true when the stored hash falls short of the configured settings
     */
    public boolean needsRehash(String encoded) {
        Objects.requireNonNull(encoded, "encoded");
        return EncodedHash.parse(encoded).map(stored -> stored.outdatedFor(hashing)).orElse(true);
    }

    /**
     * Does the work of a failed {@link #verify} at the configured cost, for a login whose account
     * does not exist: without it, "no such account" answers in microseconds and "wrong password" in
     * tens of milliseconds, which tells an attacker which e-mail addresses have accounts.
     *
     * @param password the password as typed (its length costs a little time too)
     * @throws HashingBusyException when no turn to hash came within the configured wait, as a
     *                              real check would
     */
    public void verifyNothing(String password) {
        Objects.requireNonNull(password, "password");
        matches(password, dummy);
    }

    private boolean matches(String password, EncodedHash stored) {
        byte[] computed = argon2(password, stored.memoryKib(), stored.iterations(), stored.parallelism(),
                stored.hash().length, stored.salt());
        return MessageDigest.isEqual(computed, stored.hash());
    }

    private byte[] argon2(String password, int memoryKib, int iterations, int parallelism, int length, byte[] salt) {
        byte[] bytes = Normalizer.normalize(password, Normalizer.Form.NFC).getBytes(StandardCharsets.UTF_8);
        try {
            gate.enter();
            long start = System.nanoTime();
            try {
                return engine.hash(bytes, salt, memoryKib, iterations, parallelism, length);
            } finally {
                gate.leave(System.nanoTime() - start);
            }
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /**
     * Which engine a configured backend comes to, and what to log about it.
     *
     * @param configured    the configured backend
     * @param nativeAccess  whether this module may call native code
     * @param accessTarget  what {@code --enable-native-access} must name for this module
     * @param nativeLibrary loads the library; called only with native access and a backend that wants it
     * @return the engine and the log record
     */
    static EngineChoice choose(HashingBackend configured, boolean nativeAccess, String accessTarget,
                               Supplier<NativeArgon2.Loading> nativeLibrary) {
        if (configured == HashingBackend.JAVA) {
            return new EngineChoice(new JavaArgon2(), System.Logger.Level.INFO,
                    "Password hashes: Argon2id by password4j (backend=java)");
        }
        if (!nativeAccess) {
            // Checked first: calling a restricted method without access would make the JVM print its
            // own warning (or, with --illegal-native-access=deny, throw).
            return new EngineChoice(new JavaArgon2(), System.Logger.Level.WARNING,
                    "Password hashes: Argon2id by password4j, not libargon2 (backend=" + configured.configValue()
                            + "): native access is not enabled for " + accessTarget
                            + "; start Java with --enable-native-access=" + accessTarget
                            + " to use libargon2, or set backend=java to use password4j without this warning");
        }
        NativeArgon2.Loading loading = nativeLibrary.get();
        if (loading.engine().isPresent()) {
            return new EngineChoice(loading.engine().get(), System.Logger.Level.INFO,
                    "Password hashes: Argon2id by " + NativeArgon2.LIBRARY + " through the FFM API (backend="
                            + configured.configValue() + ")");
        }
        return new EngineChoice(new JavaArgon2(),
                configured == HashingBackend.NATIVE ? System.Logger.Level.WARNING : System.Logger.Level.INFO,
                "Password hashes: Argon2id by password4j (backend=" + configured.configValue() + "): "
                        + loading.problem());
    }

    /**
     * The engine a hasher uses and the record that says so.
     *
     * @param engine  the engine
     * @param level   INFO, or WARNING when a wanted native backend could not be used
     * @param message what to log
     */
    record EngineChoice(Argon2Engine engine, System.Logger.Level level, String message) { }

    private static String nativeAccessTarget(Module module) {
        return module.isNamed() ? module.getName() : "ALL-UNNAMED";
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
