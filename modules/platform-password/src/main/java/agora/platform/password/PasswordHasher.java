package agora.platform.password;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Semaphore;

import com.password4j.Argon2Function;
import com.password4j.types.Argon2;

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
 * <p>At most as many hashes run at once as the machine has processors; more callers wait their
 * turn. Each hash holds its whole memory cost (19 MiB by default) while it runs, so a burst of
 * logins on virtual threads would otherwise exhaust the heap, and running more hashes than cores
 * makes each one slower without making the burst finish sooner.
 *
 * <p>Thread-safe; one instance serves a process.
 */
public final class PasswordHasher {

    private static final System.Logger LOG = System.getLogger(PasswordHasher.class.getName());

    private final PasswordHashing hashing;
    private final SecureRandom random = new SecureRandom();
    private final Semaphore running;
    /** What {@link #verifyNothing} checks against: the configured cost, random salt and hash. */
    private final EncodedHash dummy;

    private PasswordHasher(PasswordHashing hashing, int concurrentHashes) {
        this.hashing = hashing;
        this.running = new Semaphore(concurrentHashes, true);
        this.dummy = new EncodedHash(hashing.memoryKib(), hashing.iterations(), hashing.parallelism(),
                randomBytes(hashing.saltLength()), randomBytes(hashing.hashLength()));
    }

    /**
     * A hasher that makes new hashes with the given settings.
     *
     * @param hashing the cost of new hashes
     * @return the hasher
     */
    public static PasswordHasher create(PasswordHashing hashing) {
        return new PasswordHasher(Objects.requireNonNull(hashing, "hashing"),
                Runtime.getRuntime().availableProcessors());
    }

    /**
     * Hashes a password with the configured settings and a fresh random salt.
     *
     * @param password the password as typed
     * @return the PHC string to store
     */
    public String hash(String password) {
        Objects.requireNonNull(password, "password");
        byte[] salt = randomBytes(hashing.saltLength());
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
        // Built from explicit parameters: password4j's own defaults (and its psw4j.properties file,
        // which it would warn about missing) are never consulted. It keeps one instance per
        // parameter set for the life of the process, each holding an array of that set's memory
        // size; stored hashes come in few sets, and parse() bounds what one may ask for.
        Argon2Function argon2 = Argon2Function.getInstance(memoryKib, iterations, parallelism, length, Argon2.ID,
                Argon2Function.ARGON2_VERSION_13);
        running.acquireUninterruptibly();
        try {
            return argon2.hash(bytes, salt).getBytes();
        } finally {
            running.release();
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
