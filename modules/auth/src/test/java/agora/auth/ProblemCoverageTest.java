package agora.auth;

import java.util.List;
import java.util.Set;

import agora.platform.host.testing.ProblemCoverage;
import agora.platform.host.testing.TestHost;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every problem type auth's API document declares for a route was produced by some test against
 * that route (the test kit records every problem answer its client receives). Runs after the
 * module's other tests ({@code junit-platform.properties} orders classes by {@link Order}); run on
 * its own it has nothing to compare and is skipped.
 */
@Order(Integer.MAX_VALUE)
class ProblemCoverageTest {
    /**
     * Answered alike on every route before auth's handler runs, by the platform (territory
     * resolution, JSON reading and limits, the guards, an unavailable backend), and proven route by
     * route nowhere: one occurrence on any auth route counts for all.
     */
    static final Set<String> COMMON = Set.of("territory-required", "unknown-territory", "territory-inactive",
            "territory-provisioning", "malformed-json", "json-limit-exceeded", "payload-too-large",
            "unsupported-media-type", "unavailable", "unauthenticated", "invalid-token", "token-expired",
            "token-not-yet-valid", "wrong-territory", "session-revoked", "account-deleted", "forbidden",
            "two-factor-enrolment-required", "account-suspended", "operator-token-required",
            "browser-request-refused", "host-not-loopback");
    /* The operator listener's routes are not checked yet (its document adds 401/403 to each). */
    private static final List<String> AUTH_PATHS = List.of("/api/auth/", "/.well-known/jwks.json",
            "/verify-email", "/reset-password", "/confirm-email");

    @Test
    void everyDeclaredProblemTypeWasProducedOnItsRoute() {
        Assumptions.assumeFalse(ProblemCoverage.recorded().isEmpty(),
                "run with the module's other tests: on its own there is nothing to compare");
        try (TestHost host = TestHost.with(TestHost.service("territory"), new AuthService()).territory("CH").start()) {
            JsonNode publicDocument = host.api().header("Accept", "application/json").get("/openapi").expect(200).json();
            List<ProblemCoverage.Declared> declared = new java.util.ArrayList<>(
                    ProblemCoverage.declared(publicDocument, ProblemCoverageTest::auths));
            List<String> gaps = new java.util.ArrayList<>(
                    ProblemCoverage.gaps(declared, ProblemCoverage.recorded(), COMMON));
            gaps.removeAll(knownGaps());
            assertEquals(List.of(), gaps, gaps.size() + " declared problem types no test produced on their route "
                    + "(write the test, or correct the document); what was produced: target/problem-coverage.tsv");
        }
    }

    /*
     * Gaps known when the check came (problem-coverage-known-gaps.txt, with why each is left): the
     * check fails on any other, so the list only shrinks. Most are the platform's answers no auth
     * test provokes on any route (a territory being provisioned, a token not yet valid).
     */
    private static List<String> knownGaps() {
        try (var in = ProblemCoverageTest.class.getResourceAsStream("/problem-coverage-known-gaps.txt")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines()
                    .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean auths(String path) {
        return AUTH_PATHS.stream().anyMatch(path::startsWith);
    }
}
