package agora.user.export;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import agora.platform.contract.TerritoryCode;
import agora.platform.core.problem.ProblemException;
import agora.platform.state.RateLimiter;
import agora.platform.state.SharedState;

import io.helidon.config.Config;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Who may start an export, on the in-process limiter a single-process pod uses. */
class ExportGateTest {
    private static final TerritoryCode NZ = TerritoryCode.of("NZ");

    private static ExportGate gate(int perHour, int concurrent) {
        SharedState state = SharedState.from(Config.empty(), Clock.systemUTC());
        return new ExportGate(state.rateLimiter("user-export"), new ExportSettings(
                List.of(new RateLimiter.Limit(perHour, Duration.ofHours(1))), Duration.ofMinutes(5), concurrent));
    }

    @Test
    void oneExportAtATimePerMemberAndTheSlotIsFreeAgainAfterwards() {
        ExportGate gate = gate(10, 5);
        UUID member = UUID.randomUUID();
        try (ExportGate.Pass first = gate.enter(NZ, member)) {
            ProblemException busy = assertThrows(ProblemException.class, () -> gate.enter(NZ, member));
            assertEquals("export-in-progress", busy.kind().code());
            // Another member, or the same id in another territory, is not held up.
            gate.enter(NZ, UUID.randomUUID()).close();
            gate.enter(TerritoryCode.of("EG"), member).close();
            first.delivered();
        }
        gate.enter(NZ, member).close();
    }

    @Test
    void aDeliveredExportCountsAndAFailedOneGivesItsPermitBack() {
        ExportGate gate = gate(2, 5);
        UUID member = UUID.randomUUID();
        for (int i = 0; i < 5; i++) {
            gate.enter(NZ, member).close(); // failed: not delivered, costs nothing
        }
        for (int i = 0; i < 2; i++) {
            try (ExportGate.Pass pass = gate.enter(NZ, member)) {
                pass.delivered();
            }
        }
        ProblemException throttled = assertThrows(ProblemException.class, () -> gate.enter(NZ, member));
        assertEquals(429, throttled.kind().status());
        // A refusal by the quota gives the slot back: asking again is the quota's 429, not "in progress".
        ProblemException again = assertThrows(ProblemException.class, () -> gate.enter(NZ, member));
        assertEquals(429, again.kind().status(), "still the quota, not a held slot");
    }

    @Test
    void aBusyProcessSaysSoAndFreesWhatItTook() {
        ExportGate gate = gate(10, 1);
        UUID second = UUID.randomUUID();
        try (ExportGate.Pass ignored = gate.enter(NZ, UUID.randomUUID())) {
            ProblemException busy = assertThrows(ProblemException.class, () -> gate.enter(NZ, second));
            assertEquals(503, busy.kind().status());
        }
        gate.enter(NZ, second).close();
    }
}
