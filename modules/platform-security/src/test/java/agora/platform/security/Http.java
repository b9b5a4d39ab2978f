package agora.platform.security;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Assertions on what came back over HTTP. */
final class Http {
    private Http() {
    }

    /** Asserts a problem+json response with the status and code, and returns its body. */
    static JsonNode problem(HttpClientResponse response, int status, String code) {
        try (response) {
            String body = response.as(String.class);
            assertEquals(status, response.status().code(), body);
            assertEquals("application/problem+json", response.headers().contentType().orElseThrow().text(), body);
            JsonNode problem = TestPlatform.get().json().mapper().readTree(body);
            assertEquals(code, problem.get("code").asText(), body);
            assertEquals(status, problem.get("status").asInt(), body);
            return problem;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts a 401 problem with the code and the RFC 6750 challenge, and returns its body. */
    static JsonNode refused(HttpClientResponse response, String code, String challenge) {
        String header = response.headers().first(HeaderNames.WWW_AUTHENTICATE).orElse("(none)");
        JsonNode problem = problem(response, 401, code);
        assertEquals(challenge, header, problem.toString());
        return problem;
    }

    /** Asserts a 401 refusing a presented token. */
    static JsonNode invalidToken(HttpClientResponse response, String code) {
        return refused(response, code, "Bearer error=\"invalid_token\"");
    }

    /** Asserts a 200 JSON response and returns its body. */
    static JsonNode ok(HttpClientResponse response) {
        try (response) {
            String body = response.as(String.class);
            assertEquals(200, response.status().code(), body);
            return TestPlatform.get().json().mapper().readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
