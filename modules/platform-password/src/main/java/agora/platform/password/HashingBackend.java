package agora.platform.password;

import java.util.Locale;

import io.helidon.config.Config;

/**
 * Which implementation of Argon2id computes the hashes. Both write and read the same PHC strings,
 * so the choice can change between restarts without touching stored hashes.
 *
 * <p>The native one is the reference implementation in C (Debian's {@code libargon2-1}) called
 * through the Foreign Function and Memory API; it needs {@code --enable-native-access} for this
 * module. The Java one is password4j and needs nothing.
 */
public enum HashingBackend {
    /** The native library when it loads and this module has native access, else password4j. */
    AUTO,
    /**
     * The native library. When it cannot be used the hasher still starts, with password4j, and
     * says why in a warning: a login that works slower beats a service that does not start.
     */
    NATIVE,
    /** password4j, in Java; never touches native code. */
    JAVA;

    /**
     * Reads {@code backend} ({@code auto}, {@code native} or {@code java}) from the Argon2 node;
     * missing means {@code auto}.
     *
     * @param config the Argon2 node
     * @return the configured backend
     * @throws IllegalArgumentException naming the key when the value is none of the three
     */
    public static HashingBackend from(Config config) {
        Config key = config.get("backend");
        String value = key.asString().orElse("auto");
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "auto" -> AUTO;
            case "native" -> NATIVE;
            case "java" -> JAVA;
            default -> throw new IllegalArgumentException(
                    key.key() + ": must be auto, native or java, not '" + value + "'");
        };
    }

    /**
     * The configuration value naming this backend.
     *
     * @return {@code auto}, {@code native} or {@code java}
     */
    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
