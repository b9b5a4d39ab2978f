package agora.auth;

/** A stored private signing key that the configured secret cannot decrypt: the wrong secret, or tampering. */
final class KeyDecryptionException extends IllegalStateException {
    KeyDecryptionException(String reason) {
        super("A signing key cannot be decrypted: " + reason);
    }
}
