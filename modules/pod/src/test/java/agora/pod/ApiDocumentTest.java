package agora.pod;

import java.io.IOException;
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
import agora.platform.host.testing.TestHost;
import agora.platform.testing.TestDatabase;
import agora.platform.web.Json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The API documents a whole pod serves pass a real OpenAPI linter: Spectral's {@code oas} ruleset
 * (which validates against the OpenAPI 3.1 schema) with no error and no warning left unexplained
 * (deploy/tools/openapi-lint; the explained ones are in docs/api/README.md).
 */
class ApiDocumentTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    private static final Path OUT = Path.of("target/openapi").toAbsolutePath();
    private static final String OPERATOR_TOKEN = "an operator token of the API document's test";
    private static Host pod;

    @BeforeAll
    static void start() throws IOException {
        TestDatabase database = TestDatabase.get();
        pod = Host.start(Config.builder()
                .disableEnvironmentVariablesSource()
                .sources(ConfigSources.create(Map.of(
                        "server.port", "0",
                        "agora.operator.port", "0",
                        "agora.operator.token", OPERATOR_TOKEN,
                        "agora.db.url", database.jdbcUrl(),
                        "agora.db.user", database.user(),
                        "agora.auth.keys.secret", TestHost.KEYS_SECRET)),
                        ConfigSources.classpath("application.yaml"))
                .build());
        Files.createDirectories(OUT);
    }

    @AfterAll
    static void stop() {
        pod.close();
    }

    @Test
    void theServedDocumentsPassTheOpenApiLint() throws Exception {
        Path publicDocument = write("public.yaml", served(pod.port(), "application/yaml"));
        Path operatorDocument = write("operator.yaml", served(pod.operatorPort(), "application/yaml"));
        Lint lint = lint(publicDocument, operatorDocument);
        assertEquals(0, lint.status(), lint.output());
    }

    @Test
    void theLintFailsOnAMalformedDocument() throws Exception {
        // The errors this test was written for: a description that YAML read as a boolean and a
        // stray property keyword left by an unquoted comma in a flow mapping.
        ObjectNode document = (ObjectNode) new Json(Limits.DEFAULT).mapper()
                .readTree(served(pod.port(), "application/json"));
        ((ObjectNode) document.at("/paths/~1api~1auth~1two-factor~1totp~1confirm/post/responses/200"))
                .set("description", BooleanNode.TRUE);
        ((ObjectNode) document.at("/components/schemas/JwkSet/properties/keys/items/properties/n"))
                .set("base64url", NullNode.getInstance());
        Path malformed = write("malformed.json", document.toPrettyString());
        Lint lint = lint(malformed);
        assertNotEquals(0, lint.status(), lint.output());
        assertTrue(lint.output().contains("error  oas3-schema"), lint.output());
        assertTrue(lint.output().contains("error  agora-key-without-value"), lint.output());
    }

    private record Lint(int status, String output) {
    }

    private static Lint lint(Path... documents) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", "deploy/tools/openapi-lint/lint.sh"));
        for (Path document : documents) {
            command.add(document.toString());
        }
        Process process = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Lint(process.waitFor(), output);
    }

    /* The operator listener's document needs the operator token, like everything on that listener. */
    private static String served(int port, String accept) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/openapi")).header("Accept", accept)
                        .header("Authorization", "Bearer " + OPERATOR_TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    private static Path write(String name, String content) throws IOException {
        return Files.writeString(OUT.resolve(name), content, StandardCharsets.UTF_8);
    }
}
