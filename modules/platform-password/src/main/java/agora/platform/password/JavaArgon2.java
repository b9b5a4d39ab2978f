package agora.platform.password;

import com.password4j.Argon2Function;
import com.password4j.types.Argon2;

/**
 * Argon2id in Java, by password4j: needs nothing outside the JVM.
 *
 * <p>Each hash allocates its whole memory cost on the heap, and password4j keeps one instance per
 * parameter set for the life of the process, each holding an initial array of that set's memory
 * size; stored hashes come in few parameter sets, and {@link EncodedHash#parse} bounds what one
 * may ask for.
 */
final class JavaArgon2 implements Argon2Engine {

    @Override
    public byte[] hash(byte[] password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
        // Built from explicit parameters: password4j's own defaults (and its psw4j.properties file,
        // which it would warn about missing) are never consulted.
        return Argon2Function.getInstance(memoryKib, iterations, parallelism, length, Argon2.ID,
                        Argon2Function.ARGON2_VERSION_13)
                .hash(password, salt)
                .getBytes();
    }

    @Override
    public HashingBackend backend() {
        return HashingBackend.JAVA;
    }
}
