package agora.pod;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import agora.platform.core.Limits;
import agora.platform.host.Host;
import agora.platform.host.OperatorToken;
import agora.platform.host.testing.ProblemCodes;
import agora.platform.host.testing.TestHost;
import agora.platform.testing.Body;
import agora.platform.testing.TestDatabase;
import agora.platform.web.Json;
import agora.platform.web.OpenApi;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A whole pod started as ./agora run starts it, driven over HTTP and through the operator's command line. */
class PodTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Path home;
    private static OperatorToken operatorToken;
    private static Host pod;

    @BeforeAll
    static void start() throws Exception {
        TestDatabase database = TestDatabase.get();
        // Its own home, where it generates the operator token file that the command line reads.
        home = Files.createTempDirectory("agora-pod-test");
        Config config = Config.builder()
                .disableEnvironmentVariablesSource()
                .sources(ConfigSources.create(Map.of(
                        "server.port", "0",
                        "agora.operator.port", "0",
                        "agora.home", home.toString(),
                        "agora.db.url", database.jdbcUrl(),
                        "agora.db.user", database.user(),
                        "agora.auth.keys.secret", TestHost.KEYS_SECRET,
                        "agora.security.cors.origins", "https://app.agora.example")),
                        ConfigSources.classpath("application.yaml"))
                .build();
        operatorToken = OperatorToken.from(config);
        pod = Host.start(config);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            pod.close();
        } finally {
            try (var files = Files.walk(home)) {
                for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    @Test
    void firstStartServesDenmarkNorwayAndSweden() throws Exception {
        JsonNode page = get("/api/territories");
        List<String> codes = new ArrayList<>();
        page.get("items").forEach(item -> codes.add(item.get("code").asText()));
        assertTrue(codes.containsAll(List.of("DK", "NO", "SE")), codes.toString());
    }

    @Test
    void eachTerritoryPublishesItsSigningKeys() throws Exception {
        HttpResponse<String> jwks = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + pod.port() + "/.well-known/jwks.json"))
                .header("X-Territory", "DK").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, jwks.statusCode(), jwks.body());
        assertTrue(new Json(Limits.DEFAULT).mapper().readTree(jwks.body()).get("keys").size() >= 2, jwks.body());
    }

    @Test
    void operatorsRotateSigningKeysFromTheCommandLine() {
        Result rotated = cli("auth", "rotate-keys", "NO");
        assertEquals(0, rotated.status(), rotated.err());
        assertTrue(rotated.out().startsWith("NO  current "), rotated.out());
        assertEquals(1, cli("auth", "rotate-keys", "XX").status());
        assertEquals(2, cli("auth", "rotate").status());
    }

    @Test
    void theFirstAdminRedeemsTheBootstrapInvitationFromTheCommandLine() throws Exception {
        Result bootstrap = cli("bootstrap-admin", "--territory", "SE");
        assertEquals(0, bootstrap.status(), bootstrap.err());
        String[] lines = bootstrap.out().strip().split("\n");
        String token = lines[lines.length - 1];
        assertTrue(token.matches("[A-Za-z0-9_-]{43}"), "the token alone on the last line: " + bootstrap.out());
        String email = "first-admin-" + java.util.UUID.randomUUID() + "@example.se";
        HttpResponse<String> registered = post("/api/auth/register", null, Body.of("invitation", token,
                "email", email, "displayName", "Första", "password", "a long enough password").toString());
        assertEquals(201, registered.statusCode(), registered.body());
        HttpResponse<String> login = post("/api/auth/login", null,
                Body.of("email", email, "password", "a long enough password").toString());
        assertEquals(200, login.statusCode(), login.body());
        String access = new Json(Limits.DEFAULT).mapper().readTree(login.body()).get("accessToken").asText();
        HttpResponse<String> me = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + pod.port()
                + "/api/auth/me")).header("X-Territory", "SE").header("Authorization", "Bearer " + access).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, me.statusCode(), me.body());
        assertTrue(me.body().contains("territory-admin"), me.body());
        // A token of one territory is refused in another.
        HttpResponse<String> elsewhere = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + pod.port()
                + "/api/auth/me")).header("X-Territory", "DK").header("Authorization", "Bearer " + access).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, elsewhere.statusCode());
        assertTrue(elsewhere.body().contains("wrong-territory"), elsewhere.body());
        assertEquals(1, cli("bootstrap-admin", "--territory", "XX").status());
        assertEquals(2, cli("bootstrap-admin", "SE").status());
    }

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedPathIsRouted() {
        assertEquals(OpenApi.operations(pod.routes().api()), pod.openApi().operations(false),
                "public routes and /openapi disagree");
        assertEquals(OpenApi.operations(pod.routes().operator()), pod.openApi().operations(true),
                "operator routes and the operator /openapi disagree");
    }

    @Test
    void everyProblemCodeAnyModuleCanAnswerIsInTheApiDocument() throws Exception {
        // The platform's codes are in platform.yaml; each service declares its own to the host.
        java.util.List<String> documented = pod.openApi().problemCodes();
        java.util.List<String> missing = new ArrayList<>();
        try (var modules = java.nio.file.Files.list(java.nio.file.Path.of("..").toAbsolutePath().normalize())) {
            for (java.nio.file.Path module : modules.sorted().toList()) {
                java.nio.file.Path sources = module.resolve("src/main/java");
                if (java.nio.file.Files.isDirectory(sources) && !module.endsWith("benchmarks")) {
                    ProblemCodes.missing(sources, documented)
                            .forEach(code -> missing.add(module.getFileName() + ": " + code));
                }
            }
        }
        assertEquals(List.of(), missing, "problem codes the API document does not list");
    }

    @Test
    void clientsReadTheApiDocument() throws Exception {
        HttpResponse<String> yaml = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + pod.port() + "/openapi")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, yaml.statusCode());
        assertTrue(yaml.body().contains("/api/territories/{code}:"), yaml.body());
        assertTrue(!yaml.body().contains("/operator/territories"), "operator paths stay on the operator listener");
        JsonNode json = new Json(Limits.DEFAULT).mapper().readTree(HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + pod.operatorPort() + "/openapi")).header("Accept", "application/json")
                .header("Authorization", "Bearer " + operatorToken.current().orElseThrow())
                .build(), HttpResponse.BodyHandlers.ofString()).body());
        assertEquals("3.1.0", json.get("openapi").asText());
        assertTrue(json.get("paths").has("/operator/events/dead-letters"));
        assertTrue(json.at("/components/schemas/Problem").isObject());
        // The operator token guards every operation there, and says so: the scheme, 401 and 403 everywhere.
        assertEquals("bearer", json.at("/components/securitySchemes/operatorToken/scheme").asText());
        assertTrue(json.at("/security/0/operatorToken").isArray(), json.get("security").toString());
        json.get("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            assertTrue(operation.getValue().at("/responses/401").isObject(), path.getKey() + " " + operation.getKey());
            assertTrue(operation.getValue().at("/responses/403").isObject(), path.getKey() + " " + operation.getKey());
        }));
        assertTrue(!yaml.body().contains("operatorToken"), "the public document knows nothing of the operator token");
    }

    @Test
    void operatorsSeeHealthAndMetrics() throws Exception {
        get("/api/territories/DK");
        HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + pod.port() + "/observe/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode(), health.body());
        assertTrue(health.body().contains("postgresql") && health.body().contains("in-process"), health.body());
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + pod.port() + "/observe/metrics"))
                .header("Accept", "text/plain").build(), HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(metrics.contains("route=\"/api/territories/{code}\""), metrics);
        assertTrue(metrics.contains("agora_db_pool_connections"), metrics);
        assertTrue(metrics.contains("agora_outbox_backlog{"), metrics);
    }

    @Test
    void browsersFromAConfiguredOriginMayCallTheApi() throws Exception {
        HttpResponse<Void> preflight = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + pod.port() + "/api/territories"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://app.agora.example")
                .header("Access-Control-Request-Method", "GET")
                .build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(204, preflight.statusCode());
        assertEquals("https://app.agora.example",
                preflight.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
    }

    @Test
    void operatorCommandLineCreatesATerritoryInTheRunningPod() throws Exception {
        Result created = cli("territory", "create", "EE", "--name", "Eesti", "--language", "et", "--host", "ee.agora.test");
        assertEquals(0, created.status(), created.err());
        assertTrue(created.out().startsWith("EE  Eesti"), created.out());
        assertEquals("active", get("/api/territories/EE").get("status").asText());

        Result listed = cli("territory", "list");
        assertEquals(0, listed.status(), listed.err());
        assertTrue(listed.out().contains("EE  Eesti"), listed.out());
        assertTrue(listed.out().contains("DK  Danmark"), listed.out());

        Result deactivated = cli("territory", "deactivate", "EE");
        assertEquals(0, deactivated.status(), deactivated.err());
        assertTrue(deactivated.out().contains("inactive"), deactivated.out());
        assertEquals(0, cli("territory", "activate", "EE").status());
    }

    @Test
    void operatorCommandLineExplainsRefusals() throws Exception {
        Result invalid = cli("territory", "create", "XX", "--name", "Nowhere");
        assertEquals(1, invalid.status());
        assertTrue(invalid.err().contains("validation-failed") && invalid.err().contains("/code"), invalid.err());
        Result exists = cli("territory", "create", "DK", "--name", "Danmark");
        assertEquals(1, exists.status());
        assertTrue(exists.err().contains("territory-exists"), exists.err());
        assertEquals(2, cli("territory", "create").status());
        assertEquals(2, cli("bogus").status());
    }

    @Test
    void commandLineSaysWhenNoPodRuns() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new Cli(URI.create("http://127.0.0.1:" + closedPort), operatorToken,
                new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(List.of("territory", "list"));
        assertEquals(1, status);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("./agora run"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void commandLineSaysWhereItLookedForTheOperatorToken() throws Exception {
        // Another home, where no pod wrote a token: nothing is sent, and the message names the file.
        Path elsewhere = home.resolve("elsewhere");
        OperatorToken none = OperatorToken.from(Config.just(ConfigSources.create(Map.of("agora.home",
                elsewhere.toString()))));
        Result missing = cli(none, "territory", "list");
        assertEquals(1, missing.status());
        assertTrue(missing.err().contains(elsewhere.resolve(".agora/operator.token").toString()), missing.err());
        // A token file that is not the running pod's: the pod refuses, and the command says which file it read.
        Path stale = Files.writeString(home.resolve("stale.token"), "a token of some other pod, long enough\n");
        OperatorToken other = OperatorToken.from(Config.just(ConfigSources.create(Map.of("agora.operator.token-file",
                stale.toString()))));
        Result refused = cli(other, "territory", "deactivate", "DK");
        assertEquals(1, refused.status());
        assertTrue(refused.err().contains("401 operator-token-required") && refused.err().contains(stale.toString()),
                refused.err());
        assertEquals("active", get("/api/territories/DK").get("status").asText());
    }

    private record Result(int status, String out, String err) {
    }

    private static Result cli(String... args) {
        return cli(operatorToken, args);
    }

    private static Result cli(OperatorToken token, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new Cli(URI.create("http://127.0.0.1:" + pod.operatorPort()), token,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(List.of(args));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> post(String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + pod.port() + path))
                .header("X-Territory", "SE").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + pod.port() + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return new Json(Limits.DEFAULT).mapper().readTree(response.body());
    }
}
