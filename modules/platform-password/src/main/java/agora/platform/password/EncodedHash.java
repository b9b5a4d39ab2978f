package agora.platform.password;

import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Argon2id hash in the PHC string format the reference implementation writes:
 * {@code $argon2id$v=19$m=<KiB>,t=<iterations>,p=<lanes>$<salt>$<hash>}, salt and hash in standard
 * Base64 without padding.
 *
 * <p>Parsing is strict and bounded: only Argon2id version 19 (what this module writes), decimal
 * parameters without sign or leading zeros, and values within {@link PasswordHashing}'s limits.
 * A stored string is data from the database, and a corrupt one must neither throw from a login nor
 * ask for gigabytes of memory. The arrays are never shared beyond this package.
 */
record EncodedHash(int memoryKib, int iterations, int parallelism, byte[] salt, byte[] hash) {

    private static final String PREFIX = "$argon2id$v=19$";

    // Nine digits at most: every accepted value fits an int before the range checks.
    private static final Pattern PHC = Pattern.compile(Pattern.quote(PREFIX)
            + "m=([1-9][0-9]{0,8}),t=([1-9][0-9]{0,8}),p=([1-9][0-9]{0,8})"
            + "\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");

    /** Shortest salt accepted from storage: Argon2's own minimum, which other tools may have written. */
    private static final int MIN_STORED_SALT = 8;

    private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getDecoder();

    /**
     * Reads a stored string.
     *
     * @param encoded the stored string
     * @return the hash, or empty when the string is not an Argon2id v19 PHC string within the limits
     */
    static Optional<EncodedHash> parse(String encoded) {
        Matcher m = PHC.matcher(encoded);
        if (!m.matches()) {
            return Optional.empty();
        }
        int memoryKib = Integer.parseInt(m.group(1));
        int iterations = Integer.parseInt(m.group(2));
        int parallelism = Integer.parseInt(m.group(3));
        if (memoryKib > PasswordHashing.MAX_MEMORY_KIB
                || iterations > PasswordHashing.MAX_ITERATIONS
                || parallelism > PasswordHashing.MAX_PARALLELISM
                || memoryKib < 8 * parallelism) { // Argon2's own minimum: eight blocks per lane
            return Optional.empty();
        }
        byte[] salt;
        byte[] hash;
        try {
            salt = DECODER.decode(m.group(4));
            hash = DECODER.decode(m.group(5));
        } catch (IllegalArgumentException e) { // a length no Base64 encoder produces
            return Optional.empty();
        }
        if (salt.length < MIN_STORED_SALT || salt.length > PasswordHashing.MAX_BYTES
                || hash.length < PasswordHashing.MIN_BYTES || hash.length > PasswordHashing.MAX_BYTES) {
            return Optional.empty();
        }
        return Optional.of(new EncodedHash(memoryKib, iterations, parallelism, salt, hash));
    }

    /**
     * The PHC string to store.
     *
     * @return the encoded form
     */
    String encode() {
        return PREFIX + "m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism
                + "$" + ENCODER.encodeToString(salt) + "$" + ENCODER.encodeToString(hash);
    }

    /**
     * Whether this hash should be replaced by one made with the given settings: it is weaker than
     * they are (less memory × passes, the work OWASP's equally strong rows keep about level, or
     * below OWASP's minimum for its passes), its hash or salt is shorter, or its lane count differs
     * (lanes change the hash without making it weaker, but every stored hash should converge on what
     * is configured). A hash as strong on another row is kept: moving it would not make it stronger.
     */
    boolean outdatedFor(PasswordHashing hashing) {
        return (long) memoryKib * iterations < (long) hashing.memoryKib() * hashing.iterations()
                || !PasswordHashing.meetsOwaspMinimum(memoryKib, iterations)
                || parallelism != hashing.parallelism()
                || hash.length < hashing.hashLength()
                || salt.length < hashing.saltLength();
    }
}
