package agora.platform.password;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.NoSuchElementException;
import java.util.Optional;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Argon2id by the reference implementation in C (Debian's {@code libargon2-1}), called through the
 * Foreign Function and Memory API: {@code argon2id_hash_raw}, which always writes version 19.
 *
 * <p>Each call allocates its memory cost with {@code malloc} outside the Java heap and frees it
 * before returning, so a small heap ({@code -Xmx128m}) serves as many concurrent hashes as the cap
 * allows; the process's resident size still grows by that memory while they run. A virtual thread
 * in the call keeps its carrier thread for the duration, as it does while password4j computes.
 *
 * <p>Calling it is a restricted operation: the module needs {@code --enable-native-access}, which
 * {@link PasswordHasher} checks before it touches this class (hence the suppressed lint).
 */
@SuppressWarnings("restricted")
final class NativeArgon2 implements Argon2Engine {

    /** The soname Debian's libargon2-1 installs (in /usr/lib/x86_64-linux-gnu on amd64). */
    static final String LIBRARY = "libargon2.so.1";

    private static final int ARGON2_OK = 0;

    /**
     * A known answer checked once at load, from the reference command-line tool (Debian's argon2):
     * {@code printf %s password | argon2 somesaltsomesalt -id -t 1 -k 8 -p 1 -l 32 -r}. It proves
     * the library computes Argon2id version 19 with the argument order declared here, at the cost of
     * 8 KiB and microseconds.
     */
    private static final String KNOWN_ANSWER = "05b6ca8f8038b683887ad4916533858b49cb52040126c134f4c6e9d8711b8c09";

    /**
     * {@code int argon2id_hash_raw(uint32_t t_cost, uint32_t m_cost, uint32_t parallelism,
     * const void *pwd, size_t pwdlen, const void *salt, size_t saltlen, void *hash, size_t hashlen)}.
     */
    private final MethodHandle hashRaw;
    /** {@code const char *argon2_error_message(int error_code)}. */
    private final MethodHandle errorMessage;

    private NativeArgon2(MethodHandle hashRaw, MethodHandle errorMessage) {
        this.hashRaw = hashRaw;
        this.errorMessage = errorMessage;
    }

    /**
     * The library, loaded at most once per process (it stays loaded, as a library does), or why it
     * could not be. The caller must have checked that this module has native access.
     *
     * @return the engine, or the problem
     */
    static Loading load() {
        return Library.LOADING;
    }

    /**
     * The outcome of loading the library.
     *
     * @param engine  the engine, when the library loaded and passed its known-answer check
     * @param problem why there is no engine (empty when there is one)
     */
    record Loading(Optional<NativeArgon2> engine, String problem) { }

    /** Holder: the library is looked up on first use, never by merely loading PasswordHasher. */
    private static final class Library {
        static final Loading LOADING = tryLoad();
    }

    private static Loading tryLoad() {
        Linker linker = Linker.nativeLinker();
        MemoryLayout sizeT = linker.canonicalLayouts().get("size_t");
        if (sizeT == null || sizeT.byteSize() != Long.BYTES) {
            return new Loading(Optional.empty(), "size_t is not 64 bits on this platform");
        }
        NativeArgon2 engine;
        try {
            // The global arena: the library stays mapped for the life of the process.
            SymbolLookup library = SymbolLookup.libraryLookup(LIBRARY, Arena.global());
            engine = new NativeArgon2(
                    linker.downcallHandle(library.findOrThrow("argon2id_hash_raw"), FunctionDescriptor.of(JAVA_INT,
                            JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG)),
                    linker.downcallHandle(library.findOrThrow("argon2_error_message"),
                            FunctionDescriptor.of(ADDRESS, JAVA_INT)));
        } catch (IllegalArgumentException e) { // dlopen failed: not installed
            return new Loading(Optional.empty(), LIBRARY + " could not be loaded (" + e.getMessage()
                    + "); on Debian: apt-get install libargon2-1");
        } catch (NoSuchElementException e) {
            return new Loading(Optional.empty(), LIBRARY + " lacks a function: " + e.getMessage());
        }
        byte[] answer;
        try {
            answer = engine.hash("password".getBytes(StandardCharsets.US_ASCII),
                    "somesaltsomesalt".getBytes(StandardCharsets.US_ASCII), 8, 1, 1, 32);
        } catch (IllegalStateException e) {
            return new Loading(Optional.empty(), LIBRARY + " failed its known-answer check: " + e.getMessage());
        }
        if (!HexFormat.of().formatHex(answer).equals(KNOWN_ANSWER)) {
            return new Loading(Optional.empty(), LIBRARY + " computed a wrong answer for a known Argon2id v19 input");
        }
        return new Loading(Optional.of(engine), "");
    }

    @Override
    public byte[] hash(byte[] password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
        try (Arena arena = Arena.ofConfined()) {
            // One byte at least: a zero-length segment could have a null address, which the library
            // accepts only with length 0; one spare byte keeps that question away.
            MemorySegment pwd = arena.allocate(Math.max(1, password.length));
            MemorySegment.copy(password, 0, pwd, JAVA_BYTE, 0, password.length);
            MemorySegment saltSegment = arena.allocateFrom(JAVA_BYTE, salt);
            MemorySegment out = arena.allocate(length);
            try {
                int result = (int) hashRaw.invokeExact(iterations, memoryKib, parallelism,
                        pwd, (long) password.length, saltSegment, (long) salt.length, out, (long) length);
                if (result != ARGON2_OK) {
                    throw new IllegalStateException(LIBRARY + " refused to hash: " + message(result));
                }
                return out.toArray(JAVA_BYTE);
            } finally {
                pwd.fill((byte) 0); // the copy of the password outside the heap; the caller clears its own
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) { // invokeExact declares Throwable; a downcall throws nothing checked
            throw new IllegalStateException(LIBRARY + " call failed", e);
        }
    }

    @Override
    public HashingBackend backend() {
        return HashingBackend.NATIVE;
    }

    private String message(int code) {
        try {
            MemorySegment text = (MemorySegment) errorMessage.invokeExact(code);
            // A pointer to a static C string: its length is unknown until the terminating zero.
            return text.equals(MemorySegment.NULL) ? "error " + code
                    : text.reinterpret(256).getString(0) + " (" + code + ")";
        } catch (Throwable e) {
            return "error " + code;
        }
    }
}
