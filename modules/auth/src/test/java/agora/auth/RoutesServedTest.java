package agora.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import agora.platform.host.testing.ApiClient;
import agora.platform.host.testing.ApiResponse;
import agora.platform.host.testing.TestHost;
import agora.platform.testing.Body;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A freshly started auth serves every route its API document names: each answers something of its
 * own (a refusal of the anonymous caller, a validation error, a page), never the platform's
 * {@code no-such-route} or {@code method-not-allowed}. The host starts inside the test, so a route
 * left out of the wiring in {@link AuthService} shows here, where a test of one route would not
 * notice that another is missing.
 */
class RoutesServedTest {
    private static final Set<String> UNSERVED = Set.of("no-such-route", "method-not-allowed");
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

    @Test
    void everyDocumentedRouteIsServedFromTheStart() {
        try (TestHost host = TestHost.with(TestHost.service("territory"), new AuthService()).territory("CY").start()) {
            JsonNode document = host.api().header("Accept", "application/json").get("/openapi").expect(200).json();
            List<String> unserved = new ArrayList<>();
            int asked = 0;
            for (var path : document.get("paths").properties()) {
                if (!path.getKey().startsWith("/api/auth/") && !path.getKey().equals("/.well-known/jwks.json")) {
                    continue;
                }
                for (var operation : path.getValue().properties()) {
                    if (METHODS.contains(operation.getKey())) {
                        asked++;
                        ApiResponse answer = ask(host.api(), operation.getKey(), concrete(path.getKey()));
                        String code = answer.status() >= 400 ? answer.json().path("code").asText() : "";
                        if (UNSERVED.contains(code)) {
                            unserved.add(operation.getKey().toUpperCase() + " " + path.getKey() + ": " + code);
                        }
                    }
                }
            }
            assertEquals(List.of(), unserved, "of " + asked + " documented routes");
            assertEquals(true, asked > 30, "the document names auth's routes (" + asked + ")");
        }
    }

    private static ApiResponse ask(ApiClient api, String method, String path) {
        return api.send(method.toUpperCase(), path, method.equals("get") || method.equals("delete") ? null : Body.of());
    }

    /** A path with its parameters filled: ids that name nothing, a role, a territory. */
    private static String concrete(String template) {
        return template.replace("{id}", "00000000-0000-4000-8000-000000000000")
                .replace("{role}", "moderator").replace("{code}", "CY");
    }
}
