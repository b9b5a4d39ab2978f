package agora.auth;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.LogRecord;

import agora.auth.api.AccountDirectory;
import agora.auth.api.AccountFacts;
import agora.auth.api.AccountStatus;
import agora.auth.api.AccountSuspensions;
import agora.auth.api.SigningKeys;
import agora.platform.contract.ProblemKind;
import agora.platform.contract.TerritoryCode;
import agora.platform.contract.export.MemberExportContribution;
import agora.platform.host.Contribution;
import agora.platform.host.testing.Eventually;
import agora.platform.host.testing.TestHost;
import agora.platform.testing.Body;
import agora.platform.testing.LogCapture;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a freshly started auth declares to the pod, beside its routes ({@link RoutesServedTest}):
 * the facts and contributions other services call, its problem codes in the served API document,
 * each territory's keys made at start, its housekeeping among the loops health reports, and its
 * lines in the start-up log. The host starts inside the test, so a declaration left out of
 * {@link AuthService#mount} shows here even when the classes it wires are tested on their own.
 */
class WiringTest {
    private static final TerritoryCode TERRITORY = TerritoryCode.of("NG");

    @Test
    void aStartedAuthDeclaresWhatThePodReliesOn() throws Exception {
        List<String> startLog;
        TestHost pod;
        try (LogCapture log = LogCapture.of("agora.platform.host.Host")) {
            pod = TestHost.with(TestHost.service("territory"), new AuthService()).territory(TERRITORY.value()).start();
            startLog = log.records().stream().map(LogRecord::getMessage).toList();
        }
        try (pod) {
            // Each territory's keys are made at start, before any request asks for them.
            List<String> keys = pod.host().platform().database().inTerritory(TERRITORY, db -> db.query(
                    "SELECT status FROM auth_signing_keys ORDER BY status").map(row -> row.column("status")
                    .get(String.class)).toList());
            assertEquals(List.of("current", "next"), keys, "made at start");

            // The facts and the contribution other services call.
            assertEquals(AccountStatus.DELETED, pod.host().facts(AccountFacts.class).status(TERRITORY, UUID.randomUUID()));
            assertEquals(List.of(), pod.host().facts(AccountDirectory.class).find(TERRITORY, List.of(UUID.randomUUID())));
            assertFalse(pod.host().facts(AccountSuspensions.class).lift(TERRITORY, UUID.randomUUID(), UUID.randomUUID())
                    .lifted(), "no such decision");
            assertTrue(pod.host().facts(SigningKeys.class).jwks(TERRITORY).contains("\"kty\""), "the key set");
            assertEquals(List.of("auth"), pod.host().contributions(MemberExportContribution.class).reachable().stream()
                    .map(Contribution::service).toList());

            // Auth's problem codes are in the served API document, so clients can rely on them.
            JsonNode document = pod.api().header("Accept", "application/json").get("/openapi").expect(200).json();
            List<String> listed = new ArrayList<>();
            document.at("/components/schemas/Problem/properties/code/enum").forEach(code -> listed.add(code.asText()));
            List<String> missing = AuthProblems.ALL.stream().map(ProblemKind::code).filter(code -> !listed.contains(code))
                    .toList();
            assertEquals(List.of(), missing, "auth's problem codes the document leaves out");

            // Housekeeping is one of the loops health reports.
            JsonNode health = pod.api().get("/observe/health").json();
            assertTrue(health.toString().contains("auth-housekeeping"), health.toString());

            // And the start-up log says where mail goes and how to get the first admin.
            String started = String.join("\n", startLog);
            assertTrue(started.contains("Mail:"), started);
            // It speaks of the territories served (which lack an admin depends on what ran before here).
            assertTrue(started.lines().anyMatch(line -> line.contains("First admin:") && line.contains("territory admin")),
                    started);

            // Auth's own events come back to the view's consumer, the second path of every change.
            var member = pod.signIns().admin();
            pod.api().post("/api/auth/logout", Body.of("refreshToken", member.refresh())).expect(204);
            Eventually.within(Duration.ofSeconds(10), () -> ViewConsumerMetrics.deliveries(pod, "NG", "applied"::equals),
                    count -> count >= 1);
        }
    }

    @Test
    void aStoppingAuthFinishesTheResetRequestsItHasQueued() {
        TestHost pod = TestHost.with(TestHost.service("territory"), new AuthService()).territory("SN").start();
        try (pod) {
            var admin = pod.signIns().admin();
            int before = pod.mail().to(admin.email()).size();
            for (int i = 0; i < 3; i++) {
                pod.api().post("/api/auth/password/reset-request", Body.of("email", admin.email())).expect(202);
            }
            pod.host().close();
            assertEquals(before + 3, pod.mail().to(admin.email()).size(), "the three reset links went out before the stop ended");
        }
    }

    /**
     * The keys are checked at start, not at the first sign-in: a pod restarted with another key
     * secret than its keys were sealed with refuses to start and names the setting, instead of
     * starting and failing every sign-in.
     */
    @Test
    void aRestartWithAnotherKeySecretRefusesToStart() {
        String code = "KN";
        // The run's own secret first: every host of the run opens every territory's keys at start.
        try (TestHost pod = TestHost.with(TestHost.service("territory"), new AuthService()).territory(code).start()) {
            assertEquals(200, pod.api().get("/.well-known/jwks.json").status());
        }
        byte[] other = Base64.getDecoder().decode(TestHost.KEYS_SECRET);
        other[0] ^= 1;
        RuntimeException refused = assertThrows(RuntimeException.class,
                () -> TestHost.with(TestHost.service("territory"), new AuthService()).territory(code)
                        .config(Map.of("agora.auth.keys.secret", Base64.getEncoder().encodeToString(other)))
                        .start().close());
        String told = messages(refused);
        assertTrue(told.contains("cannot be decrypted") && told.contains("AGORA_AUTH_KEYS_SECRET"), told);
    }

    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            all.append(cause.getMessage()).append('\n');
        }
        return all.toString();
    }
}
