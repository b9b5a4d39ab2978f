package agora.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.helidon.config.Config;

/**
 * The key-encryption key: AES-256-GCM over the private signing keys (and members' TOTP secrets) at
 * rest. A sealed value is the 12-byte nonce followed by ciphertext and tag; the associated data (the
 * key id, or the account of a TOTP secret) binds it to its row.
 */
final class KeySecret {
    /** Config key of the secret (env {@code AGORA_AUTH_KEYS_SECRET}): base64 of 32 random bytes. */
    static final String CONFIG_KEY = "agora.auth.keys.secret";
    /** Where a pod without a configured secret keeps the one it generated, under {@code agora.home}. */
    static final String LOCAL_FILE = ".agora/auth-keys.secret";

    private static final System.Logger LOG = System.getLogger(KeySecret.class.getName());
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;

    private KeySecret(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException(CONFIG_KEY + " must be base64 of exactly 32 bytes, not " + key.length);
        }
        this.key = new SecretKeySpec(key, "AES");
    }

    /**
     * A secret from its base64 text.
     *
     * @param base64 base64 (standard or URL-safe) of 32 bytes
     * @return the secret
     */
    static KeySecret of(String base64) {
        String text = base64.trim();
        try {
            return new KeySecret(text.contains("-") || text.contains("_")
                    ? Base64.getUrlDecoder().decode(text) : Base64.getDecoder().decode(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(CONFIG_KEY + " must be base64 of exactly 32 bytes");
        }
    }

    /** A fresh random secret, as base64. */
    static String generate() {
        byte[] bytes = new byte[KEY_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /**
     * The configured secret ({@code agora.auth.keys.secret}), else the one kept under
     * {@code <agora.home>/.agora/} (generated on first use).
     *
     * @param auth the {@code agora.auth} node
     * @param home the process's home directory
     * @return the secret
     */
    static KeySecret from(Config auth, Path home) {
        Optional<String> configured = auth.get("keys.secret").asString().asOptional().filter(s -> !s.isBlank());
        if (configured.isPresent()) {
            return of(configured.get());
        }
        return local(home.resolve(LOCAL_FILE));
    }

    /**
     * The secret kept in a local file, generated (mode 600) when the file does not exist.
     *
     * @param file the file
     * @return the secret
     */
    static KeySecret local(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    Files.writeString(file, generate() + "\n", StandardCharsets.US_ASCII);
                    LOG.log(System.Logger.Level.INFO, "Signing keys are encrypted with a key generated for this machine "
                            + "and kept in {0}. Set AGORA_AUTH_KEYS_SECRET (base64 of 32 random bytes) to use your "
                            + "own; every instance of the pod needs the same one.", file);
                } catch (FileAlreadyExistsException raced) {
                    // Another process of this pod created it first: use that one.
                }
            } else {
                LOG.log(System.Logger.Level.INFO, "Signing keys are encrypted with the key kept in {0}. "
                        + "Set AGORA_AUTH_KEYS_SECRET (base64 of 32 random bytes) to use your own.", file);
            }
            return of(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the signing-key secret in " + file, e);
        }
    }

    /**
     * Encrypts.
     *
     * @param plain          the plain bytes
     * @param associatedData what the ciphertext is bound to
     * @return nonce followed by ciphertext and tag
     */
    byte[] seal(byte[] plain, byte[] associatedData) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData);
            byte[] sealed = cipher.doFinal(plain);
            byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is not available", e);
        }
    }

    /**
     * Decrypts.
     *
     * @param sealed         what {@link #seal} returned
     * @param associatedData what it was bound to
     * @return the plain bytes
     * @throws KeyDecryptionException when the secret is not the one it was sealed with, or the value was altered
     */
    byte[] open(byte[] sealed, byte[] associatedData) {
        if (sealed.length <= NONCE_BYTES) {
            throw new KeyDecryptionException();
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData);
            return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new KeyDecryptionException();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is not available", e);
        }
    }

    /**
     * A keyed hash for one purpose: HMAC-SHA256 under a key derived from this secret for that
     * purpose alone, so no two uses share a key and none touches the encryption key itself.
     *
     * @param purpose what the value is for, e.g. {@code refresh-successor}
     * @param data    the input
     * @return 32 bytes
     */
    byte[] mac(String purpose, byte[] data) {
        try {
            Mac derive = Mac.getInstance("HmacSHA256");
            derive.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            byte[] purposeKey = derive.doFinal(("agora.auth " + purpose).getBytes(StandardCharsets.UTF_8));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(purposeKey, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
