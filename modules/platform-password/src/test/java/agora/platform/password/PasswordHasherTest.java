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

class PasswordHasherTest {

    private static final PasswordHasher HASHER = PasswordHasher.create(PasswordHashing.defaults());

    /** "Blåbærsyltetøy på Ærø" with each å as one code point, as most keyboards send it. */
    private static final String COMPOSED = "Bl\u00e5b\u00e6rsyltet\u00f8y p\u00e5 \u00c6r\u00f8";
    /** The same text with each å as "a" plus a combining ring above, as macOS and some keyboards send it. */
    private static final String DECOMPOSED = "Bla\u030ab\u00e6rsyltet\u00f8y pa\u030a \u00c6r\u00f8";

    @Test
    void aHashVerifiesWithItsPasswordAndNoOther() {
        String encoded = HASHER.hash("correct horse battery staple");

        assertTrue(HASHER.verify("correct horse battery staple", encoded));
        assertFalse(HASHER.verify("correct horse battery stapl", encoded));
        assertFalse(HASHER.verify("Correct horse battery staple", encoded));
        assertFalse(HASHER.verify("", encoded));
    }

    @Test
    void twoHashesOfOnePasswordDifferByTheirSalt() {
        String first = HASHER.hash("hunter2hunter2");
        String second = HASHER.hash("hunter2hunter2");

        assertNotEquals(first, second);
        assertNotEquals(first.split("\\$")[4], second.split("\\$")[4]);
        assertTrue(HASHER.verify("hunter2hunter2", first));
        assertTrue(HASHER.verify("hunter2hunter2", second));
    }

    @Test
    void theEncodedFormIsAPhcStringCarryingItsParameters() {
        String encoded = PasswordHasher.create(new PasswordHashing(12_288, 3, 2, 32, 16)).hash("pw");

        // 16 bytes of salt and 32 of hash in unpadded Base64: 22 and 43 characters.
        Pattern phc = Pattern.compile("\\$argon2id\\$v=19\\$m=12288,t=3,p=2\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertTrue(phc.matcher(encoded).matches(), encoded);
    }

    @Test
    void aTamperedHashVerifiesNothing() {
        String encoded = HASHER.hash("open sesame");
        int last = encoded.length() - 2; // the final character carries padding bits; change the one before
        String tampered = encoded.substring(0, last) + (encoded.charAt(last) == 'A' ? 'B' : 'A') + encoded.substring(last + 1);

        assertFalse(HASHER.verify("open sesame", tampered));
    }

    @Test
    void raisingMemoryOrIterationsAsksForARehash() {
        String encoded = HASHER.hash("pw");

        assertFalse(HASHER.needsRehash(encoded));
        assertTrue(PasswordHasher.create(new PasswordHashing(47_104, 2, 1, 32, 16)).needsRehash(encoded));
        assertTrue(PasswordHasher.create(new PasswordHashing(19_456, 3, 1, 32, 16)).needsRehash(encoded));
        assertTrue(PasswordHasher.create(new PasswordHashing(19_456, 2, 2, 32, 16)).needsRehash(encoded));
    }

    @Test
    void aStrongerStoredHashIsKeptAndStillVerifies() {
        String stronger = PasswordHasher.create(new PasswordHashing(47_104, 3, 1, 32, 16)).hash("pw");

        assertFalse(HASHER.needsRehash(stronger));
        assertTrue(HASHER.verify("pw", stronger));
    }

    @Test
    void aHashMadeBeforeTheCostWasRaisedStillVerifies() {
        String older = HASHER.hash("pw");
        PasswordHasher raised = PasswordHasher.create(new PasswordHashing(47_104, 2, 1, 32, 16));

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
        assertFalse(HASHER.verify("password", encoded));
        assertTrue(HASHER.needsRehash(encoded));
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

        assertTrue(HASHER.verify("password", owasp));
        assertFalse(HASHER.verify("Password", owasp));
        assertTrue(HASHER.verify("password", fourLanes));
        assertTrue(HASHER.verify(COMPOSED, unicode));
        assertTrue(HASHER.verify(DECOMPOSED, unicode));
        assertTrue(HASHER.verify("correct horse battery staple", cheap));

        assertTrue(HASHER.needsRehash(owasp), "an 8-byte salt is shorter than configured");
        assertTrue(HASHER.needsRehash(fourLanes), "lanes differ");
        assertFalse(HASHER.needsRehash(unicode));
        assertTrue(HASHER.needsRehash(cheap), "16 MiB is less memory than configured");
    }

    @Test
    void aHashMadeWithPassword4jsDefaultsVerifies() {
        String encoded = Password.hash("correct horse battery staple").addRandomSalt().withArgon2().getResult();

        assertTrue(encoded.startsWith("$argon2id$v=19$"), encoded);
        assertTrue(HASHER.verify("correct horse battery staple", encoded));
        assertFalse(HASHER.verify("correct horse battery stapler", encoded));
        assertTrue(HASHER.needsRehash(encoded), "password4j's default memory is far below OWASP's minimum");
    }

    @Test
    void aPasswordTypedDecomposedVerifiesAgainstItsComposedHashAndBack() {
        assertNotEquals(COMPOSED, DECOMPOSED);

        assertTrue(HASHER.verify(DECOMPOSED, HASHER.hash(COMPOSED)));
        assertTrue(HASHER.verify(COMPOSED, HASHER.hash(DECOMPOSED)));
    }

    @Test
    void compatibilityCharactersStayDistinct() {
        // NFC, not NFKC: the ligature "ﬁ" and full-width letters are not folded into "fi" and "fi".
        String encoded = HASHER.hash("\ufb01sh");

        assertTrue(HASHER.verify("\ufb01sh", encoded));
        assertFalse(HASHER.verify("fish", encoded));
    }

    @Test
    void verifyingNothingAcceptsAnyPassword() {
        HASHER.verifyNothing("");
        HASHER.verifyNothing(COMPOSED);
        HASHER.verifyNothing("x".repeat(4096));
    }

    @Test
    void manyLoginsAtOnceEachGetTheirOwnAnswer() throws Exception {
        PasswordHasher hasher = PasswordHasher.create(new PasswordHashing(12_288, 3, 2, 32, 16));
        List<Future<List<Boolean>>> results = new ArrayList<>();
        try (ExecutorService logins = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 16; i++) {
                String password = "password-" + i;
                results.add(logins.submit(() -> {
                    String encoded = hasher.hash(password);
                    return List.of(hasher.verify(password, encoded), hasher.verify(password + "!", encoded));
                }));
            }
        }
        for (Future<List<Boolean>> result : results) {
            assertEquals(List.of(true, false), result.get());
        }
    }
}
