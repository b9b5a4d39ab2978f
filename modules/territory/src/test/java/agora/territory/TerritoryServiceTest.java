package agora.territory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import agora.platform.contract.TerritoryCode;
import agora.platform.host.testing.ApiClient;
import agora.platform.host.testing.ApiResponse;
import agora.platform.host.testing.Eventually;
import agora.platform.host.testing.TestHost;
import agora.platform.testing.Body;
import agora.platform.testing.TestDatabase;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Territories through the public and operator listeners of a process that runs the territory service. */
class TerritoryServiceTest {
    private static final Gamma GAMMA = new Gamma();
    private static TestHost pod;
    private static ApiClient api;
    private static ApiClient operator;

    @BeforeAll
    static void start() {
        pod = TestHost.with(new TerritoryService(), GAMMA)
                .territory("DK")
                .config("agora.territory.seed", "DK:Danmark:da,NO:Norge:nb,SE:Sverige:sv")
                .start();
        api = pod.api();
        operator = pod.operator();
    }

    @AfterAll
    static void stop() {
        pod.close();
    }

    @Test
    void seedTerritoriesExistAfterFirstStart() {
        JsonNode dk = api.get("/api/territories/DK").expect(200).json();
        assertEquals("Danmark", dk.get("name").asText());
        assertEquals("da", dk.get("language").asText());
        assertEquals("active", dk.get("status").asText());
        assertEquals("nb", api.get("/api/territories/no").expect(200).json().get("language").asText());
        assertEquals("sv", api.get("/api/territories/SE").expect(200).json().get("language").asText());
    }

    @Test
    void listPagesThroughEveryTerritoryInCodeOrder() {
        List<String> codes = new ArrayList<>();
        String path = "/api/territories?limit=1";
        while (true) {
            JsonNode page = api.get(path).expect(200).json();
            assertTrue(page.get("items").size() <= 1);
            page.get("items").forEach(item -> codes.add(item.get("code").asText()));
            if (page.get("next").isNull()) {
                break;
            }
            path = "/api/territories?limit=1&cursor=" + page.get("next").asText();
        }
        assertTrue(codes.containsAll(List.of("DK", "NO", "SE")), codes.toString());
        assertEquals(codes.stream().sorted().toList(), codes);
        assertEquals(codes.size(), codes.stream().distinct().count());
    }

    @Test
    void badListParametersAreProblems() {
        api.get("/api/territories?limit=500").problem(422, "validation-failed");
        api.get("/api/territories?cursor=abc.def").problem(400, "invalid-cursor");
    }

    @Test
    void unknownTerritoryIs404() {
        api.get("/api/territories/XX").problem(404, "unknown-territory");
        api.get("/api/territories/DNK").problem(404, "unknown-territory");
    }

    @Test
    void creatingReadiesEveryServiceOfTheProcessWhileRunning() throws Exception {
        ApiResponse created = operator.post("/operator/territories",
                Body.of("code", "is", "name", "Ísland", "hosts", List.of("IS.agora.example")));
        JsonNode iceland = created.expect(201).json();
        assertEquals("IS", iceland.get("code").asText());
        assertEquals("is", iceland.get("language").asText());
        assertEquals("active", iceland.get("status").asText());
        assertEquals(List.of("is.agora.example"), List.of(iceland.get("hosts").get(0).asText()));
        assertEquals("/api/territories/IS", created.header("Location").orElseThrow());
        assertEquals("Ísland", api.get("/api/territories/IS").expect(200).json().get("name").asText());
        // Gamma's tables exist there and its territory set-up ran, before the territory became active.
        try (Connection connection = TestDatabase.get().connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT count(*) FROM territory_is.flyway_history_gamma WHERE version = '1' AND success")) {
            rows.next();
            assertEquals(1, rows.getInt(1));
        }
        pod.host().platform().database().runInTerritory(TerritoryCode.of("IS"), db -> db.insert(
                "INSERT INTO gamma_items (id, label) VALUES (?, 'x')", UUID.randomUUID()));
        assertTrue(GAMMA.readied.contains(TerritoryCode.of("IS")), GAMMA.readied.toString());
        // Services deployed on their own learn of it through the pod-wide event, written with the row.
        String data = pod.host().platform().database().inGlobal(db -> db.get("SELECT data::text AS data FROM"
                        + " territory_outbox WHERE type = 'territory.created' AND aggregate = 'IS'").orElseThrow()
                .column("data").get(String.class));
        JsonNode event = Body.parse(data);
        assertEquals("IS", event.get("code").asText());
        assertEquals("Ísland", event.get("name").asText());
    }

    @Test
    void aServiceInAnotherProcessIsReadiedForEveryTerritoryAtStartAndForNewOnesAsTheyAreCreated() {
        operator.post("/operator/territories", Body.of("code", "AX", "name", "Åland")).expect(201);
        Gamma apart = new Gamma();
        try (TestHost other = TestHost.with(apart).besides(pod).start()) {
            assertEquals(List.of("gamma"), other.host().services());
            // At start: every territory that exists, Åland among them.
            assertTrue(apart.readied.containsAll(List.of(TerritoryCode.of("DK"), TerritoryCode.of("AX"))),
                    apart.readied.toString());
            // Later: a territory created by the territory service reaches the other process as an event.
            operator.post("/operator/territories", Body.of("code", "BV", "name", "Bouvetøya")).expect(201);
            Eventually.within(Duration.ofSeconds(10), () -> apart.readied, readied -> readied.contains(TerritoryCode.of("BV")));
            assertEquals(1, apart.readied.stream().filter(TerritoryCode.of("BV")::equals).count(),
                    "readied once, though the event and the catch-up may both see it");
        }
    }

    @Test
    void creatingAnExistingTerritoryIs409() {
        operator.post("/operator/territories", Body.of("code", "DK", "name", "Danmark")).problem(409, "territory-exists");
    }

    @Test
    void invalidTerritoriesAreRefusedWithEveryReason() {
        JsonNode problem = operator.post("/operator/territories", Body.of("code", "XX", "name", "",
                "language", "klingon", "hosts", List.of("not a host"))).problem(422, "validation-failed");
        List<String> pointers = new ArrayList<>();
        problem.get("errors").forEach(error -> pointers.add(error.get("pointer").asText()));
        assertEquals(List.of("/code", "/name", "/language", "/hosts/0"), pointers);
        assertEquals("not-iso-3166-alpha-2", problem.at("/errors/0/code").asText());
        operator.post("/operator/territories", Body.of("name", "Nowhere")).problem(422, "validation-failed");
        operator.post("/operator/territories", Body.of("code", "DE", "name", "x", "extra", 1))
                .problem(422, "validation-failed");
        assertEquals(404, api.get("/api/territories/XX").status());
    }

    @Test
    void createIsIdempotent() {
        ApiClient keyed = operator.header("Idempotency-Key", UUID.randomUUID().toString());
        JsonNode body = Body.of("code", "FO", "name", "Føroyar");
        ApiResponse first = keyed.post("/operator/territories", body).expect(201);
        ApiResponse again = keyed.post("/operator/territories", body).expect(201);
        assertEquals(first.body(), again.body());
        assertEquals("true", again.header("Idempotency-Replayed").orElseThrow());
    }

    @Test
    void deactivateAndActivate() {
        operator.post("/operator/territories", Body.of("code", "GL", "name", "Kalaallit Nunaat")).expect(201);
        assertEquals("inactive", operator.post("/operator/territories/GL/deactivate", null).expect(200).json()
                .get("status").asText());
        assertEquals("inactive", api.get("/api/territories/GL").expect(200).json().get("status").asText());
        assertEquals("active", operator.post("/operator/territories/GL/activate", null).expect(200).json()
                .get("status").asText());
        operator.post("/operator/territories/ZZ/activate", null).problem(404, "unknown-territory");
    }

    @Test
    void changesAreOnlyOnTheOperatorListener() {
        ApiResponse response = api.post("/api/territories", Body.of("code", "DE", "name", "x"));
        response.problem(405, "method-not-allowed");
        assertEquals("GET, OPTIONS", response.header("Allow").orElseThrow());
        api.post("/operator/territories", Body.of()).problem(404, "no-such-route");
        assertFalse(api.get("/api/territories").expect(200).json().toString().contains("\"DE\""));
    }
}
