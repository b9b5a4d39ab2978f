package agora.user;

import java.util.ArrayList;
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
 * Every problem type the user service's API document declares for a route was produced by some
 * test against that route. Runs after the module's other tests ({@code junit-platform.properties});
 * on its own it has nothing to compare and is skipped.
 */
@Order(Integer.MAX_VALUE)
class ProblemCoverageTest {
    /**
     * Answered alike on every route by the platform before the service's handler runs (territory,
     * JSON reading and limits, the guards), and proven by the platform's and auth's tests: the user
     * service's own codes and the platform codes its handlers raise (validation, cursors,
     * parameters) are the ones checked here, route by route.
     */
    static final Set<String> COMMON = Set.of("territory-required", "unknown-territory", "territory-inactive",
            "territory-provisioning", "malformed-json", "json-limit-exceeded", "payload-too-large",
            "unsupported-media-type", "unavailable", "unauthenticated", "invalid-token", "token-expired",
            "token-not-yet-valid", "wrong-territory", "session-revoked", "account-deleted", "forbidden",
            "account-suspended");

    @Test
    void everyDeclaredProblemTypeWasProducedOnItsRoute() {
        Assumptions.assumeFalse(ProblemCoverage.recorded().isEmpty(),
                "run with the module's other tests: on its own there is nothing to compare");
        try (TestHost host = TestHost.with(TestHost.service("territory"), TestHost.service("auth"), new UserService())
                .territory("US").start()) {
            JsonNode document = host.api().header("Accept", "application/json").get("/openapi").expect(200).json();
            List<ProblemCoverage.Declared> declared = ProblemCoverage.declared(document,
                    path -> path.startsWith("/api/users"));
            List<String> gaps = new ArrayList<>(ProblemCoverage.gaps(declared, ProblemCoverage.recorded(), COMMON));
            gaps.removeIf(gap -> COMMON.contains(gap.substring(gap.lastIndexOf(' ') + 1)));
            assertEquals(List.of(), gaps, gaps.size() + " declared problem types no test produced on their route "
                    + "(write the test, or correct the document); what was produced: target/problem-coverage.tsv");
        }
    }
}
