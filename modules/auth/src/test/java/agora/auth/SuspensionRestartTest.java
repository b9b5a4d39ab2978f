package agora.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import agora.platform.contract.TerritoryCode;
import agora.platform.host.testing.Eventually;
import agora.platform.host.testing.Member;
import agora.platform.host.testing.TestHost;
import agora.platform.testing.Body;
import agora.platform.testing.TestClock;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A suspension's term ends it even when the process that set it is gone: the timer is in the database. */
class SuspensionRestartTest {
    private static final String CODE = "MK";
    private static final TerritoryCode TERRITORY = TerritoryCode.of(CODE);

    private static TestHost start(TestClock clock) {
        return TestHost.with(TestHost.service("territory"), new AuthService()).territory(CODE).clock(clock)
                .config(Map.of("agora.timers.poll-interval", "PT0.1S",
                        "agora.auth.email.verification-link", "https://agora.example/verify-email"))
                .start();
    }

    @Test
    void aTermEndsAcrossARestart() {
        TestClock clock = new TestClock(Instant.now());
        UUID member;
        try (TestHost pod = start(clock)) {
            Member admin = pod.signIns().admin();
            Member suspended = pod.signIns().member(admin);
            member = suspended.id();
            pod.api().as(admin.access()).post("/api/auth/accounts/" + member + "/suspend",
                    Body.of("reason", "Cooling off", "until", clock.instant().plus(Duration.ofMinutes(30)).toString()))
                    .expect(200);
            assertEquals("suspended", status(pod, member));
        }
        // While no process runs, the term passes; the next process to start ends the suspension.
        clock.advance(Duration.ofMinutes(31));
        try (TestHost pod = start(clock)) {
            Eventually.within(Duration.ofSeconds(10), () -> status(pod, member), "active"::equals);
            String how = pod.host().platform().database().inTerritory(TERRITORY, db -> db.get(
                    "SELECT data->>'how' AS how FROM auth_outbox WHERE aggregate = ? AND type LIKE '%account_reactivated'",
                    member.toString()).orElseThrow().column("how").get(String.class));
            assertEquals("expired", how);
        }
    }

    private static String status(TestHost pod, UUID account) {
        return pod.host().platform().database().inTerritory(TERRITORY, db -> db.get(
                "SELECT status FROM auth_accounts WHERE id = ?", account).orElseThrow().column("status").get(String.class));
    }
}
