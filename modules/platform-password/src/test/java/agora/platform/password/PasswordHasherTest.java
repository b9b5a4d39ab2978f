package agora.platform.password;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

import com.password4j.Password;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a hasher does, on libargon2 through the FFM API; {@link JavaPasswordHasherTest} runs every
 * test again on password4j. The native backend must be there: the tests run with native access
 * (see the pom) and CI installs libargon2-1.
 */
class PasswordHasherTest {

    private final PasswordHasher hasher = hasherFor(PasswordHashing.defaults());

    /**
     * The backend under test.
     *
     * @return the backend every hasher of this class uses
     */
    HashingBackend backend() {
        return HashingBackend.NATIVE;
    }

    private PasswordHasher hasherFor(PasswordHashing hashing) {
        return PasswordHasher.create(hashing, HashingCapacity.defaults(), backend());
    }

    @Test
    void theBackendUnderTestIsTheOneInUse() {
        assertEquals(backend(), hasher.backend());
    }

    /** "Blåbærsyltetøy på Ærø" with each å as one code point, as most keyboards send it. */
    private static final String COMPOSED = "Bl\u00e5b\u00e6rsyltet\u00f8y p\u00e5 \u00c6r\u00f8";
    /** The same text with each å as "a" plus a combining ring above, as macOS and some keyboards send it. */
    private static final String DECOMPOSED = "Bla\u030ab\u00e6rsyltet\u00f8y pa\u030a \u00c6r\u00f8";

    @Test
    void aHashVerifiesWithItsPasswordAndNoOther() {
        String encoded = hasher.hash("correct horse battery staple");

        assertTrue(hasher.verify("correct horse battery staple", encoded));
        assertFalse(hasher.verify("correct horse battery stapl", encoded));
        assertFalse(hasher.verify("Correct horse battery staple", encoded));
        assertFalse(hasher.verify("", encoded));

        // Every character counts, however long the password (bcrypt, for one, reads only 72 bytes).
        String passphrase = "a passphrase as long as a sentence, ".repeat(3);
        String longEncoded = hasher.hash(passphrase);
        assertTrue(hasher.verify(passphrase, longEncoded));
        assertFalse(hasher.verify(passphrase.substring(0, 72), longEncoded));
        assertFalse(hasher.verify(passphrase + "!", longEncoded));
    }

    @Test
    void twoHashesOfOnePasswordDifferByTheirSalt() {
        String first = hasher.hash("hunter2hunter2");
        String second = hasher.hash("hunter2hunter2");

        assertNotEquals(first, second);
        assertNotEquals(first.split("\\$")[4], second.split("\\$")[4]);
        assertTrue(hasher.verify("hunter2hunter2", first));
        assertTrue(hasher.verify("hunter2hunter2", second));
    }

    @Test
    void theEncodedFormIsAPhcStringCarryingItsParameters() {
        String encoded = hasherFor(new PasswordHashing(12_288, 3, 2, 32, 16)).hash("pw");

        // 16 bytes of salt and 32 of hash in unpadded Base64: 22 and 43 characters.
        Pattern phc = Pattern.compile("\\$argon2id\\$v=19\\$m=12288,t=3,p=2\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertTrue(phc.matcher(encoded).matches(), encoded);
    }

    @Test
    void aTamperedHashVerifiesNothing() {
        String encoded = hasher.hash("open sesame");
        int last = encoded.length() - 2; // the final character carries padding bits; change the one before
        String tampered = encoded.substring(0, last) + (encoded.charAt(last) == 'A' ? 'B' : 'A') + encoded.substring(last + 1);

        assertFalse(hasher.verify("open sesame", tampered));
    }

    @Test
    void raisingMemoryOrIterationsAsksForARehash() {
        String encoded = hasher.hash("pw");

        assertFalse(hasher.needsRehash(encoded));
        assertTrue(hasherFor(new PasswordHashing(47_104, 2, 1, 32, 16)).needsRehash(encoded));
        assertTrue(hasherFor(new PasswordHashing(19_456, 3, 1, 32, 16)).needsRehash(encoded));
        assertTrue(hasherFor(new PasswordHashing(19_456, 2, 2, 32, 16)).needsRehash(encoded));
    }

    @Test
    void aHashOnAnotherOfOwaspsRowsIsKeptUnlessItDoesLessWork() {
        String earlierDefault = hasherFor(new PasswordHashing(19_456, 2, 1, 32, 16)).hash("pw");
        String memoryTooSmall = "$argon2id$v=19$m=4096,t=10,p=1$c29tZXNhbHRzb21lc2FsdA$"
                + "bBQzd8eh6UQ88fnraiVrRIkSkKvJj8nN6Y0uI2IfaEI";

        assertFalse(hasher.needsRehash(earlierDefault), "19 MiB × 2 passes is at least 7 MiB × 5");
        assertTrue(hasherFor(new PasswordHashing(19_456, 2, 1, 32, 16)).needsRehash(hasher.hash("pw")),
                "7 MiB × 5 passes is less work than 19 MiB × 2");
        assertTrue(hasherFor(new PasswordHashing(12_288, 3, 1, 32, 16)).needsRehash(hasher.hash("pw")),
                "7 MiB × 5 passes is less work than 12 MiB × 3");
        assertTrue(hasher.needsRehash(memoryTooSmall), "more passes do not make up for memory below OWASP's rows");
    }

    @Test
    void aStrongerStoredHashIsKeptAndStillVerifies() {
        String stronger = hasherFor(new PasswordHashing(47_104, 3, 1, 32, 16)).hash("pw");

        assertFalse(hasher.needsRehash(stronger));
        assertTrue(hasher.verify("pw", stronger));
    }

    @Test
    void aHashMadeBeforeTheCostWasRaisedStillVerifies() {
        String older = hasher.hash("pw");
        PasswordHasher raised = hasherFor(new PasswordHashing(47_104, 2, 1, 32, 16));

        assertTrue(raised.verify("pw", older));
        assertTrue(raised.needsRehash(older));
        String renewed = raised.hash("pw");
        assertTrue(renewed.contains("$m=47104,t=2,p=1$"), renewed);
        assertFalse(raised.needsRehash(renewed));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "pw",
            "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy",
            "$argon2i$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$PL01amPyeUuxG7H0vIr5X+qHkZvWnHmGBGXFYvh8z2E",
            "$argon2id$v=16$m=19456,t=2,p=1$c29tZXNhbHQ$PL01amPyeUuxG7H0vIr5X+qHkZvWnHmGBGXFYvh8z2E",
            "$argon2id$m=19456,t=2,p=1$c29tZXNhbHQ$PL01amPyeUuxG7H0vIr5X+qHkZvWnHmGBGXFYvh8z2E",
            "$argon2id$v=19$m=019456,t=2,p=1$c29tZXNhbHQ$PL01amPyeUuxG7H0vIr5X+qHkZvWnHmGBGXFYvh8z2E",
            "$argon2id$v=19$t=2,m=19456,p=1$c29tZXNhbHQ$PL01amPyeUuxG7H0vIr5X+qHkZvWnHmGBGXFYvh8z2E",
            "$argon2id$v=19$m=19456,t=2,p=1,keyid=k1$c29tZXNhbHQ$PL01amPyeUuxG7H0vIr5X+qHkZvWnHmGBGXFYvh8z2E",
            "$argon2id$v=19$m=19456,t=2$c29tZXNhbHQ$PL01amPyeUuxG7H0vIr5X+qHkZvWnHmGBGXFYvh8z2E",
            "$argon2id$v=19$m=-19456,t=2,p=1$c29tZXNhbHQ$PL01amPyeUuxG7H0vIr5X+qHkZvWnHmGBGXFYvh8z2E",
            "$argon2id$v=19$m=4294967296,t=2,p=1$c29tZXNhbHQ$PL01amPyeUuxG7H0vIr5X+qHkZvWnHmGBGXFYvh8z2E",
            "$argon2id$v=19$m=999999999,t=2,p=1$c29tZXNhbHQ$PL01amPyeUuxG7H0vIr5X+qHkZvWnHmGBGXFYvh8z2E",
            "$argon2id$v=19$m=19456,t=1000,p=1$c29tZXNhbHQ$PL01amPyeUuxG7H0vIr5X+qHkZvWnHmGBGXFYvh8z2E",
            "$argon2id$v=19$m=19456,t=0,p=1$c29tZXNhbHQ$PL01amPyeUuxG7H0vIr5X+qHkZvWnHmGBGXFYvh8z2E",
            "$argon2id$v=19$m=8,t=2,p=2$c29tZXNhbHQ$PL01amPyeUuxG7H0vIr5X+qHkZvWnHmGBGXFYvh8z2E",
            "$argon2id$v=19$m=\u0661\u0669\u0664\u0665\u0666,t=2,p=1$c29tZXNhbHQ$PL01amPyeUuxG7H0vIr5X+qHkZvWnHmGBGXFYvh8z2E",
            "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ=$PL01amPyeUuxG7H0vIr5X+qHkZvWnHmGBGXFYvh8z2E",
            "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQAA$PL01amPyeUuxG7H0vIr5X+qHkZvWnHmGBGXFYvh8z2E",
            "$argon2id$v=19$m=19456,t=2,p=1$c29tZQ$PL01amPyeUuxG7H0vIr5X+qHkZvWnHmGBGXFYvh8z2E",
            "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$PL01amPyeUs",
            "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$"
                    + "PL01amPyeUuxG7H0vIr5X+qHkZvWnHmGBGXFYvh8z2EPL01amPyeUuxG7H0vIr5X+qHkZvWnHmGBGXFYvh8z2EAA",
            "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$PL01amPyeUuxG7H0vIr5X+qHkZvWnHmGBGXFYvh8z2E$extra",
            "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$PL01amPyeUuxG7H0vIr5X+qHkZvWnHmGBGXFYvh8z2E\n",
            " $argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$PL01amPyeUuxG7H0vIr5X+qHkZvWnHmGBGXFYvh8z2E",
    })
    void aStoredStringThatIsNotAnArgon2idPhcHashMatchesNothingAndThrowsNothing(String encoded) {
        assertFalse(hasher.verify("password", encoded));
        assertTrue(hasher.needsRehash(encoded));
    }

    /**
     * Hashes written by the Argon2 reference implementation's command-line tool (Debian package
     * argon2 0~20171227), as {@code printf %s PASSWORD | argon2 SALT -id -t T -k M -p P -l 32 -e};
     * the Unicode password was piped in as its NFC form in UTF-8.
     */
    @Test
    void hashesFromTheReferenceImplementationVerify() {
        String owasp = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$PL01amPyeUuxG7H0vIr5X+qHkZvWnHmGBGXFYvh8z2E";
        String fourLanes = "$argon2id$v=19$m=12288,t=3,p=4$c29tZXNhbHRzb21lc2FsdA$bBQzd8eh6UQ88fnraiVrRIkSkKvJj8nN6Y0uI2IfaEI";
        String unicode = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$/MzczPbhEd7QXxgnBpIrvWnb167MFLRWGNFa376INsc";
        String cheap = "$argon2id$v=19$m=16384,t=2,p=1$YWdvcmEtaW50ZXJvcC1zYWx0$rbvIxWoCmaqIYxRKRi1O/ai6UNADUbwOV7tT79Yvdvs";

        assertTrue(hasher.verify("password", owasp));
        assertFalse(hasher.verify("Password", owasp));
        assertTrue(hasher.verify("password", fourLanes));
        assertTrue(hasher.verify(COMPOSED, unicode));
        assertTrue(hasher.verify(DECOMPOSED, unicode));
        assertTrue(hasher.verify("correct horse battery staple", cheap));

        assertTrue(hasher.needsRehash(owasp), "an 8-byte salt is shorter than configured");
        assertTrue(hasher.needsRehash(fourLanes), "lanes differ");
        assertFalse(hasher.needsRehash(unicode));
        assertTrue(hasher.needsRehash(cheap), "16 MiB at two passes is below OWASP's minimum");
    }

    @Test
    void aHashMadeWithPassword4jsDefaultsVerifies() {
        String encoded = Password.hash("correct horse battery staple").addRandomSalt().withArgon2().getResult();

        assertTrue(encoded.startsWith("$argon2id$v=19$"), encoded);
        assertTrue(hasher.verify("correct horse battery staple", encoded));
        assertFalse(hasher.verify("correct horse battery stapler", encoded));
        assertTrue(hasher.needsRehash(encoded), "password4j's default memory is far below OWASP's minimum");
    }

    @Test
    void aPasswordTypedDecomposedVerifiesAgainstItsComposedHashAndBack() {
        assertNotEquals(COMPOSED, DECOMPOSED);

        assertTrue(hasher.verify(DECOMPOSED, hasher.hash(COMPOSED)));
        assertTrue(hasher.verify(COMPOSED, hasher.hash(DECOMPOSED)));
    }

    @Test
    void compatibilityCharactersStayDistinct() {
        // NFC, not NFKC: the ligature "ﬁ" and full-width letters are not folded into "fi" and "fi".
        String encoded = hasher.hash("\ufb01sh");

        assertTrue(hasher.verify("\ufb01sh", encoded));
        assertFalse(hasher.verify("fish", encoded));
    }

    @Test
    void verifyingNothingAcceptsAnyPasswordAndTakesATurnToHashLikeACheck() throws Exception {
        hasher.verifyNothing("");
        hasher.verifyNothing(COMPOSED);
        hasher.verifyNothing("x".repeat(4096));
        // An unknown account must cost a hash as a known one does (timing tells nothing), so it
        // takes a turn: with one turn and no wait, a hash is turned away while dummy checks run.
        PasswordHasher single = PasswordHasher.create(PasswordHashing.defaults(),
                new HashingCapacity(1, java.time.Duration.ZERO), backend());
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread guessing = Thread.ofPlatform().start(() -> {
            while (!stop.get()) {
                try {
                    single.verifyNothing("a guess at an unknown account");
                } catch (HashingBusyException turnedAway) {
                    // The hash below held the turn this time.
                }
            }
        });
        try {
            boolean turnedAway = false;
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
            while (!turnedAway && System.nanoTime() < deadline) {
                try {
                    single.hash("a new password");
                } catch (HashingBusyException e) {
                    turnedAway = true;
                }
            }
            assertTrue(turnedAway, "the dummy checks never held the turn: they did not hash");
        } finally {
            stop.set(true);
            guessing.join();
        }
    }

    @Test
    void manyLoginsAtOnceEachGetTheirOwnAnswer() throws Exception {
        // The longest wait allowed: this is about answers under contention, not about turning callers away.
        PasswordHasher lanes = PasswordHasher.create(new PasswordHashing(12_288, 3, 2, 32, 16),
                new HashingCapacity(Runtime.getRuntime().availableProcessors(), HashingCapacity.MAX_WAIT), backend());
        List<Future<List<Boolean>>> results = new ArrayList<>();
        try (ExecutorService logins = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 16; i++) {
                String password = "password-" + i;
                results.add(logins.submit(() -> {
                    String encoded = lanes.hash(password);
                    return List.of(lanes.verify(password, encoded), lanes.verify(password + "!", encoded));
                }));
            }
        }
        for (Future<List<Boolean>> result : results) {
            assertEquals(List.of(true, false), result.get());
        }
    }
}
