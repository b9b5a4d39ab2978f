package agora.platform.password;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stored hash is read right up to the accepted limits and not one step past them: a hash at a
 * limit still signs its owner in (and is kept when it is as strong as configured), one past a limit
 * matches no password and is replaced at the next login. Found by mutation testing: moving any of
 * these bounds by one left every other test passing.
 */
class StoredHashLimitsTest {

    private static final String PASSWORD = "korrekt hest batteri h\u00e6fteklamme";

    private final PasswordHasher hasher = PasswordHasher.create(PasswordHashing.defaults(),
            HashingCapacity.defaults(), HashingBackend.NATIVE);

    @Test
    void theLargestAcceptedMemoryIsReadAndOneKibibyteMoreIsNot() {
        // needsRehash only reads the string: a strong hash at the limit is kept, one past it is not
        // readable and so is replaced.
        assertFalse(hasher.needsRehash(stored(PasswordHashing.MAX_MEMORY_KIB, 5, 1)));
        assertTrue(hasher.needsRehash(stored(PasswordHashing.MAX_MEMORY_KIB + 1, 5, 1)));
    }

    @Test
    void theMostPassesAcceptedAreReadAndOneMoreIsNot() {
        assertFalse(hasher.needsRehash(stored(7_168, PasswordHashing.MAX_ITERATIONS, 1)));
        assertTrue(hasher.needsRehash(stored(7_168, PasswordHashing.MAX_ITERATIONS + 1, 1)));
    }

    @Test
    void theMostLanesAcceptedAreReadAndOneMoreIsNot() {
        int lanes = PasswordHashing.MAX_PARALLELISM;
        PasswordHasher manyLanes = PasswordHasher.create(new PasswordHashing(7_168, 5, lanes, 32, 16),
                HashingCapacity.defaults(), HashingBackend.NATIVE);

        assertFalse(manyLanes.needsRehash(stored(7_168, 5, lanes)));
        assertTrue(manyLanes.needsRehash(stored(7_168, 5, lanes + 1)));
    }

    @Test
    void aSaltOfEightBytesStillSignsInAndOneOfSevenMatchesNothing() {
        assertTrue(hasher.verify(PASSWORD, hasher.hash(PASSWORD, salt(8))));
        // Argon2 itself refuses a salt under 8 bytes, so no real hash has one: read, it would fail in libargon2.
        assertFalse(hasher.verify(PASSWORD, new EncodedHash(7_168, 5, 1, salt(7), salt(32)).encode()));
    }

    @Test
    void theLongestSaltAndHashAcceptedSignInAndALongerSaltMatchesNothing() {
        PasswordHasher longest = PasswordHasher.create(
                new PasswordHashing(7_168, 5, 1, PasswordHashing.MAX_BYTES, PasswordHashing.MAX_BYTES),
                HashingCapacity.defaults(), HashingBackend.NATIVE);

        assertTrue(longest.verify(PASSWORD, longest.hash(PASSWORD)));
        assertFalse(longest.verify(PASSWORD, longest.hash(PASSWORD, salt(PasswordHashing.MAX_BYTES + 1))));
    }

    @Test
    void theShortestHashAcceptedSignsIn() {
        PasswordHasher shortest = PasswordHasher.create(new PasswordHashing(7_168, 5, 1, PasswordHashing.MIN_BYTES, 16),
                HashingCapacity.defaults(), HashingBackend.NATIVE);

        assertTrue(shortest.verify(PASSWORD, shortest.hash(PASSWORD)));
    }

    @Test
    void theLargestConfigurableMemoryAndPassesAreAcceptedAndOneMoreIsNot() {
        // Configuring builds no hash, so even 2 GiB costs nothing here.
        assertEquals(PasswordHashing.MAX_MEMORY_KIB,
                new PasswordHashing(PasswordHashing.MAX_MEMORY_KIB, 1, 1, 32, 16).memoryKib());
        assertEquals(PasswordHashing.MAX_ITERATIONS,
                new PasswordHashing(7_168, PasswordHashing.MAX_ITERATIONS, 1, 32, 16).iterations());
        assertThrows(IllegalArgumentException.class,
                () -> new PasswordHashing(PasswordHashing.MAX_MEMORY_KIB + 1, 1, 1, 32, 16));
        assertThrows(IllegalArgumentException.class,
                () -> new PasswordHashing(7_168, PasswordHashing.MAX_ITERATIONS + 1, 1, 32, 16));
    }

    @Test
    void aConfiguredHashOrSaltLengthThatNoStoredHashCouldHaveIsRefused() {
        // Allowed, a 65-byte hash would be written and then never read back: every login would fail.
        int tooLong = PasswordHashing.MAX_BYTES + 1;
        int tooShort = PasswordHashing.MIN_BYTES - 1;
        assertThrows(IllegalArgumentException.class, () -> new PasswordHashing(7_168, 5, 1, tooLong, 16));
        assertThrows(IllegalArgumentException.class, () -> new PasswordHashing(7_168, 5, 1, 32, tooLong));
        assertThrows(IllegalArgumentException.class, () -> new PasswordHashing(7_168, 5, 1, tooShort, 16));
        assertThrows(IllegalArgumentException.class, () -> new PasswordHashing(7_168, 5, 1, 32, tooShort));
    }

    @Test
    void theLongestAndShortestHashesAcceptedSignInAndOneBeyondMatchesNothing() {
        byte[] password = java.text.Normalizer.normalize(PASSWORD, java.text.Normalizer.Form.NFC)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Argon2Engine engine = NativeArgon2.load().engine().orElseThrow();
        byte[] longest = engine.hash(password, salt(16), 7_168, 5, 1, PasswordHashing.MAX_BYTES);
        byte[] longer = engine.hash(password, salt(16), 7_168, 5, 1, PasswordHashing.MAX_BYTES + 1);

        assertTrue(hasher.verify(PASSWORD, new EncodedHash(7_168, 5, 1, salt(16), longest).encode()));
        assertFalse(hasher.verify(PASSWORD, new EncodedHash(7_168, 5, 1, salt(16), longer).encode()));
        byte[] shortest = engine.hash(password, salt(16), 7_168, 5, 1, PasswordHashing.MIN_BYTES);
        byte[] shorter = engine.hash(password, salt(16), 7_168, 5, 1, PasswordHashing.MIN_BYTES - 1);
        assertTrue(hasher.verify(PASSWORD, new EncodedHash(7_168, 5, 1, salt(16), shortest).encode()));
        assertFalse(hasher.verify(PASSWORD, new EncodedHash(7_168, 5, 1, salt(16), shorter).encode()));
    }

    /** A well-formed PHC string with the given parameters, a 16-byte salt and a 32-byte hash. */
    private static String stored(int memoryKib, int iterations, int parallelism) {
        return new EncodedHash(memoryKib, iterations, parallelism, salt(16), salt(32)).encode();
    }

    private static byte[] salt(int length) {
        byte[] salt = new byte[length];
        Arrays.fill(salt, (byte) 0x5a);
        return salt;
    }
}
