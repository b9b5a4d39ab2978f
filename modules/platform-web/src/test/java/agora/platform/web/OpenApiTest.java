package agora.platform.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import agora.platform.core.Limits;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a client reads at each listener's {@code /openapi}: the public listener's paths and the
 * operator listener's, each with only the components, security schemes and tags its paths use, the
 * operator's every operation answering 401 and 403 under the operator token; YAML unless JSON is
 * asked for. And the merge refusing documents that disagree, so that no service silently redefines
 * another's part.
 */
class OpenApiTest {
    private static final Json JSON = new Json(Limits.DEFAULT);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /* A service's document: a public and an operator route, schemas reached directly, through another
       schema (with a cycle back) and not at all, a tag of each listener's, an extension member. */
    private static final String WIDGETS = """
            openapi: 3.1.0
            tags:
            - name: widgets
              description: Widgets
            - name: widget-admin
              description: Widgets for the operator
            paths:
              /api/widgets:
                get:
                  tags: [widgets]
                  security:
                  - bearerAuth: []
                  parameters:
                  - $ref: '#/components/parameters/Limit'
                  responses:
                    '200':
                      description: The widgets
                      content:
                        application/json:
                          schema: {$ref: '#/components/schemas/Widget'}
                    '404': {$ref: '#/components/responses/Problem'}
              /operator/widgets:
                post:
                  tags: [widget-admin]
                  responses:
                    '201':
                      description: Made
                      content:
                        application/json:
                          schema: {$ref: '#/components/schemas/WidgetOrder'}
                    '401':
                      description: Documented by the service itself
                parameters:
                - name: dry
                  in: query
                  schema: {type: boolean}
            components:
              x-origin: widgets
              schemas:
                Widget:
                  type: object
                  properties:
                    part: {$ref: '#/components/schemas/Part'}
                Part:
                  type: object
                  properties:
                    spare: {$ref: '#/components/schemas/Widget'}
                WidgetOrder:
                  type: object
                Unused:
                  type: object
            """;

    private static WebServer server;
    private static OpenApi openApi;
    private static AgoraServer.Routed routed;

    /* Per test, not once per class: PIT credits what a class-level set-up runs to no test, and so
       ran only the one test that merges a document itself against the mutants of the views. */
    @BeforeEach
    void start() {
        openApi = OpenApi.merge(List.of(WIDGETS, " "), JSON, List.of("widget-missing", "validation-failed"));
        io.helidon.webserver.WebServerConfig.Builder builder = WebServer.builder();
        routed = AgoraServer.configure(builder, new AgoraServer.Settings("127.0.0.1", 0, 0, Limits.DEFAULT), JSON,
                routes -> {
                    routes.get("/api/widgets", (req, res) -> JSON.write(res, io.helidon.http.Status.OK_200, List.of()));
                    openApi.serve(routes, false);
                },
                operator -> {
                    operator.post("/operator/widgets", (req, res) -> res.send("made"));
                    openApi.serve(operator, true);
                });
        server = builder.build().start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void thePublicDocumentHasThePublicPathsAndOnlyWhatTheyUse() throws Exception {
        JsonNode document = json(publicBase());
        assertEquals(Set.of("/api/widgets", "/openapi"), names(document.get("paths")));
        assertEquals(Set.of("Widget", "Part", "Problem"), names(document.at("/components/schemas")),
                "Widget directly, Part through Widget, Problem through the shared response");
        assertEquals(Set.of("Problem"), names(document.at("/components/responses")));
        assertEquals(Set.of("Limit"), names(document.at("/components/parameters")));
        assertEquals(Set.of("bearerAuth"), names(document.at("/components/securitySchemes")));
        assertEquals("widgets", document.at("/components/x-origin").asText());
        assertEquals(List.of("api-document", "widgets"), tagNames(document));
        assertTrue(document.get("security") == null, "the public listener has no top-level requirement");
        assertFalse(document.at("/paths/~1openapi/get/responses").has("401"),
                "the operator's refusals stay out of the public document: " + document.at("/paths/~1openapi"));
    }

    @Test
    void theOperatorDocumentRequiresTheOperatorTokenAndSaysEachOperationCanRefuse() throws Exception {
        JsonNode document = json(operatorBase());
        assertEquals(Set.of("/operator/widgets", "/openapi"), names(document.get("paths")));
        assertEquals("[{\"operatorToken\":[]}]", document.get("security").toString());
        assertEquals(Set.of("operatorToken"), names(document.at("/components/securitySchemes")));
        assertEquals(Set.of("WidgetOrder", "Problem"), names(document.at("/components/schemas")));
        assertTrue(document.at("/components/parameters").isMissingNode(), "no parameter is used: " + document);
        assertEquals("widgets", document.at("/components/x-origin").asText());
        assertEquals(List.of("api-document", "widget-admin"), tagNames(document));
        JsonNode made = document.at("/paths/~1operator~1widgets/post/responses");
        assertEquals(List.of("201", "401", "403"), fieldNames(made), "in order: " + made);
        assertEquals("Documented by the service itself", made.at("/401/description").asText());
        assertEquals("#/components/responses/Problem", made.at("/403/$ref").asText());
        assertEquals("dry", document.at("/paths/~1operator~1widgets/parameters/0/name").asText(),
                "members of a path that are not operations are kept as they are");
        assertEquals(List.of("200", "401", "403"), fieldNames(document.at("/paths/~1openapi/get/responses")));
    }

    @Test
    void theDocumentsListWhatTheListenersRoute() {
        assertEquals(OpenApi.operations(routed.api()), openApi.operations(false));
        assertEquals(OpenApi.operations(routed.operator()), openApi.operations(true));
        assertEquals(Set.of("GET /api/widgets", "GET /openapi"), openApi.operations(false));
        assertEquals(Set.of("POST /operator/widgets", "GET /openapi"), openApi.operations(true));
    }

    @Test
    void yamlIsServedUnlessJsonIsAskedFor() throws Exception {
        HttpResponse<String> yaml = get(publicBase(), "*/*");
        assertEquals(200, yaml.statusCode());
        assertEquals("application/yaml", yaml.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("nosniff", yaml.headers().firstValue("X-Content-Type-Options").orElseThrow());
        Map<?, ?> read = (Map<?, ?>) new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml.body());
        assertEquals(JSON.mapper().readValue(get(publicBase(), "application/json").body(), Map.class), read,
                "the same document in both forms");
        List<String> lines = yaml.body().lines().toList();
        assertTrue(lines.contains("paths:") && lines.contains("      - api-document"),
                "block style, lists one item a line:\n" + yaml.body());
        int longest = lines.stream().mapToInt(String::length).max().orElseThrow();
        assertTrue(longest > 80 && longest <= 130, "long descriptions are folded at 120, not at 80: " + longest);
        assertEquals("application/json", get(publicBase(), "application/json, text/plain")
                .headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void theServicesProblemCodesAreAddedToThePlatformsOnce() throws Exception {
        List<String> codes = openApi.problemCodes();
        assertTrue(codes.contains("widget-missing") && codes.contains("no-such-route"), codes.toString());
        assertEquals(1, codes.stream().filter("validation-failed"::equals).count(), codes.toString());
        assertEquals("widget-missing", codes.getLast());
        JsonNode served = json(publicBase()).at("/components/schemas/Problem/properties/code/enum");
        List<String> listed = new ArrayList<>();
        served.forEach(code -> listed.add(code.asText()));
        assertEquals(codes, listed);
        assertFalse(OpenApi.merge(List.of(), JSON).problemCodes().contains("widget-missing"));
    }

    @Test
    void documentsThatDisagreeAreRefused() {
        IllegalStateException tag = assertThrows(IllegalStateException.class, () -> OpenApi.merge(
                List.of(WIDGETS, "tags:\n- name: widgets\n"), JSON));
        assertTrue(tag.getMessage().contains("widgets"), tag.getMessage());
        assertThrows(IllegalStateException.class, () -> OpenApi.merge(List.of("tags:\n- name: api-document\n"), JSON),
                "a service may not redeclare the platform's tag");
        IllegalStateException scalar = assertThrows(IllegalStateException.class, () -> OpenApi.merge(
                List.of("info:\n  title: Widgets\n"), JSON));
        assertTrue(scalar.getMessage().contains("title"), scalar.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OpenApi.merge(List.of("- a list"), JSON));
        // Saying the same as the platform is no disagreement; a tag list of plain names is joined.
        OpenApi agreeing = OpenApi.merge(List.of("openapi: 3.1.0\ninfo:\n  title: Agora\ntags: [plain]\n"), JSON);
        assertEquals(Set.of("GET /openapi"), agreeing.operations(false));
    }

    @Test
    void aServiceDocumentIsReadFromItsModuleAndAMissingOneIsNamed() {
        assertTrue(OpenApi.resource(OpenApi.class, "/agora-openapi/platform.yaml").startsWith("# The platform part"));
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> OpenApi.resource(OpenApi.class, "/agora-openapi/nowhere.yaml"));
        assertTrue(missing.getMessage().contains("/agora-openapi/nowhere.yaml"), missing.getMessage());
    }

    private static URI publicBase() {
        return URI.create("http://127.0.0.1:" + server.port() + "/openapi");
    }

    private static URI operatorBase() {
        return URI.create("http://127.0.0.1:" + server.port(AgoraServer.OPERATOR_SOCKET) + "/openapi");
    }

    private static HttpResponse<String> get(URI uri, String accept) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).header("Accept", accept).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(URI uri) throws Exception {
        HttpResponse<String> response = get(uri, "application/json");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        return JSON.mapper().readTree(response.body());
    }

    private static Set<String> names(JsonNode node) {
        return new TreeSet<>(fieldNames(node));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> tagNames(JsonNode document) {
        List<String> names = new ArrayList<>();
        document.get("tags").forEach(tag -> names.add(tag.get("name").asText()));
        return names;
    }
}
