package agora.platform.data;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import agora.platform.contract.TerritoryCode;
import agora.platform.data.audit.AuditEntry;
import agora.platform.data.audit.AuditLog;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The audit trail: written with the action's transaction, read newest first with filters. */
class AuditLogTest {
    private static final TerritoryCode TERRITORY = TerritoryCode.of("MT");
    private static Platform platform;
    private static AuditLog audit;

    @BeforeAll
    static void migrate() {
        platform = TestPlatform.get();
        TestPlatform.territory("MT", "active", List.of());
        platform.migrator().migrateTerritory(TERRITORY, List.of(AuditLog.migrations("gamma")));
        audit = AuditLog.of("gamma", platform.ids()::next, platform.clock(), platform.json().mapper());
    }

    @Test
    void anEntryIsKeptOnlyWhenItsActionCommits() {
        String target = UUID.randomUUID().toString();
        assertThrows(IllegalStateException.class, () -> platform.database().runInTerritory(TERRITORY, db -> {
            audit.record(db, Optional.empty(), "gamma.thing.removed", Optional.of(target), Optional.empty(), Map.of());
            throw new IllegalStateException("the action failed");
        }));
        assertEquals(List.of(), read(new AuditLog.Filter(Optional.of(target), Optional.empty(), Optional.empty())));
    }

    @Test
    void entriesReadNewestFirstByTargetActorAndActionPrefix() {
        UUID actor = UUID.randomUUID();
        String target = UUID.randomUUID().toString();
        platform.database().runInTerritory(TERRITORY, db -> {
            audit.record(db, Optional.of(actor), "gamma.account.suspended", Optional.of(target), Optional.of("10.0.0.1"),
                    Map.of("reason", "spam"));
            audit.record(db, Optional.of(actor), "gamma.account.reactivated", Optional.of(target), Optional.empty(),
                    Map.of());
            audit.record(db, Optional.empty(), "gamma.login.failed", Optional.empty(), Optional.of("10.0.0.2"), Map.of());
        });
        List<AuditEntry> about = read(new AuditLog.Filter(Optional.of(target), Optional.empty(), Optional.empty()));
        assertEquals(List.of("gamma.account.reactivated", "gamma.account.suspended"),
                about.stream().map(AuditEntry::action).toList());
        assertEquals("spam", about.get(1).details().get("reason"));
        assertEquals(Optional.of("10.0.0.1"), about.get(1).clientAddress());
        assertEquals(2, read(new AuditLog.Filter(Optional.empty(), Optional.of(actor), Optional.empty())).size());
        assertEquals(2, read(new AuditLog.Filter(Optional.of(target), Optional.empty(), Optional.of("gamma.account")))
                .size());
        assertTrue(read(new AuditLog.Filter(Optional.of(target), Optional.empty(), Optional.of("gamma.acc"))).isEmpty(),
                "a prefix matches whole segments");
        List<AuditEntry> first = platform.database().inTerritory(TERRITORY, db -> audit.page(db,
                new AuditLog.Filter(Optional.of(target), Optional.empty(), Optional.empty()), Optional.empty(), 1));
        List<AuditEntry> next = platform.database().inTerritory(TERRITORY, db -> audit.page(db,
                new AuditLog.Filter(Optional.of(target), Optional.empty(), Optional.empty()),
                Optional.of(first.getFirst().id()), 1));
        assertEquals("gamma.account.suspended", next.getFirst().action());
    }

    @Test
    void actionCodesAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> platform.database().runInTerritory(TERRITORY, db ->
                audit.record(db, Optional.empty(), "Not A Code", Optional.empty(), Optional.empty(), Map.of())));
    }

    private static List<AuditEntry> read(AuditLog.Filter filter) {
        return platform.database().inTerritory(TERRITORY, db -> audit.page(db, filter, Optional.empty(), 100));
    }
}
