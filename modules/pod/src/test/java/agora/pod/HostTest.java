package agora.pod;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import agora.auth.api.AccountFacts;
import agora.auth.api.AuthEvents;
import agora.platform.contract.EventType;
import agora.platform.contract.TerritoryCode;
import agora.platform.core.problem.ProblemException;
import agora.platform.host.AgoraService;
import agora.platform.host.Mount;
import agora.platform.host.testing.ApiClient;
import agora.platform.host.testing.Eventually;
import agora.platform.host.testing.TestHost;
import agora.platform.testing.Body;
import agora.platform.testing.TestClock;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the host does for every service: durable timers, background loops, declared events, facts. */
class HostTest {
    private static final String FAST_TIMERS = "PT0.1S";

    private static TestHost start(Alarms alarms, TestClock clock) {
        return TestHost.with(TestHost.service("territory"), alarms).territory("MT").clock(clock)
                .config("agora.timers.poll-interval", FAST_TIMERS).start();
    }

    @Test
    void aTimerFiresOnceWhenItsTimeComesAndSurvivesARestart() {
        TestClock clock = new TestClock(Instant.now());
        String tea = "tea-" + UUID.randomUUID();
        String nap = "nap-" + UUID.randomUUID();
        Alarms first = new Alarms();
        try (TestHost host = start(first, clock)) {
            host.api().post("/api/alarms", Body.of("label", tea, "seconds", 60)).expect(201);
            host.api().post("/api/alarms", Body.of("label", nap, "seconds", 3600)).expect(201);
            clock.advance(Duration.ofSeconds(59));
            twoTimerPasses(host);
            assertFalse(first.rang.contains("MT:" + tea), "not before its time");
            clock.advance(Duration.ofSeconds(2));
            Eventually.within(Duration.ofSeconds(5), () -> first.rang, rang -> rang.contains("MT:" + tea));
        }
        // The process stops; an hour later another one starts and rings the nap alarm it never saw set.
        Alarms second = new Alarms();
        TestClock later = new TestClock(clock.instant().plus(Duration.ofHours(2)));
        try (TestHost host = start(second, later)) {
            Eventually.within(Duration.ofSeconds(5), () -> second.rang, rang -> rang.contains("MT:" + nap));
            twoTimerPasses(host);
            assertEquals(1, rows(host, nap), "rung once");
            assertEquals(1, rows(host, tea), "rung once, and not again after the restart");
            assertFalse(second.rang.contains("MT:" + tea));
        }
    }

    @Test
    void aTimerWhoseHandlerFailsIsTriedAgainUntilItFiresAndTheFailuresAreCounted() {
        TestClock clock = new TestClock(Instant.now());
        Alarms alarms = new Alarms();
        String label = "flaky-" + UUID.randomUUID();
        try (TestHost host = start(alarms, clock)) {
            host.api().post("/api/alarms", Body.of("label", label, "seconds", 0)).expect(201);
            Eventually.within(Duration.ofSeconds(5), alarms.failures::get, failures -> failures >= 1);
            // Retries wait 1 s, then 2 s, on the process's clock.
            for (int i = 0; i < 3 && !alarms.rang.contains("MT:" + label); i++) {
                clock.advance(Duration.ofSeconds(2));
                twoTimerPasses(host);
            }
            Eventually.within(Duration.ofSeconds(5), () -> alarms.rang, rang -> rang.contains("MT:" + label));
            assertEquals(1, rows(host, label));
            String metrics = host.api().header("Accept", "text/plain").get("/observe/metrics").expect(200).body();
            assertTrue(metrics.contains("agora_timers_fired_total{") && metrics.contains("outcome=\"failed\""), metrics);
            assertTrue(metrics.contains("agora_timers_overdue{"), metrics);
        }
    }

    @Test
    void everyTerritoryIsSeededFromTheServicesFilesOnceAndAgainAfterARestartNothingDoubles() {
        try (TestHost host = start(new Alarms(), new TestClock(Instant.now()))) {
            host.createTerritory("LI");
            assertEquals(List.of("evening", "morning"), presets(host, "LI"));
        }
        try (TestHost host = start(new Alarms(), new TestClock(Instant.now()))) {
            assertEquals(List.of("evening", "morning"), presets(host, "LI"), "replayed at start, nothing doubled");
            assertEquals(List.of("evening", "morning"), presets(host, "MT"));
        }
    }

    @Test
    void aBackgroundLoopThatThrowsKeepsRunningAndHealthShowsIt() {
        Alarms alarms = new Alarms();
        try (TestHost host = start(alarms, new TestClock(Instant.now()))) {
            Eventually.within(Duration.ofSeconds(5), alarms.sweeps::get, sweeps -> sweeps > 6);
            JsonNode health = Eventually.within(Duration.ofSeconds(5),
                    () -> host.api().get("/observe/health").json(),
                    body -> body.toString().contains("alarms-sweep"));
            assertEquals("UP", health.get("status").asText(), health.toString());
            JsonNode loops = health.get("checks").findParent("alarms-sweep");
            assertTrue(loops.get("alarms-sweep").asText().matches("running; \\d+ runs, last success .*"), health.toString());
        }
    }

    @Test
    void aLoopThatEndsMakesTheProcessNotReadyAndHealthSaysWhich() {
        AgoraService doomed = new AgoraService() {
            @Override
            public String name() {
                return "doomed";
            }

            @Override
            public void mount(Mount mount) {
                // What the JVM throws when it cannot go on (out of memory): the one thing a loop does not survive.
                mount.repeat("worker", Duration.ofMillis(10), Duration.ofMillis(10), () -> {
                    throw new InternalError("simulated");
                });
            }
        };
        try (TestHost host = TestHost.with(TestHost.service("territory"), doomed).territory("MT").start()) {
            ApiClient api = host.api();
            JsonNode ready = Eventually.within(Duration.ofSeconds(5), () -> api.get("/observe/health/ready"),
                    response -> response.status() == 503).json();
            JsonNode loops = ready.get("checks").findParent("doomed-worker");
            assertTrue(loops.get("doomed-worker").asText().startsWith("ended unexpectedly"), ready.toString());
            assertTrue(loops.get("events-outbox-listener").asText().startsWith("running"), ready.toString());
            assertTrue(ready.toString().contains("\"name\":\"loops\",\"status\":\"DOWN\""), ready.toString());
        }
    }

    @Test
    void healthSaysWhetherEveryListenerAcceptsConnections() {
        try (TestHost host = start(new Alarms(), new TestClock(Instant.now()))) {
            JsonNode health = host.api().get("/observe/health").json();
            JsonNode listeners = health.get("checks").findParent("restarts");
            assertEquals("accepting connections", listeners.get("listeners").asText(), health.toString());
            assertEquals(0, listeners.get("restarts").asInt());
        }
    }

    @Test
    void withNoCorsOriginConfiguredEveryPreflightIsRefused() {
        try (TestHost host = start(new Alarms(), new TestClock(Instant.now()))) {
            JsonNode refused = host.api().header("Origin", "https://app.agora.test")
                    .header("Access-Control-Request-Method", "POST")
                    .send("OPTIONS", "/api/alarms", null).problem(403, "origin-not-allowed");
            assertFalse(refused.toString().contains("Access-Control-Allow-Origin"));
            // Not a preflight: OPTIONS still lists the methods.
            assertEquals(204, host.api().send("OPTIONS", "/api/alarms", null).status());
        }
    }

    @Test
    void aSubscriptionToAnEventTypeNoCatalogDeclaresStopsTheStart() {
        EventType<AuthEvents.SessionRevoked> misspelt =
                new EventType<>("auth", "sesion_revoked", AuthEvents.SessionRevoked.class);
        AgoraService listener = new AgoraService() {
            @Override
            public String name() {
                return "listener";
            }

            @Override
            public void mount(Mount mount) {
                mount.subscription("revocations", "auth").on(misspelt, (db, event, revoked) -> { });
            }
        };
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> TestHost.with(listener).territory("MT").start().close());
        assertTrue(refused.getMessage().contains("auth.sesion_revoked"), refused.getMessage());
    }

    @Test
    void factsNobodyAnswersAreA503AndTheInternalListenerAnswersOnlyServicesOfThePod() {
        try (TestHost host = start(new Alarms(), new TestClock(Instant.now()))) {
            ProblemException nobody = assertThrows(ProblemException.class,
                    () -> host.host().facts(AccountFacts.class).status(TerritoryCode.of("MT"), UUID.randomUUID()));
            assertEquals(503, nobody.kind().status());
            String path = "/internal/facts/" + AccountFacts.class.getName() + "/status";
            JsonNode call = Body.array("MT", UUID.randomUUID().toString());
            host.internal().post(path, call).problem(401, "unauthenticated");
            host.internal().as("v1.auth.9999999999.forged").post(path, call).problem(401, "unauthenticated");
            assertEquals(404, host.api().post(path, call).status(), "not on the public listener");
        }
    }

    @Test
    void theInternalListenerAnswersOnlyCallsWithAValidServiceTokenAndAWellFormedCall() throws Exception {
        String secret = "a shared secret of this test, forty characters";
        try (TestHost host = TestHost.with(TestHost.service("territory"), TestHost.service("auth")).territory("MT")
                .config("agora.internal.secret", secret).start()) {
            String status = "/internal/facts/" + AccountFacts.class.getName() + "/status";
            long soon = host.clock().instant().plusSeconds(60).getEpochSecond();
            ApiClient asAuth = host.internal().as(token(secret, "probe", soon));
            // An account auth does not know is deleted, as the contract says.
            assertEquals("\"DELETED\"", asAuth.post(status, Body.array("MT", UUID.randomUUID().toString()))
                    .expect(200).body());
            asAuth.post(status, Body.array("MT")).problem(400, "bad-request");
            asAuth.post(status, Body.array("MT\u0000", UUID.randomUUID().toString())).problem(400, "bad-request");
            asAuth.post(status, Body.array("MT", "x".repeat(100_000))).problem(400, "bad-request");
            asAuth.post(status, Body.of("territory", "MT")).problem(400, "bad-request");
            asAuth.post("/internal/facts/" + AccountFacts.class.getName() + "/drop", Body.array())
                    .problem(404, "no-such-facts");
            asAuth.post("/internal/facts/java.lang.Runtime/exit", Body.array(0)).problem(404, "no-such-facts");
            host.internal().as(token(secret, "probe", host.clock().instant().minusSeconds(1).getEpochSecond()))
                    .post(status, Body.array("MT", UUID.randomUUID().toString())).problem(401, "unauthenticated");
            host.internal().as(token("another secret of forty characters, not ours", "probe", soon))
                    .post(status, Body.array("MT", UUID.randomUUID().toString())).problem(401, "unauthenticated");
        }
    }

    /** A service token as the host's documentation describes it, made here independently of its code. */
    private static String token(String secret, String caller, long expiry) throws Exception {
        String payload = "v1." + caller + "." + expiry;
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "HmacSHA256"));
        return payload + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static List<String> presets(TestHost host, String territory) {
        return host.host().platform().database().inTerritory(TerritoryCode.of(territory), db -> db.query(
                "SELECT label FROM alarms_presets ORDER BY label").map(row -> row.column("label").get(String.class))
                .toList());
    }

    private static long rows(TestHost host, String label) {
        return host.host().platform().database().inTerritory(TerritoryCode.of("MT"), db -> db.get(
                "SELECT count(*) AS n FROM alarms_rung WHERE label = ?", label).orElseThrow().column("n").get(Long.class));
    }

    /** Waits until the timer loop has made two more passes: time enough to do what it should not. */
    private static void twoTimerPasses(TestHost host) {
        long before = timerRuns(host);
        Eventually.within(Duration.ofSeconds(5), () -> timerRuns(host), runs -> runs >= before + 2);
    }

    private static long timerRuns(TestHost host) {
        JsonNode loops = host.api().get("/observe/health").json().get("checks").findParent("timers");
        String timers = loops == null ? "" : loops.get("timers").asText();
        java.util.regex.Matcher runs = java.util.regex.Pattern.compile("(\\d+) runs").matcher(timers);
        return runs.find() ? Long.parseLong(runs.group(1)) : 0;
    }
}
