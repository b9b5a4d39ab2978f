package agora.platform.security.web;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

/**
 * The address a request came from, for throttling and audit records.
 *
 * <p>It is the socket peer, unless the peer is one of the configured trusted proxies: then it is
 * the right-most address of {@code X-Forwarded-For} that is not itself a trusted proxy. Each proxy
 * appends the address it saw, so everything left of the nearest untrusted hop may have been
 * written by the client and is ignored. {@code X-Forwarded-For} from any other peer is ignored
 * entirely: a client cannot choose the address it is throttled under.
 */
public final class ClientAddress {
    private static final String CONTEXT_KEY = ClientAddress.class.getName();

    private final List<AddressRange> trustedProxies;

    /**
     * A resolver trusting the given proxies.
     *
     * @param trustedProxies addresses or CIDR ranges, IPv4 or IPv6 ({@code 10.0.0.0/8}, {@code fd00::/8},
     *                       {@code 127.0.0.1}); empty to trust no proxy
     * @throws IllegalArgumentException for an entry that is neither
     */
    public ClientAddress(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies.stream().map(AddressRange::parse).toList();
    }

    /**
     * The client address of a request (worked out once per request).
     *
     * @param request the request
     * @return the address
     */
    public InetAddress of(ServerRequest request) {
        Optional<InetAddress> known = request.context().get(CONTEXT_KEY, InetAddress.class);
        if (known.isPresent()) {
            return known.get();
        }
        SocketAddress socket = request.remotePeer().address();
        if (!(socket instanceof InetSocketAddress inet) || inet.getAddress() == null) {
            throw new IllegalStateException("request from a peer without an IP address: " + socket);
        }
        InetAddress address = resolve(inet.getAddress(), request.headers().all(HeaderNames.X_FORWARDED_FOR, List::of));
        request.context().register(CONTEXT_KEY, address);
        return address;
    }

    /**
     * The client address for a peer and the request's {@code X-Forwarded-For} header values.
     *
     * @param peer         the socket peer
     * @param forwardedFor every {@code X-Forwarded-For} value in order (each may list several addresses)
     * @return the address
     */
    public InetAddress resolve(InetAddress peer, List<String> forwardedFor) {
        if (!trusted(peer)) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        forwardedFor.forEach(value -> {
            for (String hop : value.split(",")) {
                if (!hop.isBlank()) {
                    hops.add(hop.strip());
                }
            }
        });
        InetAddress nearest = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            Optional<InetAddress> hop = hopAddress(hops.get(i));
            if (hop.isEmpty()) {
                // Garbage (or "unknown") written by someone we cannot vouch for: stop at the last trusted hop.
                return nearest;
            }
            if (!trusted(hop.get())) {
                return hop.get();
            }
            nearest = hop.get();
        }
        return nearest;
    }

    /**
     * Whether an address is one of the trusted proxies.
     *
     * @param address the address
     * @return whether it is
     */
    public boolean trusted(InetAddress address) {
        for (AddressRange range : trustedProxies) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** An {@code X-Forwarded-For} entry: an address, possibly {@code [v6]:port} or {@code v4:port}. */
    private static Optional<InetAddress> hopAddress(String hop) {
        String text = hop;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                return Optional.empty();
            }
            text = text.substring(1, close);
        } else if (text.indexOf(':') > 0 && text.indexOf(':') == text.lastIndexOf(':')) {
            text = text.substring(0, text.indexOf(':'));
        }
        return literal(text);
    }

    /** An IP literal, never resolved through DNS. */
    static Optional<InetAddress> literal(String text) {
        if (text.isEmpty() || !text.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.ofLiteral(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
