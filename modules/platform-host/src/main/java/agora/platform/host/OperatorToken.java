package agora.platform.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import io.helidon.config.Config;

/**
 * The credential of the operator listener: whoever sends it as {@code Authorization: Bearer} is the
 * operator. It is {@code agora.operator.token} when configured (env {@code AGORA_OPERATOR_TOKEN}),
 * else the content of a file, {@code agora.operator.token-file} or
 * {@code <agora.home>/.agora/operator.token}, which the host generates on its first start (256
 * random bits, base64url, mode 600) and which {@code ./agora} reads.
 *
 * <p>The file is read again for every check, so an operator rotates the token by writing a new one
 * into it, without a restart. Neither the host nor the command line ever logs the token, only where
 * it comes from.
 */
public final class OperatorToken {
    /** Where the token is kept under {@code agora.home} unless configured otherwise. */
    public static final String LOCAL_FILE = ".agora/operator.token";
    /** The shortest token accepted: anything shorter could be guessed. */
    static final int MIN_LENGTH = 32;

    private static final System.Logger LOG = System.getLogger(OperatorToken.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    private final Optional<String> configured;
    private final Optional<Path> file;

    private OperatorToken(Optional<String> configured, Optional<Path> file) {
        this.configured = configured;
        this.file = file;
    }

    /**
     * The token as a process with this configuration finds it: the host, the operator's command
     * line and the test kit resolve it the same way.
     *
     * @param root the root configuration
     * @return the token's source (nothing is read or created yet)
     * @throws IllegalStateException when a configured token is shorter than 32 characters
     */
    public static OperatorToken from(Config root) {
        Config operator = root.get("agora.operator");
        Optional<String> configured = operator.get("token").asString().asOptional().map(String::strip)
                .filter(token -> !token.isEmpty());
        if (configured.isPresent()) {
            if (configured.get().length() < MIN_LENGTH) {
                throw new IllegalStateException("agora.operator.token (AGORA_OPERATOR_TOKEN) must be at least "
                        + MIN_LENGTH + " characters");
            }
            return new OperatorToken(configured, Optional.empty());
        }
        Path file = operator.get("token-file").asString().asOptional().filter(name -> !name.isBlank())
                .map(Path::of)
                .orElseGet(() -> Path.of(root.get("agora.home").asString().orElse(".")).resolve(LOCAL_FILE));
        return new OperatorToken(Optional.empty(), Optional.of(file.toAbsolutePath().normalize()));
    }

    /** The token file, unless the token is configured directly. */
    public Optional<Path> file() {
        return file;
    }

    /** Where the token comes from, for logs and messages (never the token itself). */
    public String source() {
        return file.map(Path::toString).orElse("agora.operator.token (AGORA_OPERATOR_TOKEN)");
    }

    /**
     * The token as it stands now: the configured one, or what the file holds (read again on every
     * call). Empty when the file is missing or unreadable, or holds fewer than 32 characters.
     *
     * @return the token
     */
    public Optional<String> current() {
        if (configured.isPresent()) {
            return configured;
        }
        try {
            String token = Files.readString(file.orElseThrow(), StandardCharsets.US_ASCII).strip();
            return token.length() < MIN_LENGTH ? Optional.empty() : Optional.of(token);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether a presented token is the current one, compared in constant time (both are hashed
     * first, so not even their lengths are compared).
     *
     * @param presented what the request sent
     * @return whether it is the token
     */
    boolean matches(String presented) {
        return current().map(token -> MessageDigest.isEqual(sha256(token), sha256(presented))).orElse(false);
    }

    /**
     * Makes the token file when there is none (the host's first start): 256 random bits as base64url,
     * the file readable by this user alone. Its directory keeps the default mode: {@code .agora/} also
     * holds the embedded PostgreSQL's binaries, which a pod run as root starts as {@code nobody}, who
     * must be able to enter it; the file's own mode keeps other users out.
     *
     * @return this token
     * @throws UncheckedIOException  when the file cannot be written or read
     * @throws IllegalStateException when it holds no token of 32 or more characters
     */
    OperatorToken prepare() {
        if (file.isEmpty()) {
            return this;
        }
        Path path = file.get();
        try {
            if (!Files.exists(path)) {
                Files.createDirectories(path.getParent());
                try {
                    Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    Files.writeString(path, generate() + "\n", StandardCharsets.US_ASCII);
                    LOG.log(System.Logger.Level.INFO, "Operator token generated into {0} (readable by this user "
                            + "alone): ./agora reads it there; write a new one into it to rotate it", path);
                } catch (FileAlreadyExistsException raced) {
                    // Another process with the same home made it first: that one is the token.
                }
            } else if (!Collections.disjoint(Files.getPosixFilePermissions(path), OTHERS)) {
                LOG.log(System.Logger.Level.WARNING, "The operator token file {0} can be read or written by other "
                        + "users ({1}): chmod 600 it", path,
                        PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the operator token in " + path, e);
        }
        if (current().isEmpty()) {
            throw new IllegalStateException("the operator token file " + path + " holds no token of " + MIN_LENGTH
                    + " or more characters: delete it (a new one is generated at start) or write one into it");
        }
        return this;
    }

    /** A fresh token: 256 random bits, base64url without padding (43 characters). */
    static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
