package agora.user;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.UUID;

import agora.platform.contract.TerritoryCode;
import agora.platform.host.testing.Eventually;
import agora.platform.host.testing.TestHost;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The user service deployed apart, starting while auth cannot be reached: the territory is served
 * all the same, a member auth alone knows is not found up yet (503, not 404 or 500), and the next
 * start, with auth back, makes the earlier members' profiles.
 */
class ReplayOutageTest {
    private static final TerritoryCode TERRITORY = TerritoryCode.of("AS");
    private static TestHost auth;
    private static UUID early;

    @BeforeAll
    static void start() {
        auth = TestHost.with(TestHost.service("territory"), TestHost.service("auth"))
                .config("agora.auth.throttle.registrations", "1000/PT1M").territory(TERRITORY.value()).start();
        // A member from before the user service and before the events' retention: auth's table holds
        // them, no event does (as the benchmark seeds its 100,000).
        early = UUID.randomUUID();
        auth.host().platform().database().runInTerritory(TERRITORY, db -> db.dml("INSERT INTO auth_accounts "
                + "(id, email, display_name, password_hash, status, roles, email_verified_at, created_at, "
                + "status_changed_at) VALUES (?, ?, 'Quillon Early', 'unusable', 'active', '{member}', now(), now(), now())",
                early, "early-" + early + "@example.org"));
    }

    @AfterAll
    static void stop() {
        auth.close();
    }

    @Test
    void startingWhileAuthIsAwayServesTheTerritoryAndTheNextStartMakesTheProfiles() throws IOException {
        try (TestHost users = TestHost.with(new UserService()).besides(auth)
                .config("agora.services.auth.url", "http://127.0.0.1:" + closedPort()).start()) {
            users.api().get("/api/users/search?q=quillon").expect(200);
            users.api().get("/api/users/" + early).problem(503, "unavailable");
        }
        try (TestHost users = TestHost.with(new UserService()).besides(auth).start()) {
            // Found by search before anyone reads the profile: the replay made it, not a first read.
            Eventually.within(Duration.ofSeconds(20), () -> users.api().get("/api/users/search?q=quillon")
                    .expect(200).json().get("items").size(), found -> found == 1);
            assertEquals("Quillon Early",
                    users.api().get("/api/users/" + early).expect(200).json().get("displayName").asText());
        }
    }

    /** A port nothing listens on: taken from the system and given back. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
