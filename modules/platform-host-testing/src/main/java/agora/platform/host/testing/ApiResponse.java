package agora.platform.host.testing;

import java.net.http.HttpResponse;
import java.util.Optional;

import agora.platform.testing.Body;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An answer as a test reads it: status, headers, body, and the assertions every test repeats
 * (an expected status, a problem with its code).
 *
 * @param response the JDK's answer
 */
public record ApiResponse(HttpResponse<String> response) {

    /** The status code. */
    public int status() {
        return response.statusCode();
    }

    /** The body as text. */
    public String body() {
        return response.body();
    }

    /** The body as JSON. */
    public JsonNode json() {
        return Body.parse(response.body());
    }

    /**
     * A header's first value.
     *
     * @param name its name
     * @return the value, if present
     */
    public Optional<String> header(String name) {
        return response.headers().firstValue(name);
    }

    /**
     * Fails the test unless the status is the expected one.
     *
     * @param status the expected status
     * @return this answer
     */
    public ApiResponse expect(int status) {
        if (status() != status) {
            throw new AssertionError("expected " + status + ", got " + status() + " " + body());
        }
        return this;
    }

    /**
     * Fails the test unless the answer is an {@code application/problem+json} problem of the given
     * status and code, with a detail; returns the problem.
     *
     * @param status the expected status
     * @param code   the expected problem code
     * @return the problem
     */
    public JsonNode problem(int status, String code) {
        expect(status);
        String type = header("Content-Type").orElse("");
        if (!type.startsWith("application/problem+json")) {
            throw new AssertionError("a problem is application/problem+json, not " + type + ": " + body());
        }
        JsonNode problem = json();
        if (!code.equals(problem.path("code").asText())) {
            throw new AssertionError("expected problem " + code + ", got " + body());
        }
        if (problem.path("detail").asText().isBlank()) {
            throw new AssertionError("a problem says what went wrong in its detail: " + body());
        }
        return problem;
    }
}
