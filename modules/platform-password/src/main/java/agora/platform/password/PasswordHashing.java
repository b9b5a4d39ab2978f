package agora.platform.password;

import java.util.List;
import java.util.stream.Collectors;

import io.helidon.config.Config;

/**
 * How costly each Argon2id password hash is: memory in KiB, iterations (passes over that memory),
 * parallelism (lanes), and the lengths of the hash and of its random salt.
 *
 * <p>The defaults are the row of OWASP's recommended minimum that costs a login the least on our
 * machines, m=7168 (7 MiB), t=5, p=1 (as strong as m=19456 t=2 by OWASP's table; decision 91), with a
 * 32-byte hash and a 16-byte salt (RFC 9106). Settings weaker than OWASP's minimum are refused: a configuration
 * must reach the memory of at least one of OWASP's equally strong rows for its iteration count
 * (m=47104 t=1, m=19456 t=2, m=12288 t=3, m=9216 t=4, m=7168 t=5), so a typo cannot quietly make
 * every new password cheap to crack. Upper limits keep a single hash from exhausting the heap; a
 * stored hash beyond them is not verified either (see {@link PasswordHasher}).
 *
 * @param memoryKib   memory per hash in KiB
 * @param iterations  passes over that memory
 * @param parallelism lanes; the memory is divided between them
 * @param hashLength  bytes of Argon2 output stored
 * @param saltLength  bytes of random salt per hash
 */
public record PasswordHashing(int memoryKib, int iterations, int parallelism, int hashLength, int saltLength) {

    /** OWASP's minimum rows of equal strength for Argon2id with p=1. */
    private static final List<Row> OWASP_MINIMUM = List.of(
            new Row(47_104, 1), new Row(19_456, 2), new Row(12_288, 3), new Row(9_216, 4), new Row(7_168, 5));

    /** 2 GiB: RFC 9106's first recommended option, far above anything a login server should use. */
    static final int MAX_MEMORY_KIB = 2 * 1024 * 1024;
    static final int MAX_ITERATIONS = 64;
    static final int MAX_PARALLELISM = 64;
    static final int MIN_BYTES = 16;
    static final int MAX_BYTES = 64;

    /** Refuses settings below OWASP's minimum, above the limits, or with too short a hash or salt. */
    public PasswordHashing {
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException(
                    "Argon2id parallelism must be between 1 and " + MAX_PARALLELISM + ", not " + parallelism);
        }
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException(
                    "Argon2id iterations must be between 1 and " + MAX_ITERATIONS + ", not " + iterations);
        }
        if (memoryKib > MAX_MEMORY_KIB) {
            throw new IllegalArgumentException(
                    "Argon2id memory-kib must be at most " + MAX_MEMORY_KIB + " (2 GiB), not " + memoryKib);
        }
        if (!meetsOwaspMinimum(memoryKib, iterations)) {
            throw new IllegalArgumentException("Argon2id memory-kib=" + memoryKib + " with iterations=" + iterations
                    + " is below OWASP's minimum; use at least one of " + owaspRows() + " (parallelism 1 or more)");
        }
        if (hashLength < MIN_BYTES || hashLength > MAX_BYTES) {
            throw new IllegalArgumentException(
                    "Argon2id hash length must be " + MIN_BYTES + " to " + MAX_BYTES + " bytes, not " + hashLength);
        }
        if (saltLength < MIN_BYTES || saltLength > MAX_BYTES) {
            throw new IllegalArgumentException(
                    "Argon2id salt length must be " + MIN_BYTES + " to " + MAX_BYTES + " bytes, not " + saltLength);
        }
    }

    /**
     * The cheapest of OWASP's equally strong rows here: m=7168 KiB, t=5, p=1, a 32-byte hash and a 16-byte salt.
     *
     * @return the default settings
     */
    public static PasswordHashing defaults() {
        return new PasswordHashing(7_168, 5, 1, 32, 16);
    }

    /**
     * Reads {@code memory-kib}, {@code iterations} and {@code parallelism} from the given node (the
     * auth service hands it {@code agora.auth.password.argon2}); a missing key keeps its default.
     * The hash and salt lengths are not configurable: nothing is gained by changing them.
     *
     * @param config the Argon2 node
     * @return the settings
     * @throws IllegalArgumentException naming the node when the settings are weaker than OWASP's
     *                                  minimum or outside the limits
     */
    public static PasswordHashing from(Config config) {
        PasswordHashing defaults = defaults();
        try {
            return new PasswordHashing(
                    config.get("memory-kib").asInt().orElse(defaults.memoryKib()),
                    config.get("iterations").asInt().orElse(defaults.iterations()),
                    config.get("parallelism").asInt().orElse(defaults.parallelism()),
                    defaults.hashLength(),
                    defaults.saltLength());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(config.key() + ": " + e.getMessage(), e);
        }
    }

    /** Whether m and t reach the memory of one of OWASP's rows for at most t passes. */
    static boolean meetsOwaspMinimum(int memoryKib, int iterations) {
        return OWASP_MINIMUM.stream().anyMatch(row -> memoryKib >= row.memoryKib() && iterations >= row.iterations());
    }

    private static String owaspRows() {
        return OWASP_MINIMUM.stream()
                .map(row -> "memory-kib=" + row.memoryKib() + " iterations=" + row.iterations())
                .collect(Collectors.joining(", "));
    }

    private record Row(int memoryKib, int iterations) { }
}
