package agora.territory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import agora.platform.data.Database;
import agora.platform.data.DatabaseConfig;
import agora.platform.data.Platform;
import agora.platform.data.migrate.ServiceMigrations;
import agora.platform.events.Events;
import agora.platform.events.EventsConfig;
import agora.platform.testing.TestDatabase;
import agora.platform.web.AgoraServer;
import agora.platform.web.Limits;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import io.helidon.webserver.testing.junit5.Socket;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Territories through the public and operator listeners of a running server. */
@ServerTest
class TerritoryServiceTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Platform platform;

    private final URI api;
    private final URI operator;

    TerritoryServiceTest(URI api, @Socket(AgoraServer.OPERATOR_SOCKET) URI operator) {
        this.api = api;
        this.operator = operator;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        TestDatabase testDatabase = TestDatabase.get();
        Config config = Config.just(ConfigSources.create(Map.of(
                "agora.web.cursor.secret", "a test secret of at least thirty-two bytes")));
        Database database = Database.connect(new DatabaseConfig(testDatabase.jdbcUrl(), testDatabase.user(), "", 4,
                    DatabaseConfig.DEFAULT_CONNECT_TIMEOUT));
        platform = Platform.create(config, database, Clock.systemUTC());
        platform.migrator().migrateGlobal();
        Events events = Events.create(EventsConfig.from(config), platform);
        TerritoryService service = TerritoryService.create(platform, events,
                List.of(ServiceMigrations.of("gamma", TerritoryServiceTest.class)));
        platform.migrator().migratePodTables(service.podMigrations());
        service.start(TerritoryService.DEFAULT_SEED);
        AgoraServer.configure(server, new AgoraServer.Settings("127.0.0.1", 0, 0, Limits.DEFAULT), platform.json(),
                service::routes, service::operatorRoutes);
    }

    @Test
    void seedTerritoriesExistAfterFirstStart() throws Exception {
        JsonNode dk = json(get(api, "/api/territories/DK"), 200);
        assertEquals("Danmark", dk.get("name").asText());
        assertEquals("da", dk.get("language").asText());
        assertEquals("active", dk.get("status").asText());
        assertEquals("nb", json(get(api, "/api/territories/no"), 200).get("language").asText());
        assertEquals("sv", json(get(api, "/api/territories/SE"), 200).get("language").asText());
    }

    @Test
    void listPagesThroughEveryTerritoryInCodeOrder() throws Exception {
        List<String> codes = new ArrayList<>();
        String path = "/api/territories?limit=1";
        while (true) {
            JsonNode page = json(get(api, path), 200);
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
    void badListParametersAreProblems() throws Exception {
        assertEquals("validation-failed", json(get(api, "/api/territories?limit=500"), 422).get("code").asText());
        assertEquals("invalid-cursor", json(get(api, "/api/territories?cursor=abc.def"), 400).get("code").asText());
    }

    @Test
    void unknownTerritoryIs404() throws Exception {
        assertEquals("unknown-territory", json(get(api, "/api/territories/XX"), 404).get("code").asText());
        assertEquals("unknown-territory", json(get(api, "/api/territories/DNK"), 404).get("code").asText());
    }

    @Test
    void creatingMigratesEveryServiceOfThePodWhileRunning() throws Exception {
        HttpResponse<String> created = post(operator, "/operator/territories",
                "{\"code\": \"is\", \"name\": \"Ísland\", \"hosts\": [\"IS.agora.example\"]}", null);
        JsonNode iceland = json(created, 201);
        assertEquals("IS", iceland.get("code").asText());
        assertEquals("is", iceland.get("language").asText());
        assertEquals("active", iceland.get("status").asText());
        assertEquals(List.of("is.agora.example"), List.of(iceland.get("hosts").get(0).asText()));
        assertEquals("/api/territories/IS", created.headers().firstValue("Location").orElseThrow());
        assertEquals("Ísland", json(get(api, "/api/territories/IS"), 200).get("name").asText());
        try (Connection connection = TestDatabase.get().connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT count(*) FROM territory_is.flyway_history_gamma WHERE version = '1' AND success")) {
            rows.next();
            assertEquals(1, rows.getInt(1));
        }
        platform.database().runInTerritory(agora.platform.data.TerritoryCode.of("IS"), db -> db.insert(
                "INSERT INTO gamma_items (id, label) VALUES (?, 'x')", UUID.randomUUID()));
        // Services deployed on their own learn of it through the pod-wide event, written with the row.
        String data = platform.database().inGlobal(db -> db.get("SELECT data::text AS data FROM territory_outbox"
                + " WHERE type = 'territory.created' AND aggregate = 'IS'").orElseThrow().column("data").get(String.class));
        JsonNode event = platform.json().mapper().readTree(data);
        assertEquals("IS", event.get("code").asText());
        assertEquals("Ísland", event.get("name").asText());
    }

    @Test
    void creatingAnExistingTerritoryIs409() throws Exception {
        assertEquals("territory-exists", json(post(operator, "/operator/territories",
                "{\"code\": \"DK\", \"name\": \"Danmark\"}", null), 409).get("code").asText());
    }

    @Test
    void invalidTerritoriesAreRefusedWithEveryReason() throws Exception {
        JsonNode problem = json(post(operator, "/operator/territories",
                "{\"code\": \"XX\", \"name\": \"\", \"language\": \"klingon\", \"hosts\": [\"not a host\"]}", null), 422);
        List<String> pointers = new ArrayList<>();
        problem.get("errors").forEach(error -> pointers.add(error.get("pointer").asText()));
        assertEquals(List.of("/code", "/name", "/language", "/hosts/0"), pointers);
        assertEquals("not-iso-3166-alpha-2", problem.at("/errors/0/code").asText());
        json(post(operator, "/operator/territories", "{\"name\": \"Nowhere\"}", null), 422);
        json(post(operator, "/operator/territories", "{\"code\": \"DE\", \"name\": \"x\", \"extra\": 1}", null), 422);
        assertEquals(404, get(api, "/api/territories/XX").statusCode());
    }

    @Test
    void createIsIdempotent() throws Exception {
        String key = UUID.randomUUID().toString();
        String body = "{\"code\": \"FO\", \"name\": \"Føroyar\"}";
        HttpResponse<String> first = post(operator, "/operator/territories", body, key);
        HttpResponse<String> again = post(operator, "/operator/territories", body, key);
        assertEquals(201, first.statusCode(), first.body());
        assertEquals(201, again.statusCode(), again.body());
        assertEquals(first.body(), again.body());
        assertEquals("true", again.headers().firstValue("Idempotency-Replayed").orElseThrow());
    }

    @Test
    void deactivateAndActivate() throws Exception {
        json(post(operator, "/operator/territories", "{\"code\": \"GL\", \"name\": \"Kalaallit Nunaat\"}", null), 201);
        assertEquals("inactive", json(post(operator, "/operator/territories/GL/deactivate", "", null), 200)
                .get("status").asText());
        assertEquals("inactive", json(get(api, "/api/territories/GL"), 200).get("status").asText());
        assertEquals("active", json(post(operator, "/operator/territories/GL/activate", "", null), 200)
                .get("status").asText());
        assertEquals("unknown-territory", json(post(operator, "/operator/territories/ZZ/activate", "", null), 404)
                .get("code").asText());
    }

    @Test
    void changesAreOnlyOnTheOperatorListener() throws Exception {
        HttpResponse<String> response = post(api, "/api/territories", "{\"code\": \"DE\", \"name\": \"x\"}", null);
        assertEquals("method-not-allowed", json(response, 405).get("code").asText());
        assertEquals("GET, OPTIONS", response.headers().firstValue("Allow").orElseThrow());
        assertEquals("no-such-route", json(post(api, "/operator/territories", "{}", null), 404).get("code").asText());
        assertFalse(json(get(api, "/api/territories"), 200).toString().contains("\"DE\""));
    }

    private static HttpResponse<String> get(URI base, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(URI base, String path, String body, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (!body.isEmpty()) {
            request.header("Content-Type", "application/json");
        }
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response, int status) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        return platform.json().mapper().readTree(response.body());
    }
}
