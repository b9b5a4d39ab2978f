package agora.platform.events;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import agora.platform.core.Traceparent;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contract every transport keeps: the in-process bus and JetStream run the same tests. */
abstract class EventContract {

    abstract Harness harness();

    @Test
    void theEventTablesAreUpToDateAfterMigratingSoTheNextStartSkipsFlyway() {
        Harness harness = harness();
        // The events migrations carry a placeholder (${service}); the carried checksums must still
        // match Flyway's, or every start would run Flyway again.
        for (agora.platform.data.migrate.ServiceMigrations set : Harness.migrations()) {
            assertTrue(Harness.platform().migrator().upToDate(harness.territory.schema(), set), set.name());
        }
    }

    @Test
    void anEventOfARolledBackTransactionIsNeverPublished() {
        Harness harness = harness();
        String rolledBack = "rolled-back-" + Harness.note();
        assertThrows(IllegalStateException.class, () -> Harness.platform().database().runInTerritory(harness.territory,
                tx -> {
                    harness.outbox.append(tx, EventScope.territory(harness.territory), Harness.SALE, "agg-rb", 1,
                            new Harness.Sale(rolledBack));
                    throw new IllegalStateException("the change failed");
                }));
        String marker = "marker-" + Harness.note();
        harness.sell("agg-marker-" + marker, 1, marker);
        Harness.await("the marker is applied", () -> harness.applied(marker) == 1);
        assertEquals(0, harness.applied(rolledBack));
    }

    @Test
    void committedEventsAreAppliedOnceInOrderPerAggregate() {
        Harness harness = harness();
        String run = "order-" + Harness.note() + "-";
        for (int version = 1; version <= 10; version++) {
            for (int aggregate = 0; aggregate < 5; aggregate++) {
                harness.sell(run + aggregate, version, run + aggregate + "-" + version);
            }
        }
        Harness.await("50 events are applied", () -> harness.applied(run) == 50);
        assertEquals(List.of(), harness.orderViolations);
        assertEquals(50, harness.applied(run));
    }

    @Test
    void anEventPublishedTwiceHasOneEffect() {
        Harness harness = harness();
        String note = "twice-" + Harness.note();
        Event event = harness.sell("agg-" + note, 1, note);
        Harness.await("the event is applied", () -> harness.applied(note) == 1);
        // As if the relay crashed after publishing but before marking the row sent.
        Harness.platform().database().runInTerritory(harness.territory, tx -> tx.update(
                "UPDATE shop_outbox SET sent_at = NULL WHERE id = ?", event.id()));
        harness.events.refresh();
        Harness.await("the row is sent again", () -> harness.unsent() == 0);
        String marker = "after-twice-" + Harness.note();
        harness.sell("agg-" + marker, 1, marker);
        Harness.await("a later event is applied", () -> harness.applied(marker) == 1);
        assertEquals(1, harness.applied(note));
    }

    @Test
    void aTransientFailureIsRetried() {
        Harness harness = harness();
        String note = "flaky-" + Harness.note();
        harness.failuresLeft.put(note, 2);
        harness.sell("agg-" + note, 1, note);
        Harness.await("the event is applied after two failures", () -> harness.applied(note) == 1);
        assertEquals(1, harness.applied(note));
    }

    @Test
    void aBackendOutageIsWaitedOutHoweverManyAttemptsItTakesAndNeverDeadLettersTheEvent() {
        Harness harness = harness();
        String note = "outage-" + Harness.note();
        // Twice as many failed attempts as max deliveries allows for an event that cannot be applied.
        harness.outagesLeft.put(note, 6);
        Event event = harness.sell("agg-" + note, 1, note);
        Harness.await("the event is applied once the backend is back", () -> harness.applied(note) == 1);
        assertEquals(Optional.empty(), deadLetterOf(harness, event.id()));
    }

    @Test
    void anEventThatKeepsFailingIsDeadLetteredAndCanBeReplayed() {
        Harness harness = harness();
        String note = "poison-" + Harness.note();
        harness.poisoned.add(note);
        Event event = harness.sell("agg-" + note, 1, note);
        Harness.await("a dead letter exists", () -> deadLetterOf(harness, event.id()).isPresent());
        DeadLetter dead = deadLetterOf(harness, event.id()).orElseThrow();
        assertEquals(3, dead.attempts());
        assertTrue(dead.error().contains("poisoned"), dead.error());
        assertEquals(0, harness.applied(note));

        harness.poisoned.remove(note);
        DeadLetter replayed = harness.events.replay("ledger", EventScope.territory(harness.territory), dead.id());
        assertTrue(replayed.replayedAt().isPresent());
        assertEquals(1, harness.applied(note));
        // A second replay has no second effect.
        harness.events.replay("ledger", EventScope.territory(harness.territory), dead.id());
        assertEquals(1, harness.applied(note));
    }

    @Test
    void traceContextTravelsWithTheEvent() throws Exception {
        Harness harness = harness();
        String note = "trace-" + Harness.note();
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        Traceparent.runWith(Optional.of(traceparent), () -> harness.sell("agg-" + note, 1, note));
        Harness.await("the event is applied", () -> harness.applied(note) == 1);
        String seen = Harness.platform().database().inTerritory(harness.territory, tx -> tx.get(
                "SELECT traceparent FROM ledger_entries WHERE note = ?", note).orElseThrow()
                .column("traceparent").get(String.class));
        assertEquals(traceparent, seen);
    }

    @Test
    void housekeepingRemovesWhatIsPastTheRetentionHorizon() {
        Harness harness = harness();
        String note = "old-" + Harness.note();
        Event event = harness.sell("agg-" + note, 1, note);
        Harness.await("the event is applied and sent", () -> harness.applied(note) == 1 && harness.unsent() == 0);
        Harness.CLOCK.advance(Duration.ofDays(8));
        try {
            assertTrue(harness.events.housekeep() >= 2);
        } finally {
            Harness.CLOCK.advance(Duration.ofDays(-8));
        }
        long left = Harness.platform().database().inTerritory(harness.territory, tx -> tx.get(
                "SELECT (SELECT count(*) FROM shop_outbox WHERE id = ?) + (SELECT count(*) FROM ledger_processed_events"
                        + " WHERE event_id = ?) AS n", event.id(), event.id()).orElseThrow().column("n").get(Long.class));
        assertEquals(0, left);
    }

    private static Optional<DeadLetter> deadLetterOf(Harness harness, UUID eventId) {
        return harness.events.deadLetters("ledger", EventScope.territory(harness.territory), 100).stream()
                .filter(dead -> dead.eventId().equals(eventId))
                .findFirst();
    }
}
