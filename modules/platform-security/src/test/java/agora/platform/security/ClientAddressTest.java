package agora.platform.security;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;

import agora.platform.core.Limits;
import agora.platform.data.Platform;
import agora.platform.security.web.ClientAddress;
import agora.platform.web.AgoraServer;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client address: the socket peer, or behind trusted proxies the right-most untrusted
 * {@code X-Forwarded-For} hop; a header from anyone else is ignored.
 */
@ServerTest
class ClientAddressTest {
    private static final ClientAddress BEHIND_PROXIES =
            new ClientAddress(List.of("10.0.0.0/8", "192.168.1.7", "fd00::/8", "2001:db8:1::1"));

    private final Http1Client client;

    ClientAddressTest(Http1Client client) {
        this.client = client;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        Platform platform = TestPlatform.get();
        ClientAddress trustingLoopback = new ClientAddress(List.of("127.0.0.0/8", "::1"));
        ClientAddress trustingNobody = new ClientAddress(List.of());
        AgoraServer.configure(server, new AgoraServer.Settings("127.0.0.1", 0, 0, Limits.DEFAULT), platform.json(),
                routes -> routes
                        .get("/behind-proxy", (req, res) -> platform.json().write(res, Status.OK_200,
                                Map.of("address", trustingLoopback.of(req).getHostAddress())))
                        .get("/direct", (req, res) -> platform.json().write(res, Status.OK_200,
                                Map.of("address", trustingNobody.of(req).getHostAddress()))),
                operator -> { });
    }

    @Test
    void overHttpTheHeaderCountsOnlyFromATrustedPeer() {
        assertEquals("203.0.113.9", address(client.get("/behind-proxy")
                .header(HeaderNames.X_FORWARDED_FOR, "198.51.100.1, 203.0.113.9").request()));
        assertEquals("127.0.0.1", address(client.get("/direct")
                .header(HeaderNames.X_FORWARDED_FOR, "198.51.100.1, 203.0.113.9").request()));
        assertEquals("127.0.0.1", address(client.get("/behind-proxy").request()));
    }

    @Test
    void anUntrustedPeerIsTheAddressWhateverItClaims() {
        assertEquals(ip("203.0.113.5"), BEHIND_PROXIES.resolve(ip("203.0.113.5"), List.of("10.1.1.1")));
        assertEquals(ip("203.0.113.5"), BEHIND_PROXIES.resolve(ip("203.0.113.5"), List.of("198.51.100.1")));
        assertEquals(ip("2001:db8::5"), BEHIND_PROXIES.resolve(ip("2001:db8::5"), List.of("198.51.100.1")));
        ClientAddress none = new ClientAddress(List.of());
        assertEquals(ip("10.0.0.1"), none.resolve(ip("10.0.0.1"), List.of("198.51.100.1")));
    }

    @Test
    void behindTrustedProxiesTheRightmostUntrustedHopIsTheClient() {
        assertEquals(ip("198.51.100.1"), BEHIND_PROXIES.resolve(ip("10.0.0.2"), List.of("198.51.100.1")));
        assertEquals(ip("198.51.100.1"),
                BEHIND_PROXIES.resolve(ip("10.0.0.2"), List.of("198.51.100.1, 10.20.30.40, 192.168.1.7")));
        // Two headers read as one list, in order.
        assertEquals(ip("198.51.100.1"),
                BEHIND_PROXIES.resolve(ip("10.0.0.2"), List.of("203.0.113.66", "198.51.100.1, 10.9.9.9")));
    }

    @Test
    void spoofedHopsLeftOfTheClientAreIgnored() {
        // The client sent "X-Forwarded-For: 10.0.0.1, 1.2.3.4"; our proxy appended the real peer.
        assertEquals(ip("198.51.100.23"),
                BEHIND_PROXIES.resolve(ip("10.0.0.2"), List.of("10.0.0.1, 1.2.3.4, 198.51.100.23")));
        // Claiming to be a trusted proxy does not help: the right-most untrusted hop is still the client.
        assertEquals(ip("198.51.100.23"),
                BEHIND_PROXIES.resolve(ip("10.0.0.2"), List.of("198.51.100.23, 10.0.0.1")));
    }

    @Test
    void ipv6HopsAndRangesWork() {
        assertEquals(ip("2001:db8:abcd::1"),
                BEHIND_PROXIES.resolve(ip("fd12:3456::1"), List.of("2001:db8:abcd::1, fd00::2")));
        assertEquals(ip("2001:db8:abcd::1"),
                BEHIND_PROXIES.resolve(ip("2001:db8:1::1"), List.of("[2001:db8:abcd::1]:4711")));
        assertEquals(ip("198.51.100.1"), BEHIND_PROXIES.resolve(ip("10.0.0.2"), List.of("198.51.100.1:5555")));
        assertTrue(BEHIND_PROXIES.trusted(ip("fdff:ffff::1")));
        assertFalse(BEHIND_PROXIES.trusted(ip("fe80::1")));
        assertFalse(BEHIND_PROXIES.trusted(ip("2001:db8:1::2")));
    }

    @Test
    void cidrRangesMatchExactlyTheirPrefix() {
        ClientAddress ranges = new ClientAddress(List.of("172.16.0.0/12", "100.64.0.0/10", "192.0.2.128/25"));
        assertTrue(ranges.trusted(ip("172.16.0.1")));
        assertTrue(ranges.trusted(ip("172.31.255.255")));
        assertFalse(ranges.trusted(ip("172.32.0.1")));
        assertTrue(ranges.trusted(ip("100.127.1.1")));
        assertFalse(ranges.trusted(ip("100.128.0.1")));
        assertTrue(ranges.trusted(ip("192.0.2.200")));
        assertFalse(ranges.trusted(ip("192.0.2.100")));
        assertFalse(ranges.trusted(ip("::ffff:1")), "IPv6 never falls into an IPv4 range");
        assertTrue(new ClientAddress(List.of("0.0.0.0/0")).trusted(ip("8.8.8.8")));
        // A prefix as long as the address is one address, the longest allowed.
        ClientAddress single = new ClientAddress(List.of("192.0.2.9/32", "2001:db8::9/128"));
        assertTrue(single.trusted(ip("192.0.2.9")) && single.trusted(ip("2001:db8::9")));
        assertFalse(single.trusted(ip("192.0.2.8")) || single.trusted(ip("2001:db8::8")));
    }

    @Test
    void garbageStopsAtTheLastTrustedHop() {
        assertEquals(ip("10.9.9.9"),
                BEHIND_PROXIES.resolve(ip("10.0.0.2"), List.of("198.51.100.1, unknown, 10.9.9.9")));
        assertEquals(ip("10.0.0.2"), BEHIND_PROXIES.resolve(ip("10.0.0.2"), List.of("evil.example.com")));
        // Everything trusted: the left-most (an internal caller).
        assertEquals(ip("10.1.1.1"), BEHIND_PROXIES.resolve(ip("10.0.0.2"), List.of("10.1.1.1, 10.2.2.2")));
        assertEquals(ip("10.0.0.2"), BEHIND_PROXIES.resolve(ip("10.0.0.2"), List.of()));
        // An IPv6 hop whose bracket never closes, or an empty one, is garbage too, not an error.
        assertEquals(ip("10.0.0.2"), BEHIND_PROXIES.resolve(ip("10.0.0.2"), List.of("[2001:db8::1")));
        assertEquals(ip("10.0.0.2"), BEHIND_PROXIES.resolve(ip("10.0.0.2"), List.of("[]:80")));
        // A scope id would make one address many (fe80::1%1, %2 …), each throttled apart: garbage as well.
        assertEquals(ip("10.0.0.2"), BEHIND_PROXIES.resolve(ip("10.0.0.2"), List.of("fe80::1%1")));
        assertEquals(ip("10.0.0.2"), BEHIND_PROXIES.resolve(ip("10.0.0.2"), List.of("[fe80::1%eth0]:443")));
    }

    @Test
    void malformedProxyEntriesFailAtStartWithoutDnsLookups() {
        for (String entry : List.of("proxy.internal", "10.0.0.0/33", "fd00::/129", "10.0.0.0/x", "", "10.0.0.0/-1")) {
            assertThrows(IllegalArgumentException.class, () -> new ClientAddress(List.of(entry)), entry);
        }
    }

    private static String address(HttpClientResponse response) {
        return Http.ok(response).get("address").asText();
    }

    private static InetAddress ip(String literal) {
        return InetAddress.ofLiteral(literal);
    }
}
