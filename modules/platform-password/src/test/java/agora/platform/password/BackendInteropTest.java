package agora.platform.password;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * libargon2 (through the FFM API) and password4j write the same PHC strings and verify each
 * other's, so the backend can change between restarts without touching a stored hash. Needs
 * libargon2-1 and native access, as CI provides: a machine without them fails here rather than
 * skipping the proof.
 */
class BackendInteropTest {

    private static final String MODULE = "agora.platform.password";

    static Stream<Arguments> settingsAndPasswords() {
        List<PasswordHashing> settings = List.of(
                PasswordHashing.defaults(),
                new PasswordHashing(12_288, 3, 4, 32, 16),
                new PasswordHashing(9_216, 4, 2, 16, 24),
                new PasswordHashing(7_168, 5, 1, 64, 64));
        List<String> passwords = List.of(
                "",
                "password",
                "Bl\u00e5b\u00e6rsyltet\u00f8y p\u00e5 \u00c6r\u00f8",
                "Bla\u030ab\u00e6rsyltet\u00f8y pa\u030a \u00c6r\u00f8",
                "\ud83d\udd11\ud83c\udf0a\ud83e\udd80 \u00e6\u00f8\u00e5 \u4e2d\u6587",
                "correct horse battery staple ".repeat(10));
        return settings.stream().flatMap(hashing -> passwords.stream().map(password -> Arguments.of(hashing, password)));
    }

    @ParameterizedTest
    @MethodSource("settingsAndPasswords")
    void bothBackendsWriteTheSameStringForTheSameSalt(PasswordHashing hashing, String password) {
        byte[] salt = fixedSalt(hashing.saltLength());

        String fromNative = hasher(hashing, HashingBackend.NATIVE).hash(password, salt);
        String fromJava = hasher(hashing, HashingBackend.JAVA).hash(password, salt);

        assertEquals(fromJava, fromNative);
    }

    @ParameterizedTest
    @MethodSource("settingsAndPasswords")
    void eachBackendVerifiesTheOthersHashes(PasswordHashing hashing, String password) {
        PasswordHasher nativeHasher = hasher(hashing, HashingBackend.NATIVE);
        PasswordHasher javaHasher = hasher(hashing, HashingBackend.JAVA);

        String fromNative = nativeHasher.hash(password);
        String fromJava = javaHasher.hash(password);

        assertTrue(javaHasher.verify(password, fromNative));
        assertTrue(nativeHasher.verify(password, fromJava));
        assertFalse(javaHasher.verify(password + "x", fromNative));
        assertFalse(nativeHasher.verify(password + "x", fromJava));
    }

    @Test
    void aFixedSaltGivesTheReferenceToolsString() {
        // printf %s password | argon2 somesaltsomesalt -id -t 2 -k 19456 -p 1 -l 32 -e (Debian's argon2 0~20171227)
        String reference = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$"
                + "K13EBUiG7JV+9ZxztmHFTdb7J0WQsnj2V8bZaqyPptE";
        byte[] salt = "somesaltsomesalt".getBytes(StandardCharsets.US_ASCII);

        String fromNative = hasher(new PasswordHashing(19_456, 2, 1, 32, 16), HashingBackend.NATIVE).hash("password", salt);

        assertEquals(reference, fromNative);
    }

    @Test
    void autoPicksTheNativeLibraryWhenItLoadsAndTheModuleMayCallIt() {
        assertTrue(PasswordHasher.class.getModule().isNativeAccessEnabled(), "the tests run with native access");
        assertEquals(HashingBackend.NATIVE, PasswordHasher.create(PasswordHashing.defaults()).backend());
    }

    @Test
    void javaNeverTouchesTheNativeLibrary() {
        PasswordHasher.EngineChoice choice = PasswordHasher.choose(HashingBackend.JAVA, true, MODULE,
                () -> fail("the library must not be loaded"));

        assertEquals(HashingBackend.JAVA, choice.engine().backend());
        assertEquals(System.Logger.Level.INFO, choice.level());
    }

    @Test
    void withoutNativeAccessEveryBackendFallsBackToJavaWithAWarningNamingTheOption() {
        for (HashingBackend wanted : List.of(HashingBackend.AUTO, HashingBackend.NATIVE)) {
            PasswordHasher.EngineChoice choice = PasswordHasher.choose(wanted, false, MODULE,
                    () -> fail("without native access the library must not be looked up"));

            assertInstanceOf(JavaArgon2.class, choice.engine());
            assertEquals(System.Logger.Level.WARNING, choice.level());
            assertTrue(choice.message().contains("--enable-native-access=" + MODULE), choice.message());
        }
    }

    @Test
    void aMissingLibraryIsNewsForAutoAndAWarningForNative() {
        Supplier<NativeArgon2.Loading> missing = () -> new NativeArgon2.Loading(Optional.empty(),
                "libargon2.so.1 could not be loaded");

        PasswordHasher.EngineChoice auto = PasswordHasher.choose(HashingBackend.AUTO, true, MODULE, missing);
        PasswordHasher.EngineChoice wanted = PasswordHasher.choose(HashingBackend.NATIVE, true, MODULE, missing);

        assertEquals(HashingBackend.JAVA, auto.engine().backend());
        assertEquals(System.Logger.Level.INFO, auto.level());
        assertEquals(HashingBackend.JAVA, wanted.engine().backend());
        assertEquals(System.Logger.Level.WARNING, wanted.level());
        assertTrue(wanted.message().contains("could not be loaded"), wanted.message());
    }

    @Test
    void theLibraryLoadsOnceAndPassesItsKnownAnswerCheck() {
        NativeArgon2.Loading loading = NativeArgon2.load();

        assertTrue(loading.engine().isPresent(), loading.problem());
        assertSame(loading, NativeArgon2.load());
    }

    @Test
    void aHashTheLibraryRefusesIsAnErrorNamingWhyNotAnEmptyHash() {
        Argon2Engine engine = NativeArgon2.load().engine().orElseThrow();
        byte[] salt = fixedSalt(16);

        // 1 KiB is below Argon2's floor of 8 KiB per lane: the library answers an error code, and
        // the output buffer it leaves (zeros) must never pass for a hash.
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> engine.hash("password".getBytes(StandardCharsets.US_ASCII), salt, 1, 1, 1, 32));

        assertTrue(refused.getMessage().matches(".*refused to hash: [A-Z][^(]+ \\(-?[0-9]+\\)"), refused.getMessage());
    }

    @Test
    void checkingNothingRunsOnTheHashersOwnBackend() {
        List<HashingBackend> calls = new CopyOnWriteArrayList<>();
        for (Argon2Engine engine : List.of(NativeArgon2.load().engine().orElseThrow(), new JavaArgon2())) {
            Argon2Engine counting = new Argon2Engine() {
                @Override
                public byte[] hash(byte[] password, byte[] salt, int memoryKib, int iterations, int parallelism,
                                   int length) {
                    calls.add(engine.backend());
                    return engine.hash(password, salt, memoryKib, iterations, parallelism, length);
                }

                @Override
                public HashingBackend backend() {
                    return engine.backend();
                }
            };
            PasswordHasher hasher = new PasswordHasher(PasswordHashing.defaults(), HashingCapacity.defaults(), counting);

            hasher.verifyNothing("whoever@example.com");
            hasher.verify("whoever@example.com", "not a stored hash");
        }

        assertEquals(List.of(HashingBackend.NATIVE, HashingBackend.NATIVE, HashingBackend.JAVA, HashingBackend.JAVA),
                calls);
    }

    private static PasswordHasher hasher(PasswordHashing hashing, HashingBackend backend) {
        PasswordHasher hasher = PasswordHasher.create(hashing, HashingCapacity.defaults(), backend);
        assertEquals(backend, hasher.backend(), "backend " + backend + " unavailable");
        return hasher;
    }

    private static byte[] fixedSalt(int length) {
        byte[] salt = new byte[length];
        for (int i = 0; i < length; i++) {
            salt[i] = (byte) (i * 37 + 11);
        }
        return salt;
    }
}
