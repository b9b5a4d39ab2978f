package agora.auth;

/** A stored private signing key that the configured secret cannot decrypt: the wrong secret, or tampering. */
final class KeyDecryptionException extends IllegalStateException {
    private static final String REASON = "it was encrypted with another agora.auth.keys.secret "
            + "(AGORA_AUTH_KEYS_SECRET) or altered";

    /** The failure of a sealed value, before it is known which key it held. */
    KeyDecryptionException() {
        super("A signing key cannot be decrypted: " + REASON);
    }

    /** The failure for a named key. */
    KeyDecryptionException(String key, KeyDecryptionException cause) {
        super("Signing " + key + " cannot be decrypted: " + REASON, cause);
    }
}
