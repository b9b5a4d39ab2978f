package agora.pod;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import agora.platform.contract.TerritoryCode;
import agora.platform.host.testing.Eventually;
import agora.platform.host.testing.Member;
import agora.platform.host.testing.TestHost;
import agora.platform.testing.Body;
import agora.platform.testing.PrivateNats;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pod's background work and its metrics while a backend is away: a PostgreSQL of the test's own,
 * stopped and started again under a running host, and a NATS of its own, stopped.
 */
class OutageTest {
    /** Longer than the host's connect timeout below, so every loop that reads the database meets the outage. */
    private static final Duration OUTAGE = Duration.ofSeconds(8);

    @TempDir
    static Path directory;

    private static PrivatePostgres postgres;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = PrivatePostgres.start(directory);
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    @Test
    void theBackgroundWorkCarriesOnAfterADatabaseOutageAndHealthShowsEveryLoopRunning() throws Exception {
        try (TestHost host = TestHost.with(TestHost.service("territory"), TestHost.service("auth")).territory("GR")
                .config(postgres.config())
                .config("agora.db.connect.timeout", "PT1S")
                // Only the outbox's notification wakes a relay in this test: the fallback poll never comes.
                .config("agora.events.poll.interval", "PT1H")
                .start()) {
            String email = register(host);
            host.signIns().verify(email);

            postgres.stop();
            try {
                Eventually.within(Duration.ofSeconds(20), () -> host.api().get("/observe/health/ready"),
                        ready -> ready.status() == 503 && ready.body().contains("postgresql"));
                // Answered at once; the look-up and the mail happen in the background, which meets the outage.
                host.api().post("/api/auth/password/reset-request", Body.of("email", email)).expect(202);
                Thread.sleep(OUTAGE);
            } finally {
                postgres.startAgain();
            }
            Eventually.within(Duration.ofSeconds(30), () -> host.api().get("/observe/health/ready"),
                    ready -> ready.status() == 200);

            assertTrue(host.mail().nth(email, 2).token().isPresent(), "the reset mail goes out once the database is back");
            // The first registration's events may still go out with a relay's retry from the outage;
            // once they have, the relays wait, and only the outbox's notification wakes them.
            register(host);
            Eventually.within(Duration.ofSeconds(30), () -> unsentAuthEvents(host), unsent -> unsent == 0);
            register(host);
            Eventually.within(Duration.ofSeconds(20), () -> unsentAuthEvents(host), unsent -> unsent == 0);

            JsonNode health = host.api().get("/observe/health").expect(200).json();
            JsonNode loops = loops(health);
            assertEquals("UP", loops.get("status").asText(), health.toString());
            for (String loop : List.of("events-outbox-listener", "events-relay-auth-gr", "auth-reset-1",
                    "auth-housekeeping", "territories")) {
                assertTrue(loops.get("data").get(loop).asText().startsWith("running"), loop + ": " + health);
            }
        }
    }

    @Test
    void aScrapeNeverWaitsForABackendAndMarksWhatItCannotKnowAsNaN() throws Exception {
        try (PrivateNats nats = new PrivateNats(directory.resolve("nats"))) {
            java.nio.file.Files.createDirectories(directory.resolve("nats"));
            nats.start();
            try (TestHost host = TestHost.with(TestHost.service("territory"), TestHost.service("auth")).territory("CY")
                    .config(postgres.config())
                    .config("agora.nats.url", nats.url())
                    // A unit of work waits this long for a connection: a scrape that queried the
                    // database would not answer in time.
                    .config("agora.db.connect.timeout", "PT2M")
                    .start()) {
                Member admin = host.signIns().admin();
                host.api().as(admin.access()).get("/api/auth/me").expect(200);
                Eventually.within(Duration.ofSeconds(20), () -> samples(host, "agora_consumer_lag"),
                        lags -> !lags.isEmpty() && lags.stream().noneMatch(value -> value.isNaN()));
                Eventually.within(Duration.ofSeconds(20), () -> samples(host, "agora_outbox_backlog"),
                        backlog -> !backlog.isEmpty() && backlog.stream().noneMatch(value -> value.isNaN()));

                nats.stop();
                List<Double> lags = Eventually.within(Duration.ofSeconds(30), () -> samples(host, "agora_consumer_lag"),
                        unknown -> !unknown.isEmpty() && unknown.stream().allMatch(value -> value.isNaN()));
                assertFalse(lags.contains(0.0), "an unknown lag is not 0");

                postgres.stop();
                try {
                    for (String gauge : List.of("agora_outbox_backlog", "agora_outbox_lag_seconds", "agora_dead_letters")) {
                        Eventually.within(Duration.ofSeconds(45), () -> samples(host, gauge),
                                unknown -> !unknown.isEmpty() && unknown.stream().allMatch(value -> value.isNaN()));
                    }
                } finally {
                    postgres.startAgain();
                }
            }
        }
    }

    private static String register(TestHost host) {
        String email = "outage-" + UUID.randomUUID() + "@example.org";
        host.signIns().register(host.signIns().bootstrapInvitation(), email, Member.PASSWORD);
        return email;
    }

    private static long unsentAuthEvents(TestHost host) {
        return host.host().platform().database().inTerritory(TerritoryCode.of(host.territory()), db -> db.get(
                "SELECT count(*) AS n FROM auth_outbox WHERE sent_at IS NULL").orElseThrow().column("n").get(Long.class));
    }

    private static JsonNode loops(JsonNode health) {
        for (JsonNode check : health.get("checks")) {
            if (check.get("name").asText().equals("loops")) {
                return check;
            }
        }
        throw new AssertionError("no loops check in " + health);
    }

    /*
     * The values of one gauge for this host's territory, from a scrape that must answer well within
     * the database's connect timeout: the request gives up after 20 s.
     */
    private static List<Double> samples(TestHost host, String gauge) {
        String territory = "territory=\"" + host.territory() + "\"";
        return scrape(host).lines()
                .filter(line -> line.startsWith(gauge + "{") && line.contains(territory))
                .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .toList();
    }

    private static String scrape(TestHost host) {
        try {
            HttpResponse<String> response = SCRAPER.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + host.host().port() + "/observe/metrics"))
                    .header("Accept", "text/plain").timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            return response.body();
        } catch (java.io.IOException e) {
            throw new AssertionError("the scrape did not answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static final HttpClient SCRAPER = HttpClient.newHttpClient();
}
