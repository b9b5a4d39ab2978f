package agora.platform.events;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import agora.platform.data.Database;
import agora.platform.data.Platform;
import agora.platform.data.TerritoryCode;
import agora.platform.data.migrate.ServiceMigrations;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A service deployed on its own hears {@code territory.created} through JetStream, migrates its
 * tables into the new territory and only then serves it.
 */
class NewTerritoryTest {

    @Test
    void aServiceOnItsOwnMigratesANewTerritoryWhenItHearsOfIt() throws Exception {
        Platform platform = Harness.platform();
        String prefix = Harness.uniquePrefix();
        TerritoryCode lithuania = TerritoryCode.of("LT");
        EventsConfig config = new EventsConfig(Optional.of(JetStreamEventsTest.NATS), prefix, Duration.ofDays(7), 3,
                Duration.ofSeconds(2), Duration.ofMillis(20));
        List<ServiceMigrations> ledgerTables = List.of(ServiceMigrations.of("ledger", Harness.class),
                Events.migrations("ledger"));
        try (Events territoryService = Events.create(config, platform);
             Events ledgerService = Events.create(config, platform)) {
            Outbox outbox = territoryService.podOutbox("territory");
            ledgerService.migrateNewTerritories("ledger", ledgerTables);
            territoryService.start();
            ledgerService.start();

            // The registry knows the territory; the ledger service has not migrated it.
            platform.database().inGlobal(db -> {
                db.insert("INSERT INTO territories (code, name, language, status, created_at, updated_at)"
                        + " VALUES ('LT', 'Lietuva', 'lt', 'active', ?, ?) ON CONFLICT (code) DO NOTHING",
                        Database.timestamp(Instant.now()), Database.timestamp(Instant.now()));
                return outbox.append(db, EventScope.pod(), TerritoryCreated.TYPE, "LT", 1,
                        new TerritoryCreated("LT", "Lietuva", "lt"));
            });
            assertFalse(platform.readiness().isReady(lithuania));

            Harness.await("the ledger service is ready in LT", () -> platform.readiness().isReady(lithuania));
            long entries = platform.database().inTerritory(lithuania, db -> db.get(
                    "SELECT count(*) AS n FROM ledger_entries").orElseThrow().column("n").get(Long.class));
            assertEquals(0, entries);
        } finally {
            Streams.delete(JetStreamEventsTest.NATS, prefix);
        }
    }
}
