package agora.auth;

/** Base32 without padding, over any 32-character alphabet: TOTP secrets (RFC 4648) and recovery codes. */
final class Base32 {
    /** RFC 4648's alphabet, as authenticator apps read it. */
    static final String RFC_4648 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private Base32() {
    }

    /** The bytes as base32 in the alphabet; a last group of fewer than 5 bits is padded with zero bits. */
    static String encode(byte[] bytes, String alphabet) {
        StringBuilder text = new StringBuilder((bytes.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = buffer << 8 | b & 0xff;
            bits += 8;
            while (bits >= 5) {
                text.append(alphabet.charAt(buffer >>> bits - 5 & 0x1f));
                bits -= 5;
            }
        }
        if (bits > 0) {
            text.append(alphabet.charAt(buffer << 5 - bits & 0x1f));
        }
        return text.toString();
    }
}
