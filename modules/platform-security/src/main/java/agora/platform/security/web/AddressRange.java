package agora.platform.security.web;

import java.net.InetAddress;
import java.util.Arrays;

/** One trusted-proxy entry: an address ({@code 10.0.0.7}, {@code ::1}) or a CIDR range ({@code 10.0.0.0/8}). */
final class AddressRange {
    private final byte[] network;
    private final int prefixLength;
    private final String text;

    private AddressRange(byte[] network, int prefixLength, String text) {
        this.network = network;
        this.prefixLength = prefixLength;
        this.text = text;
    }

    /**
     * Parses an entry. Only literal addresses are accepted, never host names, so configuration
     * never causes a DNS lookup.
     *
     * @throws IllegalArgumentException when it is neither an address nor a range
     */
    static AddressRange parse(String entry) {
        String trimmed = entry.strip();
        int slash = trimmed.indexOf('/');
        InetAddress address = ClientAddress.literal(slash < 0 ? trimmed : trimmed.substring(0, slash))
                .orElseThrow(() -> new IllegalArgumentException("not an IP address or CIDR range: " + entry));
        int bits = address.getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(trimmed.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a CIDR prefix length: " + entry);
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("CIDR prefix length out of range: " + entry);
            }
        }
        return new AddressRange(mask(address.getAddress(), prefix), prefix, trimmed);
    }

    boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == network.length && Arrays.equals(mask(bytes, prefixLength), network);
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] masked = address.clone();
        for (int i = 0; i < masked.length; i++) {
            int keep = Math.clamp(prefix - i * 8L, 0, 8);
            masked[i] &= (byte) (0xFF << (8 - keep));
        }
        return masked;
    }

    @Override
    public String toString() {
        return text;
    }
}
