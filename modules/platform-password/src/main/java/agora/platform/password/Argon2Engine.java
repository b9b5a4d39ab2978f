package agora.platform.password;

/**
 * Computes raw Argon2id (version 19) output; {@link PasswordHasher} adds the salt, the PHC encoding,
 * the concurrency cap and the constant-time comparison, so every engine yields the same stored
 * strings and verifies the others' hashes.
 */
interface Argon2Engine {

    /**
     * Raw Argon2id v19 output.
     *
     * @param password    the password bytes (NFC, UTF-8); the caller clears them afterwards
     * @param salt        the salt
     * @param memoryKib   memory in KiB
     * @param iterations  passes over the memory
     * @param parallelism lanes
     * @param length      bytes of output
     * @return the output
     */
    byte[] hash(byte[] password, byte[] salt, int memoryKib, int iterations, int parallelism, int length);

    /**
     * Which implementation this is.
     *
     * @return {@link HashingBackend#NATIVE} or {@link HashingBackend#JAVA}
     */
    HashingBackend backend();
}
